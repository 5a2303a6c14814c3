package com.bitfaster.mail.oauth.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.bounces.internal.BounceServiceImpl;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.internal.DeliverabilitySettingsImpl;
import com.bitfaster.mail.suppression.internal.RecipientTokensImpl;
import com.bitfaster.mail.suppression.internal.SuppressionListImpl;
import com.bitfaster.mail.tests.support.ForegroundDovecot;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.SecureStores;
import com.bitfaster.mail.tests.support.oauth.Browser;
import com.bitfaster.mail.tests.support.oauth.KeycloakServer;

/**
 * The bounce mailbox with OAuth2: a real Dovecot whose only logins are XOAUTH2 and OAUTHBEARER, each token checked at
 * the test Keycloak's introspection endpoint; a bounce delivered into it over LMTP is read by the bounce reader over
 * IMAPS and POP3S with the access token of a browser sign-in, and recorded. A made-up token and a mailbox nobody
 * signed in for are refused with a message that says what to do.
 */
@ExtendWith(KeycloakServer.class)
class BounceMailboxXOAuth2Test {

	private static final String CAMPAIGN = "oauth-campaign"; //$NON-NLS-1$
	private ForegroundDovecot dovecot;

	@TempDir
	Path dir;
	private BounceServiceImpl bounces;
	private RecipientTokens tokens;
	private SuppressionListImpl suppression;
	private Path ledger;
	private ISecurePreferences secure;

	@AfterEach
	void stopDovecot() throws Exception {
		if (dovecot != null) {
			dovecot.close();
		}
	}

