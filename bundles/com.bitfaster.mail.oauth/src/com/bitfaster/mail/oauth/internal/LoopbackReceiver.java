package com.bitfaster.mail.oauth.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The loopback redirect of a native app's sign-in (RFC 8252 section 7.3): listens on 127.0.0.1 on a free port for the
 * one request the browser makes to {@code /callback} after the provider's sign-in, answers it with a short page and
 * hands over the URI (with code and state). Binds to loopback only; closed when done.
 */
final class LoopbackReceiver implements AutoCloseable {

	static final String PATH = "/callback"; //$NON-NLS-1$

	private final ServerSocket socket;

	LoopbackReceiver() throws IOException {
		socket = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1")); //$NON-NLS-1$
		socket.setSoTimeout(250);
	}

	URI redirectUri() {
		return URI.create("http://127.0.0.1:" + socket.getLocalPort() + PATH); //$NON-NLS-1$
	}

	/**
	 * Waits for the browser's request to {@link #PATH} (other requests, such as a favicon, get a 404).
	 *
	 * @param page makes the answer page from the received URI
	 * @return the received URI, or {@code null} when the deadline passed or {@code cancelled} said so
	 */
	URI await(long deadlineNanos, BooleanSupplier cancelled, java.util.function.Function<URI, String> page)
			throws IOException {
		while (System.nanoTime() < deadlineNanos && !cancelled.getAsBoolean()) {
			try (Socket s = socket.accept()) {
				s.setSoTimeout(10_000);
				BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
				String requestLine = in.readLine();
				String line;
				while ((line = in.readLine()) != null && !line.isEmpty()) {
					// headers are not needed
				}
				String[] parts = requestLine == null ? new String[0] : requestLine.split(" "); //$NON-NLS-1$
				URI target = parts.length >= 2 && "GET".equals(parts[0]) ? redirectUri().resolve(parts[1]) : null; //$NON-NLS-1$
				OutputStream out = s.getOutputStream();
				if (target == null || !PATH.equals(target.getPath())) {
					out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" //$NON-NLS-1$
							.getBytes(StandardCharsets.US_ASCII));
					continue;
				}
				byte[] body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>BitFaster</title></head><body><p>" //$NON-NLS-1$
						+ escape(page.apply(target)) + "</p></body></html>").getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length //$NON-NLS-1$
						+ "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
				out.write(body);
				out.flush();
				return target;
			} catch (SocketTimeoutException e) {
				// check the deadline and cancellation again
			}
		}
		return null;
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
