package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.smtp.internal.Tls;
import com.bitfaster.mail.tests.support.TestCertificates;

import jakarta.mail.internet.MimeMessage;

/**
 * Required STARTTLS with AUTH against SubEthaSMTP, with certificates made at test time: one signed by the test CA the
 * JVM trusts (see the pom), an untrusted one, a pinned one, one for another host, and a server that offers no STARTTLS at all. Also a server that stops
 * reading a message body, in plain text and over STARTTLS: the write times out.
 */
class StartTlsTest {

	private static final String USER = "mailer"; //$NON-NLS-1$
	private static final String PASSWORD = "Tls-Pa55word"; //$NON-NLS-1$

	@TempDir
	static Path certDir;
	private static Path trusted;
	private static Path selfSigned;
	private static Path otherHost;

	@TempDir
	Path dir;
	private Fixture fx;
	private Peer peer;

	@BeforeAll
	static void makeCertificates() throws Exception {
		TestCertificates ca = TestCertificates.authority();
		trusted = ca.signed(certDir, "localhost.p12", "localhost", "localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		selfSigned = ca.selfSigned(certDir, "self.p12", "localhost", "localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		otherHost = ca.signed(certDir, "other.p12", "mail.other.com", "mail.other.com"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
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
		if (peer != null) {
			peer.server.stop();
		}
	}

	/** A SubEthaSMTP server that requires AUTH and, with a key store, requires STARTTLS; it records what it saw. */
	static final class Peer {
		final List<String> logins = new CopyOnWriteArrayList<>();
		final List<String> mailFrom = new CopyOnWriteArrayList<>();
		final List<byte[]> messages = new CopyOnWriteArrayList<>();
		/** When the stalling server stopped reading the first body ({@code System.nanoTime()}), 0 before. */
		final AtomicLong stalledAt = new AtomicLong();
		final SMTPServer server;

		Peer(Path keyStore) throws Exception {
			this(keyStore, null);
		}

		/** @param stall when not {@code null}, the server stops reading each message body until it counts down */
		Peer(Path keyStore, CountDownLatch stall) throws Exception {
			SMTPServer.Builder b = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost") //$NON-NLS-1$
					.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
						logins.add(user);
						if (!USER.equals(user) || !PASSWORD.equals(password)) {
							throw new LoginFailedException();
						}
					})).requireAuth().fromAddressValidator(from -> {
						mailFrom.add(from);
						return true;
					});
			if (stall == null) {
				b.messageHandler((context, from, to, data) -> messages.add(data));
			} else {
				b.messageHandlerFactory(context -> new StallingHandler(stall, stalledAt));
			}
			if (keyStore != null) {
				b.enableTLS().requireTLS().startTlsSocketFactory(TestCertificates.serverContext(keyStore));
			}
			server = b.build();
			server.start();
		}