	/** An empty mailbox in its own Dovecot for each test (a second or two), and the organisation's data. */
	@BeforeEach
	void organisation() throws Exception {
		assumeTrue(ForegroundDovecot.available(), "needs root and Debian's dovecot-imapd, -pop3d, -lmtpd"); //$NON-NLS-1$
		dovecot = ForegroundDovecot.startWithOAuth2(KeycloakServer.get().introspectionEndpoint(),
				KeycloakServer.INTROSPECTION_CLIENT, KeycloakServer.INTROSPECTION_SECRET);
		secure = SecureStores.throwaway(dir.resolve("secure")); //$NON-NLS-1$
		DeliverabilitySettingsImpl settings = new DeliverabilitySettingsImpl(dir.resolve("suppression")); //$NON-NLS-1$
		tokens = new RecipientTokensImpl(dir.resolve("suppression"), //$NON-NLS-1$
				new SecureSecrets(() -> secure, "com.bitfaster.mail/suppression")); //$NON-NLS-1$
		suppression = new SuppressionListImpl(dir.resolve("suppression"), settings, Clock.systemUTC()); //$NON-NLS-1$
		CampaignDirectory directory = new CampaignDirectory(dir.resolve("campaign").resolve(CampaignDirectory.FILE_NAME)); //$NON-NLS-1$
		bounces = new BounceServiceImpl(dir.resolve("bounces"), new SecureSecrets(() -> secure, "com.bitfaster.mail/bounces"), //$NON-NLS-1$ //$NON-NLS-2$
				tokens, suppression, directory);
		ledger = dir.resolve(CAMPAIGN + ".ledger"); //$NON-NLS-1$
		List<String> recipients = List.of("gone@dest.test", "ok@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$
		try (CampaignLedger l = CampaignLedger.open(ledger, CAMPAIGN)) {
			l.begin(recipients);
			for (String r : recipients) {
				l.record(r, DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued"); //$NON-NLS-1$
			}
		}
		directory.record(CAMPAIGN, ledger);
	}

	private BounceMailbox mailbox(BounceMailbox.Protocol protocol) {
		int port = protocol == BounceMailbox.Protocol.IMAP ? dovecot.imaps : dovecot.pop3s;
		return new BounceMailbox(protocol, Loopback.HOST, port, BounceMailbox.Security.IMPLICIT_TLS, KeycloakServer.USER,
				dovecot.fingerprint, 0, BounceMailbox.Authentication.OAUTH2,
				Map.of(OAuthSettings.PROVIDER, OAuthSettings.ISSUER,
						OAuthSettings.ISSUER_URL, KeycloakServer.get().issuer().toString(),
						OAuthSettings.CLIENT_ID, KeycloakServer.PUBLIC_CLIENT, OAuthSettings.SCOPE, "openid email")); //$NON-NLS-1$
	}

	/** Signs the mailbox in through the browser flow, the test playing the user at Keycloak's login form. */
	private void signIn(BounceMailbox mailbox) throws Exception {
		MailServer account = bounces.oauthAccount(mailbox);
		CompletableFuture<Browser.Page> page = new CompletableFuture<>();
		bounces.oauth().signInWithBrowser(account, uri -> CompletableFuture.runAsync(() -> {
			try {
				page.complete(new Browser().signIn(uri, OAuthFixture.credentials(null)));
			} catch (Exception e) {
				page.completeExceptionally(e);
			}
		}), Duration.ofSeconds(60), page::isDone);
		assertTrue(bounces.oauth().signInState(account).isPresent());
	}

	/** A Postfix-style hard bounce (RFC 3464) of {@code recipient}, to its campaign's VERP address. */
	private String deliverBounce(String recipient, String messageId) throws Exception {
		String token = tokens.issue(RecipientTokens.Purpose.BOUNCE, CAMPAIGN, recipient);
		String to = "bounce+" + token + "@bounce.test"; //$NON-NLS-1$ //$NON-NLS-2$
		String dsn = String.join("\r\n", //$NON-NLS-1$
				"From: MAILER-DAEMON@relay.bitfaster.test (Mail Delivery System)", //$NON-NLS-1$
				"To: " + to, //$NON-NLS-1$
				"Subject: Undelivered Mail Returned to Sender", //$NON-NLS-1$
				"Message-Id: <" + messageId + ">", //$NON-NLS-1$ //$NON-NLS-2$
				"Auto-Submitted: auto-replied", //$NON-NLS-1$
				"MIME-Version: 1.0", //$NON-NLS-1$
				"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"--B1", //$NON-NLS-1$
				"Content-Type: text/plain", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"<" + recipient + ">: host mx.dest.test said: 550 5.1.1 User unknown", //$NON-NLS-1$ //$NON-NLS-2$
				"", //$NON-NLS-1$
				"--B1", //$NON-NLS-1$
				"Content-Type: message/delivery-status", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"Reporting-MTA: dns; relay.bitfaster.test", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"Final-Recipient: rfc822; " + recipient, //$NON-NLS-1$
				"Action: failed", //$NON-NLS-1$
				"Status: 5.1.1", //$NON-NLS-1$
				"Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: User unknown", //$NON-NLS-1$ //$NON-NLS-2$
				"", //$NON-NLS-1$
				"--B1--", ""); //$NON-NLS-1$ //$NON-NLS-2$
		dovecot.deliver("", to, dsn.getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
		return token;
	}

	@Test
	void aBounceIsReadOverImapWithXOAuth2AndRecorded() throws Exception {
		BounceMailbox mailbox = mailbox(BounceMailbox.Protocol.IMAP);
		bounces.setMailbox(mailbox, null);
		signIn(mailbox);
		deliverBounce("gone@dest.test", "imap-1@relay.bitfaster.test"); //$NON-NLS-1$ //$NON-NLS-2$

		FetchSummary summary = bounces.fetch(new NullProgressMonitor());

		assertEquals(1, summary.read(), summary.toString());
		assertEquals(1, summary.hard(), summary.toString());
		List<CampaignBounce> recorded = CampaignBounce.read(ledger);
		assertEquals(1, recorded.size());
		assertEquals("gone@dest.test", recorded.get(0).address()); //$NON-NLS-1$
		assertEquals("5.1.1", recorded.get(0).status()); //$NON-NLS-1$
		assertTrue(suppression.isSuppressed("gone@dest.test")); //$NON-NLS-1$
		assertFalse(suppression.isSuppressed("ok@dest.test")); //$NON-NLS-1$
		String log = dovecot.log();
		assertTrue(log.matches("(?s).*imap-login: (Info: )?Login: user=<" + KeycloakServer.USER + ">, method=XOAUTH2.*"), log); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(0, bounces.fetch(new NullProgressMonitor()).read(), "the bounce was moved out: nothing new"); //$NON-NLS-1$
		// No token in the settings file.
		String settings = Files.readString(bounces.folder().resolve("bounce-mailbox.json")); //$NON-NLS-1$
		assertTrue(settings.contains("\"OAUTH2\""), settings); //$NON-NLS-1$
		assertFalse(settings.contains("eyJ"), settings); //$NON-NLS-1$
	}

	@Test
	void aBounceIsReadOverPop3WithXOAuth2AndRecorded() throws Exception {
		BounceMailbox mailbox = mailbox(BounceMailbox.Protocol.POP3);
		bounces.setMailbox(mailbox, null);
		signIn(mailbox);
		deliverBounce("gone@dest.test", "pop3-1@relay.bitfaster.test"); //$NON-NLS-1$ //$NON-NLS-2$

		FetchSummary summary = bounces.fetch(new NullProgressMonitor());

		assertEquals(1, summary.hard(), summary.toString());
		assertEquals(1, CampaignBounce.read(ledger).size());
		String log = dovecot.log();
		assertTrue(log.matches("(?s).*pop3-login: (Info: )?Login: user=<" + KeycloakServer.USER + ">, method=XOAUTH2.*"), log); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(0, bounces.fetch(new NullProgressMonitor()).hard(), "remembered by UIDL: nothing recorded twice"); //$NON-NLS-1$
		assertEquals(1, CampaignBounce.read(ledger).size());
	}

	@Test
	void aMadeUpTokenIsRefusedWithAClearMessageAndNothingIsRecorded() throws Exception {
		BounceMailbox mailbox = mailbox(BounceMailbox.Protocol.IMAP);
		bounces.setMailbox(mailbox, null);
		// Not signed in: the reader says so before it connects.
		CoreException notSignedIn = assertThrows(CoreException.class, () -> bounces.fetch(new NullProgressMonitor()));
		assertTrue(notSignedIn.getMessage().contains("bounces login"), notSignedIn.getMessage()); //$NON-NLS-1$
		// A token Keycloak never issued (as an expired or revoked one looks to the introspection endpoint), with an
		// expiry far away, so the reader uses it as it is.
		long now = System.currentTimeMillis() / 1000;
		new SecureSecrets(() -> secure, "com.bitfaster.mail/bounces").put("bounce-mailbox", Map.of( //$NON-NLS-1$ //$NON-NLS-2$
				OAuthSettings.SECRET_ACCESS_TOKEN, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl".toCharArray(), //$NON-NLS-1$
				OAuthSettings.SECRET_ACCESS_TOKEN_TIMES, (now + "/" + (now + 3600)).toCharArray())); //$NON-NLS-1$
		deliverBounce("gone@dest.test", "forged-token-1@relay.bitfaster.test"); //$NON-NLS-1$ //$NON-NLS-2$
		CoreException refused = assertThrows(CoreException.class, () -> bounces.fetch(new NullProgressMonitor()));
		assertTrue(refused.getMessage().contains("refused the OAuth2 token of \"alice\""), refused.getMessage()); //$NON-NLS-1$
		assertTrue(refused.getMessage().contains("sign in again"), refused.getMessage()); //$NON-NLS-1$
		assertTrue(dovecot.log().contains("Introspection failed"), dovecot.log()); //$NON-NLS-1$
		assertTrue(CampaignBounce.read(ledger).isEmpty());
	}
}
