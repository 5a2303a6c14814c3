package com.bitfaster.mail.discovery.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLSocket;

import org.eclipse.osgi.util.NLS;

/**
 * Probes one candidate the way a submission client starts: greeting, EHLO, STARTTLS (when the mode asks for it and
 * the server announces it) or implicit TLS, EHLO again, and the AUTH mechanisms advertised; then QUIT. It never
 * authenticates and sends no secret.
 */
final class SmtpProbe {

	/**
	 * What a probe found.
	 *
	 * @param reached        the greeting and EHLO came back
	 * @param tls            the TLS session reached (described), or empty without TLS
	 * @param startTls       STARTTLS was announced on the plain connection
	 * @param authMechanisms the AUTH mechanisms advertised on the connection as it ended (after TLS when reached)
	 * @param detail         what happened, in plain words (the failure when not reached)
	 */
	record Result(boolean reached, String tls, boolean startTls, List<String> authMechanisms, String detail) {
		boolean secure() {
			return reached && !tls.isEmpty();
		}
	}

	private static final int MAX_LINE = 2048;
	private static final int MAX_LINES = 200;

	private final Net net;

	SmtpProbe(Net net) {
		this.net = net;
	}

	Result probe(Candidate c, List<InetAddress> addresses) {
		Socket socket = null;
		try {
			socket = net.connect(addresses, c.port());
			String tls = ""; //$NON-NLS-1$
			if (c.mode() == Candidate.Mode.SSL) {
				SSLSocket ssl = net.startTls(socket, c.host());
				socket = ssl;
				tls = Net.describe(ssl.getSession());
			}
			String ehloName = ehloName(socket.getLocalAddress());
			Reply greeting = read(socket.getInputStream());
			if (greeting.code != 220) {
				return new Result(false, tls, false, List.of(), NLS.bind(Messages.Smtp_badGreeting, greeting.first()));
			}
			Reply ehlo = command(socket, "EHLO " + ehloName); //$NON-NLS-1$
			if (ehlo.code != 250) {
				return new Result(false, tls, false, List.of(), NLS.bind(Messages.Smtp_badEhlo, ehlo.first()));
			}
			boolean startTls = ehlo.has("STARTTLS"); //$NON-NLS-1$
			if (c.mode() != Candidate.Mode.SSL && startTls) {
				Reply go = command(socket, "STARTTLS"); //$NON-NLS-1$
				if (go.code != 220) {
					return new Result(false, tls, true, List.of(), NLS.bind(Messages.Smtp_startTlsRefused, go.first()));
				}
				SSLSocket ssl = net.startTls(socket, c.host());
				socket = ssl;
				tls = Net.describe(ssl.getSession());
				ehlo = command(socket, "EHLO " + ehloName); //$NON-NLS-1$
				if (ehlo.code != 250) {
					return new Result(false, tls, true, List.of(), NLS.bind(Messages.Smtp_badEhlo, ehlo.first()));
				}
			}
			List<String> auth = ehlo.authMechanisms();
			try {
				command(socket, "QUIT"); //$NON-NLS-1$
			} catch (IOException e) {
				// the answer to QUIT does not matter
			}
			String detail = tls.isEmpty() ? NLS.bind(Messages.Smtp_plain, auth.isEmpty() ? "-" : String.join(" ", auth)) //$NON-NLS-1$ //$NON-NLS-2$
					: NLS.bind(Messages.Smtp_tls, tls, auth.isEmpty() ? "-" : String.join(" ", auth)); //$NON-NLS-1$ //$NON-NLS-2$
			return new Result(true, tls, startTls, auth, detail);
		} catch (IOException e) {
			return new Result(false, "", false, List.of(), Net.failure(e, c.host(), c.port())); //$NON-NLS-1$
		} finally {
			if (socket != null) {
				try {
					socket.close();
				} catch (IOException e) {
					// closing
				}
			}
		}
	}

	/** @return an address literal for EHLO ({@code [192.0.2.1]}, {@code [IPv6:…]}): it names no host */
	private static String ehloName(InetAddress local) {
		return local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress().replaceAll("%.*$", "") + "]" //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				: "[" + local.getHostAddress() + "]"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static Reply command(Socket socket, String line) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
		out.flush();
		return read(socket.getInputStream());
	}

	/** A reply: its code and text lines (without the code). */
	private record Reply(int code, List<String> lines) {
		String first() {
			return code + " " + (lines.isEmpty() ? "" : lines.get(0)); //$NON-NLS-1$ //$NON-NLS-2$
		}

		boolean has(String keyword) {
			return lines.stream().skip(1).anyMatch(l -> l.trim().toUpperCase(Locale.ROOT).split("[ =]")[0].equals(keyword)); //$NON-NLS-1$
		}

		List<String> authMechanisms() {
			Set<String> found = new LinkedHashSet<>();
			for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
				String[] words = l.trim().toUpperCase(Locale.ROOT).split("[ =]+"); //$NON-NLS-1$
				if (words.length > 1 && "AUTH".equals(words[0])) { //$NON-NLS-1$
					for (int i = 1; i < words.length; i++) {
						found.add(words[i]);
					}
				}
			}
			return new ArrayList<>(found);
		}
	}

	private static Reply read(InputStream in) throws IOException {
		List<String> lines = new ArrayList<>();
		for (int n = 0; n < MAX_LINES; n++) {
			String line = readLine(in);
			if (line.length() < 3) {
				throw new IOException("not an SMTP reply: " + line); //$NON-NLS-1$
			}
			int code;
			try {
				code = Integer.parseInt(line.substring(0, 3));
			} catch (NumberFormatException e) {
				throw new IOException("not an SMTP reply: " + line, e); //$NON-NLS-1$
			}
			lines.add(line.length() > 4 ? line.substring(4) : ""); //$NON-NLS-1$
			if (line.length() == 3 || line.charAt(3) != '-') {
				return new Reply(code, lines);
			}
		}
		throw new IOException("an SMTP reply of more than " + MAX_LINES + " lines"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				String s = line.toString(StandardCharsets.ISO_8859_1);
				return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s; //$NON-NLS-1$
			}
			if (line.size() >= MAX_LINE) {
				throw new IOException("an SMTP line longer than " + MAX_LINE + " bytes"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			line.write(b);
		}
		throw new IOException("the server closed the connection"); //$NON-NLS-1$
	}
}
