package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticReport.SecureOption;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.smtp.internal.SmtpTransportType;
import com.bitfaster.mail.tests.support.TestCertificates;

/**
 * A password never crosses the network without TLS unless the user allowed it. The peer, SubEthaSMTP, offers STARTTLS
 * without requiring it and accepts AUTH either way, recording for each login whether TLS had started: so only the
 * client's settings decide, and the peer sees what really happened on the wire.
 */
class PlaintextAuthTest {

	private static final String USER = "mailer"; //$NON-NLS-1$
	private static final String PASSWORD = "Plain-Pa55word"; //$NON-NLS-1$

	@TempDir
	static Path certDir;
	private static Path trusted;

	@TempDir
	Path dir;
	private Fixture fx;
	private SMTPServer peer;
	/** Each AUTH the peer saw: the user name and whether TLS had started before it. */
	private final List<Login> logins = new CopyOnWriteArrayList<>();

	record Login(String user, boolean tls) {
	}

	@BeforeAll
	static void makeCertificates() throws Exception {
		trusted = TestCertificates.authority().signed(certDir, "localhost.p12", "localhost", "localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
		peer = startPeer(InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void tearDown() {
		peer.stop();
		fx.sender.close();
	}

	private SMTPServer startPeer(InetAddress address) throws Exception {
		SMTPServer server = SMTPServer.port(0).bindAddress(address).hostName("localhost") //$NON-NLS-1$
				.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
					logins.add(new Login(user, ((Session) context).isTLSStarted()));
					if (!USER.equals(user) || !PASSWORD.equals(password)) {
						throw new LoginFailedException();
					}
				})).requireAuth().messageHandler((context, from, to, data) -> {
					// accepted
				}).enableTLS().startTlsSocketFactory(TestCertificates.serverContext(trusted)).build();
		server.start();
		return server;
	}

	private MailServer.Builder plainWithUser(String host, int port) {
		return MailServer.builder().name("Plain " + port).host(host).port(port) //$NON-NLS-1$
				.encryption(MailServer.ENCRYPTION_NONE).username(USER).timeoutSeconds(5);
	}