		int port() {
			return server.getPortAllocated();
		}
	}

	/** Takes MAIL and RCPT, then stops reading the body until released: the client's writes fill the socket. */
	private record StallingHandler(CountDownLatch release, AtomicLong stalledAt) implements MessageHandler {
		@Override
		public void from(String from) {
			// accepted
		}

		@Override
		public void recipient(String recipient) {
			// accepted
		}

		@Override
		public String data(InputStream data) throws IOException {
			stalledAt.compareAndSet(0, System.nanoTime());
			try {
				release.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return null;
		}

		@Override
		public void done() {
			// nothing kept
		}
	}

	private MailServer server(String pinned) {
		return fx.server(MailServer.builder().name("SubEtha").host("localhost").port(peer.port()).encryption("starttls") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.username(USER).timeoutSeconds(5).pinnedCertificate(pinned), PASSWORD);
	}

	private static String fingerprint(Path keyStore) throws Exception {
		return Tls.fingerprint((X509Certificate) TestCertificates.leaf(keyStore));
	}

	private void assertNothingSent() {
		assertEquals(List.of(), peer.mailFrom, "the server must never see MAIL FROM"); //$NON-NLS-1$
		assertEquals(0, peer.messages.size());
	}

	@Test
	void trustedCertificateWithAuth() throws Exception {
		peer = new Peer(trusted);
		SendResult result = fx.send(Fixture.message("tls", "bob@example.test"), server("")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(List.of(USER), peer.logins);
		assertEquals(1, peer.messages.size());
		assertTrue(new String(peer.messages.get(0), StandardCharsets.UTF_8).contains("Hello from the test tls")); //$NON-NLS-1$
	}

	@Test
	void untrustedCertificateIsRefused() throws Exception {
		peer = new Peer(selfSigned);
		SendResult result = fx.send(Fixture.message("untrusted", "bob@example.test"), server("")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("is not trusted"), result.message()); //$NON-NLS-1$
		assertTrue(result.message().contains(fingerprint(selfSigned)), result.message());
		assertEquals(List.of(), peer.logins, "no credentials over an unverified connection"); //$NON-NLS-1$
		assertNothingSent();
	}

	@Test
	void pinnedSelfSignedCertificateIsAccepted() throws Exception {
		peer = new Peer(selfSigned);
		SendResult result = fx.send(Fixture.message("pinned", "bob@example.test"), server(fingerprint(selfSigned))); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(1, peer.messages.size());
	}

	@Test
	void changedCertificateNamesBothFingerprints() throws Exception {
		peer = new Peer(selfSigned);
		String pinned = fingerprint(trusted);
		SendResult result = fx.send(Fixture.message("changed", "bob@example.test"), server(pinned)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("has changed"), result.message()); //$NON-NLS-1$
		assertTrue(result.message().contains(pinned), result.message());
		assertTrue(result.message().contains(fingerprint(selfSigned)), result.message());
		assertNothingSent();
	}

	@Test
	void serverWithoutStartTlsIsRefusedBeforeMailFrom() throws Exception {
		peer = new Peer(null);
		SendResult result = fx.send(Fixture.message("plain", "bob@example.test"), server("")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("does not offer STARTTLS"), result.message()); //$NON-NLS-1$
		assertEquals(List.of(), peer.logins, "no credentials in plain text"); //$NON-NLS-1$
		assertNothingSent();
	}

	@Test
	void certificateForAnotherHostIsRefused() throws Exception {
		peer = new Peer(otherHost);
		SendResult result = fx.send(Fixture.message("other", "bob@example.test"), server("")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("The certificate is for mail.other.com, not localhost."), result.message()); //$NON-NLS-1$
		assertNothingSent();
	}

	@Test
	void diagnosticsReportTlsAndMaskCredentials() throws Exception {
		peer = new Peer(trusted);
		DiagnosticReport report = fx.test(server(""), null); //$NON-NLS-1$
		String all = Fixture.describe(report);
		assertTrue(report.ok(), all);
		DiagnosticStep tls = report.steps().stream().filter(s -> s.name().equals("TLS")).findFirst().orElseThrow(); //$NON-NLS-1$
		assertEquals(DiagnosticStep.Verdict.PASSED, tls.verdict(), all);
		assertTrue(tls.detail().contains("TLSv1."), all); //$NON-NLS-1$
		assertTrue(tls.detail().contains("CN=BitFaster Test CA"), all); //$NON-NLS-1$
		assertTrue(tls.detail().contains("host name matches"), all); //$NON-NLS-1$
		assertEquals(fingerprint(trusted), report.certificateFingerprint());
		assertTrue(report.transcript().contains("STARTTLS"), all); //$NON-NLS-1$
		assertFalse(report.transcript().contains(PASSWORD), all);
		assertFalse(report.transcript().contains(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))), all);
		assertFalse(report.transcript().contains(Base64.getEncoder()
				.encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8))), all); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void diagnosticsAdviseOnACertificateForAnotherHost() throws Exception {
		peer = new Peer(otherHost);
		DiagnosticReport report = fx.test(server(""), null); //$NON-NLS-1$
		String all = Fixture.describe(report);
		assertFalse(report.ok(), all);
		assertTrue(report.advice().stream().anyMatch(a -> a.startsWith("The certificate is for mail.other.com, not localhost.")), all); //$NON-NLS-1$
		assertEquals(fingerprint(otherHost), report.certificateFingerprint());
	}

	@Test
	void diagnosticsAdviseWhenStartTlsIsMissing() throws Exception {
		peer = new Peer(null);
		DiagnosticReport report = fx.test(server(""), null); //$NON-NLS-1$
		String all = Fixture.describe(report);
		assertFalse(report.ok(), all);
		assertTrue(report.steps().stream().anyMatch(s -> s.name().equals("TLS") && s.verdict() == DiagnosticStep.Verdict.FAILED), all); //$NON-NLS-1$
		assertTrue(report.advice().stream().anyMatch(a -> a.contains("does not offer STARTTLS")), all); //$NON-NLS-1$
		assertEquals(List.of(), peer.mailFrom);
	}

	/** A body far larger than the loopback socket buffers, so writing it blocks while the server does not read. */
	private static MimeMessage hugeMessage(String subject) throws Exception {
		MimeMessage m = Fixture.message(subject, "bob@example.test"); //$NON-NLS-1$
		m.setText(("x".repeat(76) + "\r\n").repeat(440_000), "US-ASCII"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		return m;
	}

	/** A server that stops reading the body (with STARTTLS when a key store is given): the write times out. */
	private void assertWriteTimesOut(Path keyStore, String encryption) throws Exception {
		int timeoutSeconds = 2;
		CountDownLatch release = new CountDownLatch(1);
		try {
			peer = new Peer(keyStore, release);
			MailServer server = fx.server(MailServer.builder().name("Stalling " + encryption).host("localhost") //$NON-NLS-1$ //$NON-NLS-2$
					.port(peer.port()).encryption(encryption).username(USER).timeoutSeconds(timeoutSeconds)
					// the plain variant signs in without TLS: allowed explicitly
					.allowPlaintextAuth(MailServer.ENCRYPTION_NONE.equals(encryption)), PASSWORD);
			MimeMessage message = hugeMessage("stalled"); //$NON-NLS-1$
			long start = System.nanoTime();
			SendResult result = fx.sendOnce(message, server);
			long end = System.nanoTime();
			assertEquals(Status.DEFERRED, result.outcomes().get(0).status(), result.toString());
			// Measured from the moment the server stopped reading, not from the start of the send: connecting, TLS and
			// encoding the body take what a busy machine gives them, the timeout is what this test is about.
			long stalled = peer.stalledAt.get();
			assertTrue(stalled != 0, "the server never stopped reading"); //$NON-NLS-1$
			long sinceStall = TimeUnit.NANOSECONDS.toMillis(end - stalled);
			assertTrue(TimeUnit.NANOSECONDS.toMillis(end - start) >= timeoutSeconds * 1000L,
					"the write must wait the timeout, not fail at once: " + sinceStall + " ms after the stall"); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(sinceStall < (timeoutSeconds + 5) * 1000L,
					"the write went on " + sinceStall + " ms after the server stopped reading"); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(0, peer.messages.size());
		} finally {
			release.countDown();
		}
	}

	@Test
	void aServerThatStopsReadingTimesOutThePlainWrite() throws Exception {
		assertWriteTimesOut(null, "none"); //$NON-NLS-1$
	}

	@Test
	void aServerThatStopsReadingTimesOutTheWriteOverStartTls() throws Exception {
		assertWriteTimesOut(trusted, "starttls"); //$NON-NLS-1$
	}
}
