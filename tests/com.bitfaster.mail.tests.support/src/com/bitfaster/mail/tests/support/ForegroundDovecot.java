package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Dovecot in the foreground with its own configuration in a temporary folder: IMAPS and POP3S (implicit TLS, a
 * self-signed certificate made with openssl, see {@link #fingerprint}) and LMTP, on loopback ports chosen now. Every
 * user shares one Maildir and logs in with {@link #PASSWORD}: a bounce mailbox that a Postfix delivers
 * {@code bounce+TOKEN@domain} into over LMTP. Needs root (Dovecot's master) and Debian's dovecot-imapd, -pop3d, -lmtpd.
 */
public final class ForegroundDovecot implements AutoCloseable {

	public static final String PASSWORD = "bounce-secret"; //$NON-NLS-1$

	public final int imaps;
	public final int pop3s;
	public final int lmtp;
	/** SHA-256 of the server's certificate, {@code AB:CD:...}: the pin a client trusts it by. */
	public final String fingerprint;
	private final Path home;
	private final Process master;

	private ForegroundDovecot(int imaps, int pop3s, int lmtp, String fingerprint, Path home, Process master) {
		this.imaps = imaps;
		this.pop3s = pop3s;
		this.lmtp = lmtp;
		this.fingerprint = fingerprint;
		this.home = home;
		this.master = master;
	}

	/** @return whether this process may run one (root, Dovecot with IMAP, POP3 and LMTP installed) */
	public static boolean available() {
		return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/dovecot")) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				&& Files.exists(Path.of("/usr/lib/dovecot/imap")) && Files.exists(Path.of("/usr/lib/dovecot/lmtp")) //$NON-NLS-1$ //$NON-NLS-2$
				&& Files.exists(Path.of("/usr/lib/dovecot/pop3")); //$NON-NLS-1$
	}

	public static ForegroundDovecot start() throws IOException, InterruptedException {
		return start(List.of("auth_mechanisms = plain", //$NON-NLS-1$
				"passdb {", "  driver = static", "  args = password=" + PASSWORD, "}"), null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	/**
	 * The same Dovecot whose logins are SASL XOAUTH2 and OAUTHBEARER only: Dovecot's {@code oauth2} passdb asks the
	 * authorization server's token introspection endpoint (RFC 7662) about every token, with the introspection
	 * client's credentials, and accepts it when it is active and its {@code username} is the login name.
	 */
	public static ForegroundDovecot startWithOAuth2(java.net.URI introspection, String clientId, String clientSecret)
			throws IOException, InterruptedException {
		String conf = String.join("\n", "introspection_mode = post", //$NON-NLS-1$ //$NON-NLS-2$
				"introspection_url = " + introspection, "client_id = " + clientId, "client_secret = " + clientSecret, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"username_attribute = username", "active_attribute = active", "active_value = true", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"force_introspection = yes", ""); //$NON-NLS-1$ //$NON-NLS-2$
		return start(List.of("auth_mechanisms = xoauth2 oauthbearer", "auth_verbose = yes", //$NON-NLS-1$ //$NON-NLS-2$
				"passdb {", "  driver = oauth2", "  mechanisms = xoauth2 oauthbearer", "  args = " + OAUTH2_CONF, "}"), conf); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
	}

	/** Stands for the oauth2 passdb's file in the configuration's lines. */
	private static final String OAUTH2_CONF = "@OAUTH2_CONF@"; //$NON-NLS-1$

	private static ForegroundDovecot start(List<String> authentication, String oauth2Conf)
			throws IOException, InterruptedException {
		// Dovecot's processes run as its own users: the folder must be reachable, so not a private @TempDir.
		Path home = Files.createTempDirectory("bitfaster-dovecot-"); //$NON-NLS-1$
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); //$NON-NLS-1$
		Path mail = Files.createDirectories(home.resolve("mail")); //$NON-NLS-1$
		Files.createDirectories(home.resolve("run")); //$NON-NLS-1$
		if (oauth2Conf != null) {
			// Holds the introspection client's secret: readable by Dovecot's processes only.
			Path oauth2 = home.resolve("oauth2.conf.ext"); //$NON-NLS-1$
			Files.writeString(oauth2, oauth2Conf);
			Files.setPosixFilePermissions(oauth2, PosixFilePermissions.fromString("rw-------")); //$NON-NLS-1$
			run(home, "chown", "dovecot:dovecot", oauth2.toString()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		Files.createDirectories(home.resolve("state")); //$NON-NLS-1$
		run(home, "chown", "dovecot:dovecot", mail.toString()); //$NON-NLS-1$ //$NON-NLS-2$
		run(home, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$ //$NON-NLS-9$ //$NON-NLS-10$ //$NON-NLS-11$
				"-addext", "subjectAltName=IP:127.0.0.1", "-keyout", home.resolve("key.pem").toString(), "-out", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				home.resolve("cert.pem").toString()); //$NON-NLS-1$
		run(home, "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", home.resolve("cert.pem").toString()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
		String out = Files.readString(home.resolve("commands.log")).strip(); //$NON-NLS-1$
		String fingerprint = out.substring(out.indexOf('=') + 1).strip();
		int imaps = Loopback.freePort();
		int pop3s = Loopback.freePort();
		int lmtp = Loopback.freePort();
		Files.writeString(home.resolve("dovecot.conf"), String.join("\n", //$NON-NLS-1$ //$NON-NLS-2$
				"base_dir = " + home.resolve("run"), "state_dir = " + home.resolve("state"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"instance_name = bitfaster-" + home.getFileName(), "log_path = " + home.resolve("dovecot.log"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"protocols = imap pop3 lmtp", "listen = 127.0.0.1", "ssl = required", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"ssl_cert = <" + home.resolve("cert.pem"), "ssl_key = <" + home.resolve("key.pem"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"disable_plaintext_auth = yes", "default_login_user = dovenull", "default_internal_user = dovecot", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"mail_uid = dovecot", "mail_gid = dovecot", "first_valid_uid = 1", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"mail_location = maildir:" + mail, String.join("\n", authentication).replace(OAUTH2_CONF, //$NON-NLS-1$
						home.resolve("oauth2.conf.ext").toString()), //$NON-NLS-1$
				"userdb {", "  driver = static", "  args = home=" + mail //$NON-NLS-1$
						// The oauth2 passdb cannot look users up: LMTP's recipients would all be "unknown".
						+ (oauth2Conf != null ? " allow_all_users=yes" : ""), "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"service imap-login {", "  inet_listener imap {", "    port = 0", "  }", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"  inet_listener imaps {", "    port = " + imaps, "    ssl = yes", "  }", "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				"service pop3-login {", "  inet_listener pop3 {", "    port = 0", "  }", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"  inet_listener pop3s {", "    port = " + pop3s, "    ssl = yes", "  }", "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				"service lmtp {", "  inet_listener lmtp {", "    address = 127.0.0.1", "    port = " + lmtp, "  }", "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"lmtp_save_to_detail_mailbox = no", "recipient_delimiter = +", "")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Process master = new ProcessBuilder("/usr/sbin/dovecot", "-F", "-c", home.resolve("dovecot.conf").toString()) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				.redirectErrorStream(true).redirectOutput(home.resolve("foreground.log").toFile()).start(); //$NON-NLS-1$
		try {
			for (int port : List.of(imaps, pop3s, lmtp)) {
				Loopback.awaitListening(port, Duration.ofSeconds(30), master);
			}
		} catch (IOException e) {
			master.destroyForcibly();
			throw new IOException(e.getMessage() + "; " + Files.readString(home.resolve("foreground.log")), e); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return new ForegroundDovecot(imaps, pop3s, lmtp, fingerprint, home, master);
	}

	/**
	 * Delivers a message over LMTP (RFC 2033) as a mail server would, into the shared mailbox.
	 *
	 * @throws IOException when Dovecot does not answer 2xx to a step
	 */
	public void deliver(String sender, String recipient, byte[] message) throws IOException {
		try (java.net.Socket socket = new java.net.Socket(Loopback.HOST, lmtp)) {
			socket.setSoTimeout(30_000);
			java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
			java.io.OutputStream out = socket.getOutputStream();
			expect(in, "greeting"); //$NON-NLS-1$
			for (String command : List.of("LHLO bitfaster.test", "MAIL FROM:<" + sender + ">", "RCPT TO:<" + recipient + ">", "DATA")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				out.write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)); //$NON-NLS-1$
				out.flush();
				expect(in, command);
			}
			String text = new String(message, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", "\n") //$NON-NLS-1$ //$NON-NLS-2$
					.replace("\n", "\r\n").replaceAll("(?m)^\\.", ".."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			out.write((text.endsWith("\r\n") ? text : text + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); //$NON-NLS-1$ //$NON-NLS-2$
			out.write(".\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); //$NON-NLS-1$
			out.flush();
			expect(in, "end of data"); // one reply per recipient: one //$NON-NLS-1$
			out.write("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); //$NON-NLS-1$
			out.flush();
		}
	}

	/** Reads one (possibly multi-line) reply; fails unless it is 2xx or, after DATA, 354. */
	private static void expect(java.io.BufferedReader in, String after) throws IOException {
		String line;
		do {
			line = in.readLine();
			if (line == null) {
				throw new IOException("LMTP: connection closed after " + after); //$NON-NLS-1$
			}
		} while (line.length() > 3 && line.charAt(3) == '-');
		if (!(line.startsWith("2") || (after.equals("DATA") && line.startsWith("354")))) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			throw new IOException("LMTP: " + after + " answered " + line); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	/** @return Dovecot's log so far */
	public String log() throws IOException {
		Path log = home.resolve("dovecot.log"); //$NON-NLS-1$
		return Files.exists(log) ? Files.readString(log) : ""; //$NON-NLS-1$
	}

	@Override
	public void close() throws IOException, InterruptedException {
		master.destroy(); // SIGTERM: the master stops its children
		if (!master.waitFor(20, TimeUnit.SECONDS)) {
			master.destroyForcibly();
			master.waitFor(10, TimeUnit.SECONDS);
		}
		try (Stream<Path> all = Files.walk(home)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	private static void run(Path dir, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("commands.log").toFile()) //$NON-NLS-1$
				.start();
		if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("commands.log"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
	}
}