	@Test
	void newServersDefaultToStartTlsOnTheSubmissionPort() {
		MailServer fresh = MailServer.builder().name("Office").host("smtp.example.test").build(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(EncryptionProviderDescriptor.STARTTLS, fresh.encryption());
		assertEquals(587, fresh.port());
		assertFalse(fresh.allowPlaintextAuth());
	}

	@Test
	void startTlsByDefaultSignsInOnlyAfterTls() throws Exception {
		// No encryption given: the default, required STARTTLS.
		MailServer server = fx.server(MailServer.builder().name("Default").host("localhost").port(peer.getPortAllocated()) //$NON-NLS-1$ //$NON-NLS-2$
				.username(USER).timeoutSeconds(5), PASSWORD);
		SendResult result = fx.send(Fixture.message("over TLS", "bob@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Status.ACCEPTED, result.outcomes().get(0).status(), result.toString());
		assertEquals(List.of(new Login(USER, true)), logins, "the peer saw AUTH only after STARTTLS"); //$NON-NLS-1$

		// The client's side of the same: in the transcript (Angus writes "AUTH LOGIN command trace suppressed" where it
		// signs in) no AUTH comes before STARTTLS; the server's EHLO lines announcing AUTH do not count.
		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		String transcript = report.transcript();
		java.util.regex.Matcher startTls = java.util.regex.Pattern.compile("(?m)^STARTTLS\\s*$").matcher(transcript); //$NON-NLS-1$
		java.util.regex.Matcher auth = java.util.regex.Pattern.compile("(?m)^(?!250)[^\\n]*AUTH (LOGIN|PLAIN)").matcher(transcript); //$NON-NLS-1$
		assertTrue(startTls.find(), all);
		assertTrue(auth.find(), all);
		assertTrue(auth.start() > startTls.start(), "the client's AUTH command comes only after STARTTLS: " + all); //$NON-NLS-1$
		assertEquals(Verdict.PASSED, step(report, "AUTH").verdict(), all); //$NON-NLS-1$
		assertEquals(Verdict.PASSED, step(report, "TLS").verdict(), all); //$NON-NLS-1$
		assertTrue(logins.stream().allMatch(Login::tls), logins.toString());
	}

	@Test
	void noneWithAUserNameIsRefusedByValidationLoopbackIncluded() {
		MailServer plain = plainWithUser("127.0.0.1", peer.getPortAllocated()).build(); //$NON-NLS-1$
		assertTrue(fx.registry.validate(plain).stream().anyMatch(p -> p.field() == ServerField.ALLOW_PLAINTEXT_AUTH),
				fx.registry.validate(plain).toString());
		ServerValidationException e = assertThrows(ServerValidationException.class,
				() -> fx.registry.add(plain, PASSWORD.toCharArray()));
		assertTrue(e.getMessage().contains("Allow the password without encryption"), e.getMessage()); //$NON-NLS-1$
		assertFalse(e.getMessage().contains("\n"), e.getMessage()); //$NON-NLS-1$
		// Without a user name nothing secret is sent: the built-in local server's shape stays valid.
		assertTrue(fx.registry.validate(plain.toBuilder().username("").build()).isEmpty()); //$NON-NLS-1$
		assertTrue(logins.isEmpty());
	}

	@Test
	void theTransportRefusesToSignInWithoutTlsWhenNotAllowed() {
		// Defence in depth: a server that skipped validation still never sends AUTH in plain text.
		MailServer plain = plainWithUser("localhost", peer.getPortAllocated()).build(); //$NON-NLS-1$
		CoreException e = assertThrows(CoreException.class, () -> smtp().connect(plain, PASSWORD.toCharArray()).close());
		assertTrue(e.getStatus().getMessage().contains("readable"), e.getStatus().getMessage()); //$NON-NLS-1$
		assertTrue(logins.isEmpty(), "no AUTH reached the peer: " + logins); //$NON-NLS-1$
	}

	@Test
	void withTheTickThePasswordIsSentInPlainTextAndTheTestSaysSo() throws Exception {
		MailServer server = fx.plaintextAuthServer("Allowed", peer.getPortAllocated(), USER, PASSWORD); //$NON-NLS-1$
		SendResult result = fx.send(Fixture.message("plain", "bob@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Status.ACCEPTED, result.outcomes().get(0).status(), result.toString());
		assertEquals(List.of(new Login(USER, false)), logins, "the peer saw AUTH without TLS, as allowed"); //$NON-NLS-1$

		DiagnosticReport report = fx.test(server, null);
		String all = Fixture.describe(report);
		assertEquals(Verdict.WARNING, step(report, "AUTH").verdict(), all); //$NON-NLS-1$
		assertTrue(report.advice().stream().anyMatch(a -> a.contains("The password travels readable")), all); //$NON-NLS-1$
		// The peer announces STARTTLS in EHLO: the advice names it, and the report offers it for one click.
		assertTrue(report.advice().stream().anyMatch(a -> a.contains("offers STARTTLS on port " + server.port())), all); //$NON-NLS-1$
		assertTrue(report.secureOptions().contains(new SecureOption(EncryptionProviderDescriptor.STARTTLS, server.port())), all);
		assertFalse(report.transcript().contains(PASSWORD), all);
	}

	@Test
	void testingAnUnsavedPlainServerNamesTheSecureAlternativeWithoutSigningIn() {
		MailServer unsaved = plainWithUser("localhost", peer.getPortAllocated()).build(); //$NON-NLS-1$
		DiagnosticReport report = fx.tester.test(unsaved, PASSWORD.toCharArray(), null, new NullProgressMonitor());
		String all = Fixture.describe(report);
		assertFalse(report.ok(), all);
		assertTrue(report.steps().stream().anyMatch(s -> s.detail().contains("readable")), all); //$NON-NLS-1$
		assertTrue(report.secureOptions().contains(new SecureOption(EncryptionProviderDescriptor.STARTTLS, unsaved.port())), all);
		assertTrue(logins.isEmpty(), "nothing was signed in: " + logins); //$NON-NLS-1$
	}

	@Test
	void port465AcceptingImplicitTlsIsNamed() throws Exception {
		// Port 465 needs root; on an address of its own so that no other test's peer is probed.
		InetAddress address = InetAddress.getByName("127.0.0.46"); //$NON-NLS-1$
		SSLServerSocket tls;
		try {
			tls = (SSLServerSocket) TestCertificates.serverContext(trusted).getServerSocketFactory().createServerSocket(465,
					5, address);
		} catch (SocketException e) {
			Assumptions.abort("binding 127.0.0.46:465 needs root: " + e.getMessage()); //$NON-NLS-1$
			return;
		}
		SMTPServer plainPeer = startPeer(address);
		Thread acceptor = new Thread(() -> {
			while (!tls.isClosed()) {
				try (Socket s = tls.accept()) {
					((SSLSocket) s).startHandshake();
				} catch (IOException e) {
					// closed, or a client that went away
				}
			}
		}, "465 acceptor"); //$NON-NLS-1$
		acceptor.setDaemon(true);
		acceptor.start();
		try {
			MailServer server = fx.server(plainWithUser("127.0.0.46", plainPeer.getPortAllocated()).allowPlaintextAuth(true), //$NON-NLS-1$
					PASSWORD);
			DiagnosticReport report = fx.test(server, null);
			String all = Fixture.describe(report);
			assertTrue(report.secureOptions().contains(new SecureOption(EncryptionProviderDescriptor.SSL, 465)), all);
			assertTrue(report.advice().stream().anyMatch(a -> a.contains("Port 465 of the server accepts SSL/TLS")), all); //$NON-NLS-1$
		} finally {
			tls.close();
			plainPeer.stop();
		}
	}

	private static com.bitfaster.mail.core.DiagnosticStep step(DiagnosticReport report, String name) {
		return report.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
	}

	private SmtpTransportType smtp() {
		return new SmtpTransportType(id -> {
			try {
				Optional<EncryptionProviderDescriptor> d = fx.extensions.encryptionProvider(id);
				return d.isPresent() ? Optional.of(d.get().provider()) : Optional.empty();
			} catch (CoreException e) {
				return Optional.empty();
			}
		});
	}
}
