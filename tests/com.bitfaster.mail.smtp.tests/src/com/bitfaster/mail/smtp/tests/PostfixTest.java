package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.Envelope.Dsn;
import com.bitfaster.mail.core.Envelope.Notify;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.TestCertificates;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A real Postfix in the foreground with its own configuration directory, on a loopback port, STARTTLS with a certificate
 * of the test CA, delivering to the discard transport. Needs root (Postfix's master runs as root).
 */
class PostfixTest {

	private static final String REFUSED = "refused@example.test"; //$NON-NLS-1$
	private static final String BLOCKED = "blocked@bitfaster.test"; //$NON-NLS-1$
	/** Senders whose messages are refused after the body, at the final ".". */
	private static final String SPAM = "spam@bitfaster.test"; //$NON-NLS-1$
	private static final String LATER = "later@bitfaster.test"; //$NON-NLS-1$
	private static Path home;
	private static Process master;
	private static int port;
	/** Postfix's smtpd with implicit TLS (wrapper mode), for the {@code ssl} encryption. */
	private static int sslPort;

	@TempDir
	Path dir;
	private Fixture fx;

	@BeforeAll
	static void startPostfix() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "a foreground Postfix needs root"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "install postfix (see .ci/run)"); //$NON-NLS-1$ //$NON-NLS-2$
		// Postfix daemons run as the postfix user: the folder must be reachable, so not the private @TempDir.
		home = Files.createTempDirectory("bitfaster-postfix-"); //$NON-NLS-1$
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); //$NON-NLS-1$
		// Signed by the test CA the JVM trusts (see the pom); Postfix reads the PEM key and certificate.
		TestCertificates.authority().signed(home, "server.p12", "localhost", "localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		port = Loopback.freePort();
		sslPort = Loopback.freePort();
		Files.createDirectories(home.resolve("queue")); //$NON-NLS-1$
		Files.createDirectories(home.resolve("data")); //$NON-NLS-1$
		run(home, "chown", "postfix", home.resolve("data").toString()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Files.writeString(home.resolve("main.cf"), String.join("\n", //$NON-NLS-1$ //$NON-NLS-2$
				"compatibility_level = 3.6", //$NON-NLS-1$
				"queue_directory = " + home.resolve("queue"), //$NON-NLS-1$ //$NON-NLS-2$
				"data_directory = " + home.resolve("data"), //$NON-NLS-1$ //$NON-NLS-2$
				"mail_owner = postfix", "setgid_group = postdrop", //$NON-NLS-1$ //$NON-NLS-2$
				"inet_interfaces = 127.0.0.1", "inet_protocols = ipv4", "myhostname = localhost", "mydestination =", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"mynetworks = 127.0.0.0/8", "smtpd_relay_restrictions = permit_mynetworks, reject", //$NON-NLS-1$ //$NON-NLS-2$
				"smtpd_recipient_restrictions = check_recipient_access inline:{ { " + REFUSED //$NON-NLS-1$
						+ " = 550 5.1.1 No such user here } }", //$NON-NLS-1$
				"smtpd_sender_restrictions = check_sender_access inline:{ { " + BLOCKED //$NON-NLS-1$
						+ " = 550 5.7.1 Blocked sender } }", //$NON-NLS-1$
				"smtpd_end_of_data_restrictions = check_sender_access inline:{ { " + SPAM + " = 554 5.7.1 Spam } { " //$NON-NLS-1$ //$NON-NLS-2$
						+ LATER + " = 452 4.3.1 Try later } }", //$NON-NLS-1$
				"default_transport = discard", "relay_transport = discard", //$NON-NLS-1$ //$NON-NLS-2$
				"maillog_file = " + home.resolve("maillog"), "maillog_file_prefixes = " + home, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"smtpd_tls_chain_files = " + home.resolve("server.p12.key") + ", " + home.resolve("server.p12.crt"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"smtpd_tls_security_level = may", "smtpd_tls_loglevel = 1", //$NON-NLS-1$ //$NON-NLS-2$
				// The refusal tests make more than 10 errors in a session without a delivery: Postfix would then
				// delay each reply by a second (tarpitting), which is not what they are about.
				"smtpd_error_sleep_time = 0s", "")); //$NON-NLS-1$ //$NON-NLS-2$
		StringBuilder master = new StringBuilder("127.0.0.1:" + port + " inet n - n - - smtpd\n" //$NON-NLS-1$ //$NON-NLS-2$
				+ "127.0.0.1:" + sslPort + " inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n"); //$NON-NLS-1$ //$NON-NLS-2$
		for (String service : List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", //$NON-NLS-1$ //$NON-NLS-2$
				"qmgr unix n - n 300 1 qmgr", "tlsmgr unix - - n 1000? 1 tlsmgr", //$NON-NLS-1$ //$NON-NLS-2$
				"rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp", "relay unix - - n - - smtp", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"discard unix - - n - - discard", "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"postlog unix-dgram n - n - 1 postlogd")) { //$NON-NLS-1$
			master.append(service).append('\n');
		}
		Files.writeString(home.resolve("master.cf"), master.toString()); //$NON-NLS-1$
		run(home, "/usr/sbin/postfix", "-c", home.toString(), "check"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		PostfixTest.master = new ProcessBuilder("/usr/sbin/postfix", "-c", home.toString(), "start-fg") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.redirectErrorStream(true).redirectOutput(home.resolve("start-fg.log").toFile()).start(); //$NON-NLS-1$
		Loopback.awaitListening(port, Duration.ofSeconds(120), PostfixTest.master);
		Loopback.awaitListening(sslPort, Duration.ofSeconds(120), PostfixTest.master);
	}

	@AfterAll
	static void stopPostfix() throws Exception {
		if (master != null) {
			run(home, "/usr/sbin/postfix", "-c", home.toString(), "stop"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			if (!master.waitFor(20, TimeUnit.SECONDS)) {
				master.destroyForcibly();
			}
		}
		if (home != null) {
			try (java.util.stream.Stream<Path> all = Files.walk(home)) {
				for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(p);
				}
			}
		}
	}

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
	}

	private MailServer server(int connections) {
		return fx.server(MailServer.builder().name("Postfix").host("localhost").port(port).encryption("starttls") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.limits(new ServerLimits(connections, 50, 0)).timeoutSeconds(10), null);
	}

	@Test
	void startTlsDeliveryWithTheRealQueueId() throws Exception {
		List<MimeMessage> messages = List.of(Fixture.message("p1", "one@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
				Fixture.message("p2", "two@example.test", "three@example.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<SendResult> results = fx.sendAll(messages, List.of(server(2)));
		for (SendResult r : results) {
			assertTrue(r.allAccepted(), r.toString());
			Matcher queued = Pattern.compile("queued as ([0-9A-F]+)").matcher(r.outcomes().get(0).reply()); //$NON-NLS-1$
			assertTrue(queued.find(), r.toString());
			String id = queued.group(1);
			// Postfix's own log must show that queue id handed to the discard transport.
			assertTrue(awaitLog(id + ": to=<"), "no delivery of " + id + " in the Postfix log"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		assertTrue(awaitLog("TLS connection established from localhost"), "the session used TLS"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Postfix offers PIPELINING: the envelope goes in one go, and each RCPT reply still reaches its recipient. */
	@Test
	void pipelinedEnvelopeWithOneRefusedRecipient() throws Exception {
		List<MimeMessage> messages = List.of(Fixture.message("r1", "first@example.test", REFUSED, "third@example.test"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				Fixture.message("r2", "fourth@example.test")); //$NON-NLS-1$ //$NON-NLS-2$
		List<SendResult> results = fx.sendAll(messages, List.of(server(1)));
		SendResult mixed = results.get(0);
		assertEquals(Status.ACCEPTED, mixed.outcome("first@example.test").status(), mixed.toString()); //$NON-NLS-1$
		assertEquals(Status.ACCEPTED, mixed.outcome("third@example.test").status(), mixed.toString()); //$NON-NLS-1$
		assertEquals(Status.REJECTED, mixed.outcome(REFUSED).status(), mixed.toString());
		assertEquals(550, mixed.outcome(REFUSED).code());
		assertTrue(mixed.outcome(REFUSED).reply().contains("No such user here"), mixed.toString()); //$NON-NLS-1$
		assertEquals(1, mixed.attempts(), "5xx is final"); //$NON-NLS-1$
		assertTrue(results.get(1).allAccepted(), "the connection goes on: " + results.get(1)); //$NON-NLS-1$
		Matcher queued = Pattern.compile("queued as ([0-9A-F]+)").matcher(mixed.outcome("first@example.test").reply()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(queued.find(), mixed.toString());
		assertTrue(awaitLog(queued.group(1) + ": to=<third@example.test>"), "third@ delivered"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/**
	 * Every RCPT of a pipelined envelope refused (Postfix refuses the sender at RCPT time): the DATA written ahead is
	 * refused too, its reply is read before Angus's RSET, and the connection carries the next message.
	 */
	@Test
	void pipelinedEnvelopeRefusedEntirelyLeavesTheConnectionUsable() throws Exception {
		MimeMessage blocked = Fixture.message("b1", "x@example.test", "y@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		blocked.setFrom(new InternetAddress(BLOCKED));
		List<SendResult> results = fx.sendAll(List.of(blocked, Fixture.message("b2", "z@example.test")), //$NON-NLS-1$ //$NON-NLS-2$
				List.of(server(1)));
		for (RecipientOutcome o : results.get(0).outcomes()) {
			assertEquals(Status.REJECTED, o.status(), results.get(0).toString());
			assertEquals(550, o.code(), results.get(0).toString());
			assertTrue(o.reply().contains("Blocked sender"), o.reply()); //$NON-NLS-1$
		}
		assertEquals(2, results.get(0).outcomes().size());
		assertTrue(results.get(1).allAccepted(), "the connection goes on: " + results.get(1)); //$NON-NLS-1$
		assertEquals(1, results.get(1).attempts(), results.get(1).toString());
	}

	/**
	 * Messages in a row on one connection: each one's envelope goes with the previous one's final ".", and each still
	 * gets its own replies: one refused entirely, one partly; every accepted message is queued once.
	 */
	@Test
	void envelopesWrittenWithThePreviousMessagesEndKeepTheirOwnReplies() throws Exception {
		List<MimeMessage> messages = List.of(Fixture.message("n1", "one@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
				Fixture.message("n2", "two@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
				Fixture.message("n3", REFUSED), //$NON-NLS-1$
				Fixture.message("n4", "four@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
				Fixture.message("n5", REFUSED, "five@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
				Fixture.message("n6", "six@example.test")); //$NON-NLS-1$ //$NON-NLS-2$
		List<SendResult> results = fx.sendAll(messages, List.of(server(1)));
		assertEquals(Status.REJECTED, results.get(2).outcome(REFUSED).status(), results.get(2).toString());
		assertEquals(Status.REJECTED, results.get(4).outcome(REFUSED).status(), results.get(4).toString());
		assertEquals(Status.ACCEPTED, results.get(4).outcome("five@example.test").status(), results.get(4).toString()); //$NON-NLS-1$
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (int i : new int[] { 0, 1, 3, 4, 5 }) {
			SendResult r = results.get(i);
			assertEquals(1, r.attempts(), r.toString());
			String address = r.outcomes().get(r.outcomes().size() - 1).address();
			assertEquals(Status.ACCEPTED, r.outcome(address).status(), r.toString());
			Matcher queued = Pattern.compile("queued as ([0-9A-F]+)").matcher(r.outcome(address).reply()); //$NON-NLS-1$
			assertTrue(queued.find(), r.toString());
			assertTrue(ids.add(queued.group(1)), "one queue id per message: " + results); //$NON-NLS-1$
			assertTrue(awaitLog(queued.group(1) + ": to=<" + address + ">"), address + " delivered"); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	/**
	 * Messages refused at their final "." while the next one's envelope was written with it: each still reports
	 * Postfix's own code and text, and only the temporary refusal is retried.
	 */
	@Test
	void refusedBodiesWithTheNextEnvelopeWrittenAheadKeepTheirOwnReplies() throws Exception {
		MailServer server = server(1);
		for (String sender : List.of(SPAM, LATER)) {
			List<MimeMessage> messages = new java.util.ArrayList<>();
			for (String to : List.of("a@example.test", "b@example.test", "c@example.test")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				MimeMessage m = Fixture.message("refused body", to); //$NON-NLS-1$
				m.setFrom(new InternetAddress(sender));
				messages.add(m);
			}
			boolean temporary = sender.equals(LATER);
			for (SendResult r : fx.sendAll(messages, List.of(server))) {
				RecipientOutcome o = r.outcomes().get(0);
				assertEquals(temporary ? Status.DEFERRED : Status.REJECTED, o.status(), r.toString());
				assertEquals(temporary ? 452 : 554, o.code(), r.toString());
				assertTrue(o.reply().contains(temporary ? "Try later" : "Spam"), o.reply()); //$NON-NLS-1$ //$NON-NLS-2$
				assertEquals(temporary ? 3 : 1, r.attempts(), r.toString());
			}
		}
	}

	@Test
	void diagnosticsAgainstPostfix() throws Exception {
		DiagnosticReport report = fx.test(server(1), null);
		String all = Fixture.describe(report);
		assertTrue(report.ok(), all);
		DiagnosticStep ehlo = report.steps().get(3);
		assertEquals("EHLO capabilities", ehlo.name()); //$NON-NLS-1$
		assertTrue(ehlo.detail().contains("SIZE: 10240000") && ehlo.detail().contains("STARTTLS: yes") //$NON-NLS-1$ //$NON-NLS-2$
				&& ehlo.detail().contains("PIPELINING: yes, used"), all); //$NON-NLS-1$
		assertTrue(report.steps().get(4).detail().contains("CN=localhost"), all); //$NON-NLS-1$
	}

	private static List<Envelope> fromSixSenders(String prefix) throws Exception {
		List<Envelope> envelopes = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			// The message's From is the same for all; only the return path (MAIL FROM) differs.
			envelopes.add(Fixture.envelope(Fixture.message(prefix + i, "to@example.test"), prefix + i + "@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$
					prefix + "-rcpt" + i + "@example.test")); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return envelopes;
	}

	/** Sends on one connection and checks each message was queued once, with its own return path. */
	private void assertQueuedWithTheirReturnPaths(MailServer server, List<Envelope> envelopes) throws Exception {
		int connections = countLog(": connect from localhost"); //$NON-NLS-1$
		Deliveries d = new Deliveries();
		try (TransportConnection c = fx.connect(server)) {
			c.send(envelopes, d);
			assertTrue(c.isUsable());
		}
		d.assertAll(envelopes, Status.ACCEPTED);
		assertEquals(envelopes, d.handedOver);
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (Envelope e : envelopes) {
			Matcher queued = Pattern.compile("queued as ([0-9A-F]+)").matcher(d.only(e).reply()); //$NON-NLS-1$
			assertTrue(queued.find(), d.only(e).toString());
			assertTrue(ids.add(queued.group(1)), "one queue id per message"); //$NON-NLS-1$
			assertTrue(awaitLog(queued.group(1) + ": from=<" + e.sender() + ">"), e.sender() + " is the return path"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertTrue(awaitLog(queued.group(1) + ": to=<" + e.recipients().get(0) + ">"), e.recipients() + " delivered"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		assertEquals(connections + 1, countLog(": connect from localhost"), "all on one connection"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Six return paths in a row, pipelined on one connection: each message keeps its own. */
	@Test
	void envelopesFromSixSendersOnOneConnectionKeepTheirReturnPaths() throws Exception {
		assertQueuedWithTheirReturnPaths(server(1), fromSixSenders("starttls")); //$NON-NLS-1$
	}

	/** The same over implicit TLS (Postfix in wrapper mode): the connection is ours there too, and pipelined. */
	@Test
	void implicitTlsIsPipelinedToo() throws Exception {
		MailServer ssl = fx.server(MailServer.builder().name("Postfix SSL").host("localhost").port(sslPort).encryption("ssl") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.limits(new ServerLimits(1, 50, 0)).timeoutSeconds(10), null);
		DiagnosticReport report = fx.test(ssl, null);
		assertTrue(report.ok(), Fixture.describe(report));
		assertTrue(report.steps().get(3).detail().contains("PIPELINING: yes, used"), Fixture.describe(report)); //$NON-NLS-1$
		assertQueuedWithTheirReturnPaths(ssl, fromSixSenders("ssl")); //$NON-NLS-1$
	}

	/** DSN parameters (Postfix offers DSN) and the null sender: accepted; Postfix reports the success it was asked to. */
	@Test
	void dsnParametersAndTheNullSender() throws Exception {
		Envelope dsn = Envelope.of(Fixture.message("dsn", "to@example.test")).sender("dsn@bitfaster.test") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.recipients(List.of("dsn-rcpt@example.test")) //$NON-NLS-1$
				.dsn(new Dsn(EnumSet.of(Notify.SUCCESS, Notify.FAILURE), false, "bitfaster 42+x")).build(); //$NON-NLS-1$
		Envelope bounce = Fixture.envelope(Fixture.message("bounce", "to@example.test"), "", "bounce-rcpt@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Deliveries d = new Deliveries();
		try (TransportConnection c = fx.connect(server(1))) {
			c.send(List.of(dsn, bounce), d);
		}
		d.assertAll(List.of(dsn, bounce), Status.ACCEPTED);
		String dsnId = queueId(d.only(dsn));
		String bounceId = queueId(d.only(bounce));
		assertTrue(awaitLog(dsnId + ": from=<dsn@bitfaster.test>"), "the DSN envelope's return path"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(awaitLog(dsnId + ": sender delivery status notification"), "NOTIFY=SUCCESS reached Postfix"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(awaitLog(bounceId + ": from=<>"), "the null sender"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static String queueId(RecipientOutcome outcome) {
		Matcher queued = Pattern.compile("queued as ([0-9A-F]+)").matcher(outcome.reply()); //$NON-NLS-1$
		assertTrue(queued.find(), outcome.toString());
		return queued.group(1);
	}

	private static int countLog(String text) throws IOException {
		Path log = home.resolve("maillog"); //$NON-NLS-1$
		if (!Files.exists(log)) {
			return 0;
		}
		return Files.readString(log, StandardCharsets.UTF_8).split(Pattern.quote(text), -1).length - 1;
	}

	private static boolean awaitLog(String text) throws IOException {
		Path log = home.resolve("maillog"); //$NON-NLS-1$
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
				return true;
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		return false;
	}

	private static void run(Path cwd, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (p.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + out); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}
}
