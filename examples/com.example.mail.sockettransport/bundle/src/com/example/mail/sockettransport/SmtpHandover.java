package com.example.mail.sockettransport;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The few SMTP commands of a handover to a relay, over one socket: no extensions, no TLS, no AUTH. */
final class SmtpHandover implements AutoCloseable {

	/** One reply: its code and its last line. */
	record Reply(int code, String text) {
		boolean positive() {
			return code >= 200 && code < 400;
		}
	}

	private final Socket socket;
	private final BufferedReader in;
	private final OutputStream out;
	private final String helo;

	SmtpHandover(Socket socket, String heloName) throws IOException {
		this.socket = socket;
		this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
		this.out = socket.getOutputStream();
		this.helo = heloName == null || heloName.isBlank() ? "localhost" : heloName;
	}

	void greet() throws IOException {
		expect(read(), "greeting");
		expect(command("HELO " + helo), "HELO");
	}

	Reply command(String line) throws IOException {
		if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
			throw new IOException("a line break in an SMTP command");
		}
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return read();
	}

	/** Sends the message's bytes with dot-stuffing and the final "." and returns the relay's reply to it. */
	Reply data(byte[] message) throws IOException {
		ByteArrayOutputStream stuffed = new ByteArrayOutputStream(message.length + 64);
		boolean lineStart = true;
		for (byte b : message) {
			if (lineStart && b == '.') {
				stuffed.write('.');
			}
			stuffed.write(b);
			lineStart = b == '\n';
		}
		if (!lineStart) {
			stuffed.write('\r');
			stuffed.write('\n');
		}
		stuffed.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
		out.write(stuffed.toByteArray());
		out.flush();
		return read();
	}

	boolean isOpen() {
		return !socket.isClosed();
	}

	private Reply read() throws IOException {
		String line;
		do {
			line = in.readLine();
			if (line == null) {
				throw new IOException("the relay closed the connection");
			}
		} while (line.length() > 3 && line.charAt(3) == '-');
		try {
			return new Reply(Integer.parseInt(line.substring(0, 3)), line);
		} catch (NumberFormatException | StringIndexOutOfBoundsException e) {
			throw new IOException("not an SMTP reply: " + line);
		}
	}

	private static void expect(Reply reply, String step) throws IOException {
		if (!reply.positive()) {
			throw new IOException(step + " refused: " + reply.text());
		}
	}

	@Override
	public void close() throws IOException {
		try {
			if (!socket.isClosed()) {
				command("QUIT");
			}
		} catch (IOException e) {
			// the relay may hang up first
		} finally {
			socket.close();
		}
	}
}
