package com.bitfaster.mail.ui.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SMTP server on a free loopback port that refuses some recipients with 550 and accepts the rest, because
 * GreenMail accepts every recipient. It records the recipients of each accepted message.
 */
final class RejectingSmtpServer implements AutoCloseable {

	private final ServerSocket socket;
	private final List<String> rejected;
	/** How long to wait before answering the end of the message, to keep a send going. */
	volatile long dataDelayMillis;
	final List<List<String>> delivered = new CopyOnWriteArrayList<>();

	/** @param rejected addresses (lower case) answered with 550 at RCPT TO */
	RejectingSmtpServer(List<String> rejected) throws IOException {
		this.rejected = rejected;
		socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(this::serve, "rejecting SMTP server"); //$NON-NLS-1$
		thread.setDaemon(true);
		thread.start();
	}

	int port() {
		return socket.getLocalPort();
	}

	private void serve() {
		while (!socket.isClosed()) {
			try (Socket client = socket.accept()) {
				session(client);
			} catch (IOException e) {
				// closed, or the client went away
			}
		}
	}

	private void session(Socket client) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
		OutputStream out = client.getOutputStream();
		reply(out, "220 reject.test ESMTP"); //$NON-NLS-1$
		List<String> recipients = new CopyOnWriteArrayList<>();
		for (String line; (line = in.readLine()) != null;) {
			String upper = line.toUpperCase(Locale.ROOT);
			if (upper.startsWith("EHLO") || upper.startsWith("HELO")) { //$NON-NLS-1$ //$NON-NLS-2$
				reply(out, "250 reject.test"); //$NON-NLS-1$
			} else if (upper.startsWith("MAIL FROM")) { //$NON-NLS-1$
				recipients.clear();
				reply(out, "250 2.1.0 Ok"); //$NON-NLS-1$
			} else if (upper.startsWith("RCPT TO")) { //$NON-NLS-1$
				String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
				if (rejected.contains(address.toLowerCase(Locale.ROOT))) {
					reply(out, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"); //$NON-NLS-1$ //$NON-NLS-2$
				} else {
					recipients.add(address);
					reply(out, "250 2.1.5 Ok"); //$NON-NLS-1$
				}
			} else if (upper.startsWith("DATA")) { //$NON-NLS-1$
				reply(out, "354 End data with <CR><LF>.<CR><LF>"); //$NON-NLS-1$
				for (String data; (data = in.readLine()) != null && !data.equals(".");) { //$NON-NLS-1$
					// the message is not kept
				}
				delivered.add(List.copyOf(recipients));
				pause(dataDelayMillis);
				reply(out, "250 2.0.0 Ok: queued as 4711"); //$NON-NLS-1$
			} else if (upper.startsWith("RSET") || upper.startsWith("NOOP")) { //$NON-NLS-1$ //$NON-NLS-2$
				reply(out, "250 2.0.0 Ok"); //$NON-NLS-1$
			} else if (upper.startsWith("QUIT")) { //$NON-NLS-1$
				reply(out, "221 2.0.0 Bye"); //$NON-NLS-1$
				return;
			} else {
				reply(out, "502 5.5.2 Error: command not recognized"); //$NON-NLS-1$
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8)); //$NON-NLS-1$
		out.flush();
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
