package com.bitfaster.mail.oauth.tests;

import com.bitfaster.mail.tests.support.oauth.KeycloakServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.smtp.internal.ConnectionTesterImpl;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * XOAUTH2 through the real send path to Dovecot's submission service, which checks every token with Keycloak's
 * introspection endpoint and relays to a GreenMail sink.
 */
@ExtendWith(KeycloakServer.class)
class XOAuth2SubmissionTest {

	private static GreenMail sink;
	private static DovecotSubmission dovecot;

	@TempDir
	Path dir;
	private OAuthFixture fx;
	private SenderServiceImpl sender;
	private MailServer server;

	@BeforeAll
	static void startPeers() throws Exception {
		String why = DovecotSubmission.unavailable();
		assumeTrue(why == null, why);
		sink = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		dovecot = DovecotSubmission.start(KeycloakServer.get(), sink.getSmtp().getPort());
	}

	@AfterAll
	static void stopPeers() throws Exception {
		if (dovecot != null) {
			dovecot.close();
		}
		if (sink != null) {
			sink.stop();
		}
	}

	@BeforeEach
	void setUp() throws Exception {
		sink.purgeEmailFromAllMailboxes();
		fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		server = fx.registry.update(fx.server.toBuilder().port(dovecot.port()).encryption("none") //$NON-NLS-1$
				.allowPlaintextAuth(true).timeoutSeconds(10).build()); // a loopback test peer without TLS
		sender = new SenderServiceImpl(fx.registry, OAuthFixture.extensions(), new RetryPolicy(1, attempt -> 0));
	}

	@AfterEach
	void tearDown() {
		sender.close();
	}

	private static MimeMessage message(String subject) throws Exception {
		MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
		m.setFrom(new InternetAddress("alice@example.test")); //$NON-NLS-1$
		m.addRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test")); //$NON-NLS-1$
		m.setSubject(subject);
		m.setText("Sent with an OAuth2 token.\r\n"); //$NON-NLS-1$
		return m;
	}

	@Test
	void aMadeUpTokenIsRefused() throws Exception {
		Credentials madeUp = new Credentials() {
			@Override
			public Kind kind() {
				return Kind.OAUTH2_TOKEN;
			}

			@Override
			public String username() {
				return KeycloakServer.USER;
			}

			@Override
			public Optional<char[]> secret() {
				return Optional.of("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl".toCharArray()); //$NON-NLS-1$
			}
		};
		CoreException e = assertThrows(CoreException.class, () -> OAuthFixture.extensions().transportType("smtp") //$NON-NLS-1$
				.orElseThrow().transportType().connect(server, madeUp));
		assertTrue(e.getStatus().getMessage().contains("refused the OAuth2 token of \"alice\""), //$NON-NLS-1$
				e.getStatus().getMessage());
		assertTrue(dovecot.log().contains("Introspection failed: Provided token is not valid"), dovecot.log()); //$NON-NLS-1$
		assertEquals(0, sink.getReceivedMessages().length);
	}

	@Test
	void aSignedInServerSendsWithATokenLongerThanOneKilobyte() throws Exception {
		fx.signInWithBrowser();
		int length = fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN).length();
		assertTrue(length > 1024, "token of " + length + " characters"); //$NON-NLS-1$ //$NON-NLS-2$
		System.out.printf("XOAUTH2 with an access token of %d characters%n", length); //$NON-NLS-1$
		SendResult result = sender.send(message("xoauth2"), server, new NullProgressMonitor()); //$NON-NLS-1$
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(1, sink.getReceivedMessages().length);
		assertEquals("xoauth2", sink.getReceivedMessages()[0].getSubject()); //$NON-NLS-1$
		assertFalse(dovecot.log().contains("line too long"), dovecot.log()); //$NON-NLS-1$

		// Test Connection signs in the same way; its transcript shows the AUTH exchange but not the token.
		String token = fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN);
		DiagnosticReport report = new ConnectionTesterImpl(fx.registry, OAuthFixture.extensions()).test(server, null, null,
				new NullProgressMonitor());
		// Signed in, and warned: this Dovecot offers no TLS, so the token crossed the network readable.
		assertTrue(report.steps().stream().anyMatch(s -> "AUTH".equals(s.name()) //$NON-NLS-1$
				&& s.verdict() == DiagnosticStep.Verdict.WARNING && s.detail().contains("OAuth2 token WITHOUT TLS")), //$NON-NLS-1$
				report.steps().toString());
		assertTrue(report.transcript().contains("AUTH XOAUTH2"), report.transcript()); //$NON-NLS-1$
		String initialResponse = java.util.Base64.getEncoder().encodeToString(("user=alice\u0001auth=Bearer " + token //$NON-NLS-1$
				+ "\u0001\u0001").getBytes(java.nio.charset.StandardCharsets.UTF_8)); //$NON-NLS-1$
		assertFalse(report.transcript().contains(initialResponse.substring(0, 60)), "XOAUTH2 response in the transcript"); //$NON-NLS-1$
		assertFalse(report.transcript().contains(token.substring(0, 60)), "token in the transcript"); //$NON-NLS-1$
	}

	@Test
	void notSignedInSaysSoAndSendsNothing() throws Exception {
		SendResult result = sender.send(message("not signed in"), server, new NullProgressMonitor()); //$NON-NLS-1$
		assertFalse(result.allAccepted());
		assertTrue(result.message().contains("sign in first"), result.message()); //$NON-NLS-1$
		assertEquals(0, sink.getReceivedMessages().length);
	}

	/**
	 * Keycloak's access tokens live 30 seconds. One message per connection for 40 seconds: every connection signs in
	 * with the token asked for just then, refreshed when it was about to expire, so not one sign-in fails.
	 */
	@Test
	void thirtySecondTokensNeverFailALongRun() throws Exception {
		server = fx.registry.update(server.toBuilder().limits(new ServerLimits(1, 1, 0)).build());
		fx.signInWithBrowser();
		String firstToken = fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN);
		long start = System.nanoTime();
		int sent = 0;
		int failed = 0;
		java.util.Set<String> tokens = new java.util.HashSet<>();
		while (System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(40)) {
			SendResult result = sender.send(message("long run " + sent), server, new NullProgressMonitor()); //$NON-NLS-1$
			if (!result.allAccepted()) {
				failed++;
				System.out.println("failed: " + result); //$NON-NLS-1$
			}
			sent++;
			tokens.add(fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN));
		}
		System.out.printf("XOAUTH2 long run: %d messages in 40 s, %d failed, %d access tokens used%n", sent, failed, //$NON-NLS-1$
				tokens.size());
		assertEquals(0, failed);
		assertEquals(sent, sink.getReceivedMessages().length);
		assertTrue(tokens.size() >= 2, "the token was refreshed during the run"); //$NON-NLS-1$
		assertNotEquals(firstToken, fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN));
	}
}
