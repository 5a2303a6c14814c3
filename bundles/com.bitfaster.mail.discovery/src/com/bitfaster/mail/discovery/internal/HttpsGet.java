package com.bitfaster.mail.discovery.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocket;

/**
 * One HTTPS GET for an autoconfig document. Written on a socket rather than with the JDK's HTTP client because the
 * host is resolved by discovery's own resolver (the one the user or a test points at), which the JDK's client cannot
 * be given. HTTP/1.0, so the body ends with the connection; at most {@value #MAX_BYTES} bytes; redirects are
 * followed only to https, at most three times. Plain http is never used.
 */
final class HttpsGet {

	static final int MAX_BYTES = 512 * 1024;
	private static final int MAX_REDIRECTS = 3;

	/** A response: its status, and its body when the status was 200. */
	record Response(int status, byte[] body, URI uri) {
	}

	/** Resolves a host name to addresses; empty when it has none. */
	interface Resolver {
		List<InetAddress> addresses(String host) throws IOException;
	}

	private final Net net;
	private final Resolver resolver;

	HttpsGet(Net net, Resolver resolver) {
		this.net = net;
		this.resolver = resolver;
	}

	Response get(URI uri) throws IOException {
		URI current = uri;
		for (int hop = 0;; hop++) {
			if (!"https".equalsIgnoreCase(current.getScheme()) || current.getHost() == null) { //$NON-NLS-1$
				throw new IOException("not an https address: " + current); //$NON-NLS-1$
			}
			Response r = once(current);
			if (r.status() / 100 == 3 && r.uri() != null && hop < MAX_REDIRECTS) {
				current = r.uri();
				continue;
			}
			return r;
		}
	}

	private Response once(URI uri) throws IOException {
		String host = uri.getHost();
		int port = uri.getPort() < 0 ? 443 : uri.getPort();
		List<InetAddress> addresses = resolver.addresses(host);
		if (addresses.isEmpty()) {
			throw new java.net.UnknownHostException(host);
		}
		Socket plain = net.connect(addresses, port);
		try (SSLSocket socket = net.startTls(plain, host)) {
			String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(); //$NON-NLS-1$
			if (uri.getRawQuery() != null) {
				path += "?" + uri.getRawQuery(); //$NON-NLS-1$
			}
			String request = "GET " + path + " HTTP/1.0\r\nHost: " + host + (port == 443 ? "" : ":" + port) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					+ "\r\nAccept: application/xml, text/xml\r\nUser-Agent: BitFaster-Workbench\r\nConnection: close\r\n\r\n"; //$NON-NLS-1$
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] all = readAll(socket.getInputStream());
			return parse(all, uri);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		int n;
		while ((n = in.read(chunk)) >= 0) {
			buffer.write(chunk, 0, n);
			if (buffer.size() > MAX_BYTES + 16 * 1024) {
				throw new IOException("the response is larger than " + MAX_BYTES + " bytes"); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		return buffer.toByteArray();
	}

	static Response parse(byte[] all, URI uri) throws IOException {
		int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
		if (end < 0) {
			throw new IOException("not an HTTP response"); //$NON-NLS-1$
		}
		String[] head = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n"); //$NON-NLS-1$
		String[] statusLine = head[0].split(" ", 3); //$NON-NLS-1$
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) { //$NON-NLS-1$
			throw new IOException("not an HTTP response: " + head[0]); //$NON-NLS-1$
		}
		int status;
		try {
			status = Integer.parseInt(statusLine[1]);
		} catch (NumberFormatException e) {
			throw new IOException("not an HTTP status: " + head[0], e); //$NON-NLS-1$
		}
		boolean chunked = false;
		URI location = null;
		for (int i = 1; i < head.length; i++) {
			int colon = head[i].indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = head[i].substring(colon + 1).trim();
			if ("transfer-encoding".equals(name) && value.toLowerCase(Locale.ROOT).contains("chunked")) { //$NON-NLS-1$ //$NON-NLS-2$
				chunked = true;
			} else if ("location".equals(name)) { //$NON-NLS-1$
				try {
					location = uri.resolve(value);
				} catch (IllegalArgumentException e) {
					location = null;
				}
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		if (chunked) {
			body = dechunk(body);
		}
		if (body.length > MAX_BYTES) {
			throw new IOException("the response is larger than " + MAX_BYTES + " bytes"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return new Response(status, status == 200 ? body : new byte[0], location);
	}

	private static byte[] dechunk(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int pos = 0;
		while (true) {
			int eol = indexOf(body, pos, "\r\n".getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
			if (eol < 0) {
				throw new IOException("a broken chunked body"); //$NON-NLS-1$
			}
			String size = new String(body, pos, eol - pos, StandardCharsets.US_ASCII).split(";")[0].trim(); //$NON-NLS-1$
			int n;
			try {
				n = Integer.parseInt(size, 16);
			} catch (NumberFormatException e) {
				throw new IOException("a broken chunked body", e); //$NON-NLS-1$
			}
			if (n == 0) {
				return out.toByteArray();
			}
			if (n < 0 || eol + 2 + n > body.length) {
				throw new IOException("a broken chunked body"); //$NON-NLS-1$
			}
			out.write(body, eol + 2, n);
			pos = eol + 2 + n + 2;
		}
	}

	private static int indexOf(byte[] data, byte[] what) {
		return indexOf(data, 0, what);
	}

	private static int indexOf(byte[] data, int from, byte[] what) {
		outer: for (int i = from; i <= data.length - what.length; i++) {
			for (int j = 0; j < what.length; j++) {
				if (data[i + j] != what[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}
}
