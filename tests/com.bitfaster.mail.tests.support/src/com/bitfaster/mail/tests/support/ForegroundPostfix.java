package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Postfix in the foreground with its own configuration directory, listening on a loopback port without TLS and
 * relaying everything for 127.0.0.0/8 to a next hop on loopback (an smtp-sink, say): for tests of what a real MTA does
 * to a message on its way (the headers it adds). Needs root (Postfix's master runs as root).
 */
public final class ForegroundPostfix implements AutoCloseable {

	public final int port;
	private final Path home;
	private final Process master;

	private ForegroundPostfix(int port, Path home, Process master) {
		this.port = port;
		this.home = home;
		this.master = master;
	}

	/** @return whether this process may run one (root, Postfix installed) */
	public static boolean available() {
		return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/postfix")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	/** Starts Postfix relaying to {@code 127.0.0.1:nextHopPort}; returns once it listens. */
	public static ForegroundPostfix relayingTo(int nextHopPort) throws IOException, InterruptedException {
		return relayingTo(nextHopPort, List.of());
	}

	/**
	 * Starts Postfix relaying to {@code 127.0.0.1:nextHopPort}, with more {@code main.cf} lines (for example a
	 * {@code transport_maps} that delivers one domain over LMTP); returns once it listens.
	 */
	public static ForegroundPostfix relayingTo(int nextHopPort, List<String> moreMainCf) throws IOException, InterruptedException {
		// Postfix daemons run as the postfix user: the folder must be reachable, so not a private @TempDir.
		Path home = Files.createTempDirectory("bitfaster-postfix-"); //$NON-NLS-1$
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); //$NON-NLS-1$
		int port = Loopback.freePort();
		Files.createDirectories(home.resolve("queue")); //$NON-NLS-1$
		Files.createDirectories(home.resolve("data")); //$NON-NLS-1$
		run(home, "chown", "postfix", home.resolve("data").toString()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Files.writeString(home.resolve("main.cf"), String.join("\n", //$NON-NLS-1$ //$NON-NLS-2$
				"compatibility_level = 3.6", //$NON-NLS-1$
				"queue_directory = " + home.resolve("queue"), //$NON-NLS-1$ //$NON-NLS-2$
				"data_directory = " + home.resolve("data"), //$NON-NLS-1$ //$NON-NLS-2$
				"mail_owner = postfix", "setgid_group = postdrop", //$NON-NLS-1$ //$NON-NLS-2$
				"inet_interfaces = 127.0.0.1", "inet_protocols = ipv4", "myhostname = relay.bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"mydestination =", "mynetworks = 127.0.0.0/8", //$NON-NLS-1$ //$NON-NLS-2$
				"smtpd_relay_restrictions = permit_mynetworks, reject", //$NON-NLS-1$
				"relayhost = [127.0.0.1]:" + nextHopPort, "smtp_tls_security_level = none", //$NON-NLS-1$ //$NON-NLS-2$
				"maillog_file = " + home.resolve("maillog"), "maillog_file_prefixes = " + home, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				String.join("\n", moreMainCf), //$NON-NLS-1$
				"")); //$NON-NLS-1$
		StringBuilder services = new StringBuilder("127.0.0.1:" + port + " inet n - n - - smtpd\n"); //$NON-NLS-1$ //$NON-NLS-2$
		for (String service : List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", //$NON-NLS-1$ //$NON-NLS-2$
				"qmgr unix n - n 300 1 qmgr", "tlsmgr unix - - n 1000? 1 tlsmgr", //$NON-NLS-1$ //$NON-NLS-2$
				"rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp", "relay unix - - n - - smtp", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"lmtp unix - - n - - lmtp", //$NON-NLS-1$
				"showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"discard unix - - n - - discard", "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"postlog unix-dgram n - n - 1 postlogd")) { //$NON-NLS-1$
			services.append(service).append('\n');
		}
		Files.writeString(home.resolve("master.cf"), services.toString()); //$NON-NLS-1$
		run(home, "/usr/sbin/postfix", "-c", home.toString(), "check"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Process master = new ProcessBuilder("/usr/sbin/postfix", "-c", home.toString(), "start-fg") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.redirectErrorStream(true).redirectOutput(home.resolve("start-fg.log").toFile()).start(); //$NON-NLS-1$
		try {
			Loopback.awaitListening(port, Duration.ofSeconds(120), master);
		} catch (IOException e) {
			master.destroyForcibly();
			throw e;
		}
		return new ForegroundPostfix(port, home, master);
	}

	/** @return Postfix's log so far */
	public String log() throws IOException {
		Path log = home.resolve("maillog"); //$NON-NLS-1$
		return Files.exists(log) ? Files.readString(log) : ""; //$NON-NLS-1$
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run(home, "/usr/sbin/postfix", "-c", home.toString(), "stop"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		if (!master.waitFor(20, TimeUnit.SECONDS)) {
			master.destroyForcibly();
		}
		try (java.util.stream.Stream<Path> all = Files.walk(home)) {
			for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
