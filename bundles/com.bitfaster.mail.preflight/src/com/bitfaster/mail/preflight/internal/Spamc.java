package com.bitfaster.mail.preflight.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of SpamAssassin's {@code spamd} speaking the SPAMC protocol (version 1.5): {@code REPORT} sends the
 * message and reads the score, the threshold and the report's table of the rules that fired.
 */
final class Spamc {

	/** A rule that fired. */
	record Rule(String name, double points, String description) {
	}

	/** spamd's verdict. */
	record Verdict(boolean spam, double score, double threshold, List<Rule> rules) {
	}

	private static final Pattern SPAM = Pattern.compile("Spam: *(True|False|Yes|No) *; *(-?[0-9.]+) */ *(-?[0-9.]+)", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern RULE = Pattern.compile("^ *(-?[0-9]+(?:\\.[0-9]+)?) +([A-Z0-9_]+) +(.*)$"); //$NON-NLS-1$
	/** spamd refuses larger messages by default; spamc sends at most this much. */
	static final int MAX_BYTES = 500 * 1024;

	private final InetSocketAddress address;
	private final Duration connectTimeout;
	private final Duration readTimeout;

	Spamc(InetSocketAddress address, Duration connectTimeout, Duration readTimeout) {
		this.address = address;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/**
	 * @throws java.net.ConnectException when spamd is not running there
	 * @throws IOException               for a broken or unexpected answer
	 */
	Verdict report(byte[] message) throws IOException {
		byte[] body = message.length > MAX_BYTES ? java.util.Arrays.copyOf(message, MAX_BYTES) : message;
		try (Socket socket = new Socket()) {
			socket.connect(address, (int) connectTimeout.toMillis());
			socket.setSoTimeout((int) readTimeout.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("REPORT SPAMC/1.5\r\nContent-length: " + body.length + "\r\n\r\n") //$NON-NLS-1$ //$NON-NLS-2$
					.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			socket.shutdownOutput();
			String answer = readAll(socket.getInputStream());
			int end = answer.indexOf("\r\n\r\n"); //$NON-NLS-1$
			String head = end < 0 ? answer : answer.substring(0, end);
			String report = end < 0 ? "" : answer.substring(end + 4); //$NON-NLS-1$
			String first = head.lines().findFirst().orElse(""); //$NON-NLS-1$
			if (!first.startsWith("SPAMD/") || !first.contains(" 0 ")) { //$NON-NLS-1$ //$NON-NLS-2$
				throw new IOException("spamd answered: " + first); //$NON-NLS-1$
			}
			Matcher m = SPAM.matcher(head);
			if (!m.find()) {
				throw new IOException("spamd's answer has no Spam header: " + first); //$NON-NLS-1$
			}
			boolean spam = m.group(1).equalsIgnoreCase("True") || m.group(1).equalsIgnoreCase("Yes"); //$NON-NLS-1$ //$NON-NLS-2$
			return new Verdict(spam, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), rules(report));
		}
	}

	/** @return the rules of the report's table (after the {@code ---- ----} line), descriptions joined */
	static List<Rule> rules(String report) {
		List<Rule> rules = new ArrayList<>();
		boolean table = false;
		for (String line : report.split("\r?\n")) { //$NON-NLS-1$
			if (!table) {
				table = line.startsWith("----"); //$NON-NLS-1$
				continue;
			}
			Matcher m = RULE.matcher(line);
			if (m.matches()) {
				rules.add(new Rule(m.group(2), Double.parseDouble(m.group(1)), m.group(3).strip()));
			} else if (!line.isBlank() && !rules.isEmpty() && line.startsWith(" ")) { //$NON-NLS-1$
				Rule last = rules.remove(rules.size() - 1);
				rules.add(new Rule(last.name(), last.points(), last.description() + " " + line.strip())); //$NON-NLS-1$
			}
		}
		return rules;
	}

	private static String readAll(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		int n;
		while ((n = in.read(chunk)) > 0) {
			buffer.write(chunk, 0, n);
			if (buffer.size() > 4 << 20) {
				throw new IOException("spamd's answer is larger than 4 MiB"); //$NON-NLS-1$
			}
		}
		return buffer.toString(StandardCharsets.UTF_8);
	}
}
