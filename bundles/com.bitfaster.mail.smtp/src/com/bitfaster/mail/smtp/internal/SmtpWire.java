package com.bitfaster.mail.smtp.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The SMTP dialogue's bytes on a socket taken over after sign-in: command lines and dot-stuffed message bodies are
 * gathered in one buffer and leave with one write when {@link #flush() flushed} (or when the buffer is full), and
 * replies are read and parsed, multi-line ones included. Not thread-safe: one sender thread at a time.
 */
final class SmtpWire {

	private static final byte CR = '\r';
	private static final byte LF = '\n';
	private static final byte DOT = '.';
	/** Room for a usual message and the next envelope, so that each message leaves with one write. */
	private static final int OUT_SIZE = 64 * 1024;

	private final InputStream in;
	private final OutputStream out;
	/** Where the dialogue is copied for Test Connection's transcript, or {@code null}. */
	private final OutputStream trace;
	private final byte[] outBuffer = new byte[OUT_SIZE];
	private int outCount;
	private final byte[] inBuffer = new byte[16 * 1024];
	private int inPos;
	private int inCount;
	/** The last reply's lines, without their line ends, joined by LF. */
	private byte[] reply = new byte[512];
	private int replyLength;
	private final StringBuilder command = new StringBuilder(256);

	SmtpWire(InputStream in, OutputStream out, OutputStream trace) {
		this.in = in;
		this.out = out;
		this.trace = trace;
	}

	/** @return an empty line to write the next command into; {@link #endCommand()} adds it to the output */
	StringBuilder command() {
		command.setLength(0);
		return command;
	}

	/** Adds the command line built in {@link #command()} and its CRLF to the output (UTF-8 when not ASCII). */
	void endCommand() throws IOException {
		int n = command.length();
		boolean ascii = true;
		for (int i = 0; i < n && ascii; i++) {
			ascii = command.charAt(i) < 128;
		}
		if (ascii) {
			if (OUT_SIZE - outCount < n + 2) {
				drain();
			}
			for (int i = 0; i < n; i++) {
				outBuffer[outCount++] = (byte) command.charAt(i);
			}
		} else {
			byte[] utf8 = command.toString().getBytes(StandardCharsets.UTF_8);
			put(utf8, 0, utf8.length);
		}
		putCrLf();
	}

	/**
	 * Adds a message body: a line that starts with "." gets another one (RFC 5321 4.5.2), a bare CR or LF becomes
	 * CRLF, and the body ends with CRLF. The final "." is {@link #endOfData()}. Large bodies leave in blocks as the
	 * buffer fills.
	 */
	void body(byte[] bytes) throws IOException {
		int n = bytes.length;
		int from = 0;
		boolean lineStart = true;
		for (int i = 0; i < n; i++) {
			byte b = bytes[i];
			if (b == LF) {
				if (i == 0 || bytes[i - 1] != CR) {
					put(bytes, from, i - from);
					putCrLf();
					from = i + 1;
				}
				lineStart = true;
			} else if (b == CR) {
				if (i + 1 == n || bytes[i + 1] != LF) {
					put(bytes, from, i - from);
					putCrLf();
					from = i + 1;
					lineStart = true;
				} else {
					lineStart = false;
				}
			} else {
				if (b == DOT && lineStart) {
					put(bytes, from, i - from);
					putByte(DOT);
					from = i; // the line's own "." follows with the rest of the line
				}
				lineStart = false;
			}
		}
		put(bytes, from, n - from);
		if (n > 0 && bytes[n - 1] != LF && bytes[n - 1] != CR) {
			putCrLf();
		}
	}

	/** Adds the final "." that ends a message: from here on the server may take it. */
	void endOfData() throws IOException {
		putByte(DOT);
		putCrLf();
	}

	/** Writes what was added since the last write, in one write. */
	void flush() throws IOException {
		drain();
		out.flush();
	}

	/**
	 * Reads one reply, all its lines.
	 *
	 * @return its code
	 * @throws EOFException when the server closed the connection
	 * @throws IOException  when the socket fails or times out, or the server's answer is not an SMTP reply
	 */
	int readReply() throws IOException {
		replyLength = 0;
		while (true) {
			if (replyLength > 0) {
				appendReply(LF);
			}
			int start = replyLength;
			readLine();
			int length = replyLength - start;
			int code = length < 3 ? -1 : code(start);
			if (code < 0) {
				throw new IOException("Not an SMTP reply: " + replyText()); //$NON-NLS-1$
			}
			if (length == 3 || reply[start + 3] != '-') {
				return code;
			}
		}
	}

	/** @return the text of the last reply read, its code included, lines joined by LF */
	String replyText() {
		return new String(reply, 0, replyLength, StandardCharsets.UTF_8).strip();
	}

	/** @return whether the server sent something nobody asked for (a 421 before it hung up, say) */
	boolean hasUnreadInput() throws IOException {
		return inPos < inCount || in.available() > 0;
	}

	private int code(int start) {
		int code = 0;
		for (int i = start; i < start + 3; i++) {
			int digit = reply[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			code = code * 10 + digit;
		}
		return code;
	}

	/** Appends the next line to the reply, without its CRLF. */
	private void readLine() throws IOException {
		while (true) {
			if (inPos == inCount) {
				fill();
			}
			int lf = -1;
			for (int i = inPos; i < inCount; i++) {
				if (inBuffer[i] == LF) {
					lf = i;
					break;
				}
			}
			int end = lf < 0 ? inCount : lf;
			appendReply(inBuffer, inPos, end - inPos);
			if (lf < 0) {
				inPos = inCount;
				continue;
			}
			inPos = lf + 1;
			if (replyLength > 0 && reply[replyLength - 1] == CR) {
				replyLength--;
			}
			return;
		}
	}

	private void fill() throws IOException {
		int n = in.read(inBuffer);
		if (n < 0) {
			throw new EOFException("The server closed the connection"); //$NON-NLS-1$
		}
		if (trace != null) {
			trace.write(inBuffer, 0, n);
		}
		inPos = 0;
		inCount = n;
	}

	private void appendReply(byte b) {
		if (replyLength == reply.length) {
			reply = Arrays.copyOf(reply, reply.length * 2);
		}
		reply[replyLength++] = b;
	}

	private void appendReply(byte[] bytes, int offset, int length) {
		if (replyLength + length > reply.length) {
			reply = Arrays.copyOf(reply, Math.max(reply.length * 2, replyLength + length));
		}
		System.arraycopy(bytes, offset, reply, replyLength, length);
		replyLength += length;
	}

	private void put(byte[] bytes, int offset, int length) throws IOException {
		while (length > 0) {
			if (outCount == OUT_SIZE) {
				drain();
			}
			int n = Math.min(length, OUT_SIZE - outCount);
			System.arraycopy(bytes, offset, outBuffer, outCount, n);
			outCount += n;
			offset += n;
			length -= n;
		}
	}

	private void putByte(byte b) throws IOException {
		if (outCount == OUT_SIZE) {
			drain();
		}
		outBuffer[outCount++] = b;
	}

	private void putCrLf() throws IOException {
		if (OUT_SIZE - outCount < 2) {
			drain();
		}
		outBuffer[outCount++] = CR;
		outBuffer[outCount++] = LF;
	}

	private void drain() throws IOException {
		if (outCount > 0) {
			if (trace != null) {
				trace.write(outBuffer, 0, outCount);
			}
			int n = outCount;
			outCount = 0; // what failed to leave is not written again
			out.write(outBuffer, 0, n);
		}
	}
}
