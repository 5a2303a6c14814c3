package com.bitfaster.mail.oauth.tests;

import com.bitfaster.mail.tests.support.oauth.KeycloakServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.bitfaster.mail.tests.support.Loopback;

/**
 * Debian's Dovecot submission service (dovecot-submissiond 2.3) in the foreground with a configuration of its own:
 * SASL XOAUTH2 and OAUTHBEARER checked by the {@code oauth2} passdb against Keycloak's token introspection endpoint,
 * mail relayed to a loopback SMTP sink. Listens on 127.0.0.1 only; base_dir and logs under {@code target/}.
 * Plain text on loopback (Dovecot counts loopback as secured); the token check is the point here, not TLS.
 */
final class DovecotSubmission implements AutoCloseable {

	static final String BINARY = "/usr/sbin/dovecot"; //$NON-NLS-1$

	private final Process process;
	private final int port;
	private final Path dir;

	private DovecotSubmission(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	/** @return why Dovecot cannot run here, or {@code null} when it can */
	static String unavailable() {
		if (!Files.isExecutable(Path.of(BINARY))) {
			return "Dovecot is not installed (apt-get install dovecot-submissiond; ./run-tests installs it as root)"; //$NON-NLS-1$
		}
		if (!"root".equals(System.getProperty("user.name"))) { //$NON-NLS-1$ //$NON-NLS-2$
			return "Dovecot's master must start as root (it drops to dovenull for logins); run the tests as root as CI does"; //$NON-NLS-1$
		}
		return null;
	}

	static DovecotSubmission start(KeycloakServer kc, int relayPort) throws IOException, InterruptedException {
		int port = Loopback.freePort();
		// Short: Dovecot's unix sockets live under base_dir, and socket paths are limited to 108 bytes.
		Path dir = Path.of(System.getProperty("bitfaster.test.work", "target/work")).resolveSibling("dv" + port) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.toAbsolutePath();
		Files.createDirectories(dir);
		Path home = Files.createDirectories(dir.resolve("home")); //$NON-NLS-1$
		Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")); //$NON-NLS-1$
		Path oauth2 = dir.resolve("oauth2.conf.ext"); //$NON-NLS-1$
		Files.writeString(oauth2, String.join("\n", //$NON-NLS-1$
				"introspection_mode = post", //$NON-NLS-1$
				"introspection_url = " + kc.introspectionEndpoint(), //$NON-NLS-1$
				"client_id = " + KeycloakServer.INTROSPECTION_CLIENT, //$NON-NLS-1$
				"client_secret = " + KeycloakServer.INTROSPECTION_SECRET, //$NON-NLS-1$
				"username_attribute = username", //$NON-NLS-1$
				"active_attribute = active", //$NON-NLS-1$
				"active_value = true", //$NON-NLS-1$
				"force_introspection = yes", "")); //$NON-NLS-1$ //$NON-NLS-2$
		Path conf = dir.resolve("dovecot.conf"); //$NON-NLS-1$
		Files.writeString(conf, String.join("\n", //$NON-NLS-1$
				"base_dir = " + dir.resolve("run"), //$NON-NLS-1$ //$NON-NLS-2$
				"state_dir = " + dir.resolve("state"), //$NON-NLS-1$ //$NON-NLS-2$
				"instance_name = bitfaster-test-" + port, //$NON-NLS-1$
				"protocols = submission", //$NON-NLS-1$
				"listen = 127.0.0.1", //$NON-NLS-1$
				"log_path = " + dir.resolve("dovecot.log"), //$NON-NLS-1$ //$NON-NLS-2$
				"auth_verbose = yes", //$NON-NLS-1$
				"ssl = no", //$NON-NLS-1$
				"disable_plaintext_auth = no", //$NON-NLS-1$
				"auth_mechanisms = xoauth2 oauthbearer", //$NON-NLS-1$
				"hostname = submission.bitfaster.test", //$NON-NLS-1$
				"first_valid_uid = 1", //$NON-NLS-1$
				"mail_location = maildir:" + dir.resolve("mail") + "/%u", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"submission_relay_host = 127.0.0.1", //$NON-NLS-1$
				"submission_relay_port = " + relayPort, //$NON-NLS-1$
				"submission_relay_trusted = yes", //$NON-NLS-1$
				"submission_relay_ssl = no", //$NON-NLS-1$
				"passdb {", "  driver = oauth2", "  mechanisms = xoauth2 oauthbearer", "  args = " + oauth2, "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				// Sessions run as Debian's dovecot user (Dovecot refuses uid 0 for them).
				"userdb {", "  driver = static", "  args = uid=dovecot gid=dovecot home=" + dir.resolve("home") + "/%u", "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"service submission-login {", "  inet_listener submission {", "    address = 127.0.0.1", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"    port = " + port, "  }", "}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"")); //$NON-NLS-1$
		Process p = new ProcessBuilder(List.of(BINARY, "-F", "-c", conf.toString())).redirectErrorStream(true) //$NON-NLS-1$ //$NON-NLS-2$
				.redirectOutput(dir.resolve("stdout.log").toFile()).start(); //$NON-NLS-1$
		try {
			Loopback.awaitListening(port, Duration.ofSeconds(30), p);
		} catch (IOException e) {
			p.destroy();
			throw new IOException(e.getMessage() + "; see " + dir, e); //$NON-NLS-1$
		}
		return new DovecotSubmission(p, port, dir);
	}

	int port() {
		return port;
	}

	/** @return Dovecot's log so far */
	String log() throws IOException {
		Path log = dir.resolve("dovecot.log"); //$NON-NLS-1$
		return Files.exists(log) ? Files.readString(log) : ""; //$NON-NLS-1$
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor();
		}
	}
}
