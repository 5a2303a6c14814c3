package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** "Test Connection" reports against real peers: GreenMail, smtp-sink and a port nobody listens on. */
class DiagnosticsTest {

	private static final String PASSWORD = "diag-Pa55"; //$NON-NLS-1$

	@TempDir
	Path dir;
	private Fixture fx;
	private GreenMail mail;

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
		mail = LoopbackGreenMail.start(GreenMailConfiguration.aConfig().withUser("alice@bitfaster.test", "alice", PASSWORD), //$NON-NLS-1$ //$NON-NLS-2$
				ServerSetup.PROTOCOL_SMTP, ServerSetup.PROTOCOL_SMTPS);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
		mail.stop();
	}

	private static DiagnosticStep step(DiagnosticReport report, String name) {
		return report.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
	}

	private static boolean advises(DiagnosticReport report, String text) {
		return report.advice().stream().anyMatch(a -> a.contains(text));
	}

	@Test
	void successWithAuthAndATestMessage() throws Exception {
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), "alice", PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		DiagnosticReport report = fx.tester.test(server, null, "alice@bitfaster.test", new NullProgressMonitor()); //$NON-NLS-1$
		String all = Fixture.describe(report);
		assertTrue(report.ok(), all);
		assertEquals(7, report.steps().size(), all);
		assertTrue(step(report, "Greeting").detail().startsWith("220"), all); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(step(report, "EHLO capabilities").detail().contains("AUTH: "), all); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Verdict.WARNING, step(report, "TLS").verdict(), "plain text is worth a warning"); //$NON-NLS-1$ //$NON-NLS-2$
		// Allowed explicitly, and said plainly: the password crossed the network readable.
		assertEquals(Verdict.WARNING, step(report, "AUTH").verdict(), all); //$NON-NLS-1$
		assertTrue(step(report, "AUTH").detail().contains("WITHOUT TLS"), all); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Verdict.PASSED, step(report, "Test message").verdict(), all); //$NON-NLS-1$
		assertEquals(1, mail.getReceivedMessages().length);
		assertTrue(report.transcript().contains("EHLO"), all); //$NON-NLS-1$
		// The test message's dialogue, written by the connection itself after Angus signed in, is there too.
		assertTrue(report.transcript().contains("MAIL FROM:<bitfaster-test@localhost>"), all); //$NON-NLS-1$
		assertTrue(report.transcript().contains("RCPT TO:<alice@bitfaster.test>"), all); //$NON-NLS-1$
		assertTrue(report.transcript().contains("This message was sent by BitFaster Workbench"), all); //$NON-NLS-1$
		assertFalse(report.transcript().contains(PASSWORD), all);
		assertTrue(advises(report, "The password travels readable"), all); //$NON-NLS-1$
		// GreenMail announces no STARTTLS: it is not offered as an option.
		assertTrue(report.secureOptions().stream().noneMatch(o -> o.encryption().equals("starttls")), all); //$NON-NLS-1$
	}

	@Test
	void refusedConnection() throws Exception {
		MailServer server = fx.server("Nobody", Loopback.freePort(), "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		assertEquals(Verdict.PASSED, step(report, "Resolve host").verdict(), all); //$NON-NLS-1$
		assertEquals(Verdict.FAILED, step(report, "Connect").verdict(), all); //$NON-NLS-1$
		assertEquals(Verdict.SKIPPED, step(report, "AUTH").verdict(), all); //$NON-NLS-1$
		assertTrue(advises(report, "Nothing accepts connections at " + server.address()), all); //$NON-NLS-1$
	}

	@Test
	void timeoutWaitingForTheGreeting() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, "-W", "CONNECT:8")) { //$NON-NLS-1$ //$NON-NLS-2$
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Slow").host("127.0.0.1").port(sink.port).timeoutSeconds(1), null); //$NON-NLS-1$ //$NON-NLS-2$
			long start = System.nanoTime();
			DiagnosticReport report = fx.test(server, null);
			long millis = (System.nanoTime() - start) / 1_000_000;
			String all = Fixture.describe(report);
			assertEquals(Verdict.PASSED, step(report, "Connect").verdict(), all); //$NON-NLS-1$
			assertEquals(Verdict.FAILED, step(report, "Greeting").verdict(), all); //$NON-NLS-1$
			assertTrue(step(report, "Greeting").detail().contains("did not answer within 1 seconds"), all); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(advises(report, "raise the timeout"), all); //$NON-NLS-1$
			assertTrue(millis < 8_000, "gave up before the 8 s greeting; took " + millis + " ms"); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	@Test
	void startTlsOnAnImplicitTlsPort() throws Exception {
		MailServer server = fx.server(MailServer.builder().name("Wrong").host("127.0.0.1").port(mail.getSmtps().getPort()) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption("starttls").timeoutSeconds(1), null); //$NON-NLS-1$
		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		assertFalse(report.ok(), all);
		assertTrue(advises(report, "Port " + server.port() + " expects SSL/TLS, but STARTTLS is selected."), all); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void sslOnAPlainPort() throws Exception {
		MailServer server = fx.server(MailServer.builder().name("Wrong").host("127.0.0.1").port(mail.getSmtp().getPort()) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption("ssl").timeoutSeconds(2), null); //$NON-NLS-1$
		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		assertEquals(Verdict.FAILED, step(report, "TLS").verdict(), all); //$NON-NLS-1$
		assertTrue(advises(report, "does not start with TLS, but SSL/TLS is selected"), all); //$NON-NLS-1$
	}

	@Test
	void wrongPassword() throws Exception {
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), "alice", "not-the-password"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		assertEquals(Verdict.PASSED, step(report, "Greeting").verdict(), all); //$NON-NLS-1$
		assertEquals(Verdict.FAILED, step(report, "AUTH").verdict(), all); //$NON-NLS-1$
		assertTrue(step(report, "EHLO capabilities").detail().contains("AUTH: PLAIN"), all); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(step(report, "AUTH").detail().contains("refused the user name \"alice\""), all); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(advises(report, "The user name or password is wrong"), all); //$NON-NLS-1$
		assertFalse(report.transcript().contains("not-the-password"), all); //$NON-NLS-1$
		assertFalse(all.contains("Exception"), all); //$NON-NLS-1$
	}

	@Test
	void passwordGivenToTheTesterWinsOverTheStoredOne() throws Exception {
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), "alice", "stale"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		DiagnosticReport report = fx.test(server, PASSWORD);
		assertTrue(report.ok(), Fixture.describe(report));
	}
}
