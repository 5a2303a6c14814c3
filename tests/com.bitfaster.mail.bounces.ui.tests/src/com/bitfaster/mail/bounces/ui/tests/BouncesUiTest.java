package com.bitfaster.mail.bounces.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.ui.internal.BouncesPreferencePage;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.ui.internal.CampaignReportView;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.MailServices;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The Bounces preference page (a field's problem named, Read Now against a real POP3S mailbox, GreenMail, pinned
 * certificate) and the Campaign Report's "Bounced later" filter; screenshots of both.
 */
class BouncesUiTest {

	@Test
	void readNowRecordsABounceThatTheCampaignReportShows() throws Exception {
		Path dir = Files.createTempDirectory("bounces-ui"); //$NON-NLS-1$
		Path campaign = dir.resolve("spring.campaign.json"); //$NON-NLS-1$
		Files.writeString(dir.resolve("list.csv"), "email\ngone@dest.test\nok@dest.test\n"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(campaign, "{\"name\": \"Spring sale\", \"from\": \"news@company.test\", \"subject\": \"Hello\"," //$NON-NLS-1$
				+ " \"text\": \"Hello\", \"list\": \"list.csv\", \"servers\": []}"); //$NON-NLS-1$
		Path ledger = campaign.resolveSibling(campaign.getFileName() + ".ledger"); //$NON-NLS-1$
		try (CampaignLedger l = CampaignLedger.open(ledger, "ui-spring")) { //$NON-NLS-1$
			l.begin(List.of("gone@dest.test", "ok@dest.test")); //$NON-NLS-1$ //$NON-NLS-2$
			l.record("gone@dest.test", DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued"); //$NON-NLS-1$ //$NON-NLS-2$
			l.record("ok@dest.test", DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		CampaignDirectory.ofDefault().record("ui-spring", ledger); //$NON-NLS-1$
		String token = MailServices.find(RecipientTokens.class).orElseThrow()
				.issue(RecipientTokens.Purpose.BOUNCE, "ui-spring", "gone@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$

		GreenMail greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_POP3S);
		try {
			GreenMailUser user = greenMail.setUser("bounces@bounce.test", "bounces", "ui-secret"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			user.deliver(new MimeMessage(Session.getInstance(new Properties()),
					new ByteArrayInputStream(dsn(token).getBytes(StandardCharsets.UTF_8))));
			int port = greenMail.getPop3s().getPort();

			PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
					PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), BouncesPreferencePage.ID, null, null);
			dialog.setBlockOnOpen(false);
			dialog.open();
			try {
				flush();
				BouncesPreferencePage page = assertInstanceOf(BouncesPreferencePage.class, dialog.getSelectedPage());
				org.eclipse.swt.widgets.Composite body = (org.eclipse.swt.widgets.Composite) page.getControl();
				Widgets.select((Combo) field(body, "protocol"), 1); //$NON-NLS-1$
				fill(body, "bounce.company.test", port, "not-a-fingerprint"); //$NON-NLS-1$ //$NON-NLS-2$
				flush();
				assertTrue(page.getErrorMessage() != null && page.getErrorMessage().startsWith("Pinned certificate"), //$NON-NLS-1$
						String.valueOf(page.getErrorMessage()));
				assertTrue(!page.isValid());
				fill(body, "bounce.company.test", port, pin(port)); //$NON-NLS-1$
				flush();
				assertEquals(null, page.getErrorMessage());
				Widgets.press((org.eclipse.swt.widgets.Button) field(body, "readNow")); //$NON-NLS-1$
				Label status = (Label) field(body, "status"); //$NON-NLS-1$
				waitUntil(() -> "Read Now result: " + status.getText(), () -> status.getText().contains("1 hard")); //$NON-NLS-1$ //$NON-NLS-2$
				screenshot(dialog.getShell(), "bounces-preferences"); //$NON-NLS-1$
				assertNothingClipped(body, status);
				BounceMailbox saved = MailServices.find(com.bitfaster.mail.bounces.BounceService.class).orElseThrow().mailbox();
				assertEquals(BounceMailbox.Protocol.POP3, saved.protocol());
				assertEquals(port, saved.port());
			} finally {
				dialog.close();
			}
		} finally {
			greenMail.stop();
		}

		CampaignReportView view = (CampaignReportView) page().showView(CampaignReportView.ID);
		view.show(campaign);
		Table table = Widgets.only(Widgets.partControl(view), Table.class);
		waitUntil("the report's rows", () -> table.getItemCount() == 2); //$NON-NLS-1$
		Combo outcome = Widgets.all(Widgets.partControl(view), Combo.class).get(0);
		Widgets.select(outcome, outcome.getItemCount() - 1); // Bounced later
		waitUntil(() -> "bounced rows: " + table.getItemCount(), () -> table.getItemCount() == 1);
		assertEquals("gone@dest.test", table.getItem(0).getText(0)); //$NON-NLS-1$
		assertTrue(table.getItem(0).getText(table.getColumnCount() - 1).startsWith("hard 5.1.1"), //$NON-NLS-1$
				table.getItem(0).getText(table.getColumnCount() - 1));
		screenshot(view, "campaign-report-bounced"); //$NON-NLS-1$
	}

	/**
	 * OAuth2 chosen on the page: the password is off, provider and client id on, a bad issuer named at the top, and
	 * what is saved is the choice and the application, no secret; Sign In is offered, nobody is signed in yet.
	 */
	@Test
	void oauth2IsChosenOnThePageAndSavedWithItsApplication() throws Exception {
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), BouncesPreferencePage.ID, null, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			flush();
			BouncesPreferencePage page = assertInstanceOf(BouncesPreferencePage.class, dialog.getSelectedPage());
			org.eclipse.swt.widgets.Composite body = (org.eclipse.swt.widgets.Composite) page.getControl();
			fill(body, "bounce.company.test", 993, ""); //$NON-NLS-1$ //$NON-NLS-2$
			((org.eclipse.swt.widgets.Text) field(body, "password")).setText(""); //$NON-NLS-1$ //$NON-NLS-2$
			((org.eclipse.swt.widgets.Text) field(body, "user")).setText("bounces@company.test"); //$NON-NLS-1$ //$NON-NLS-2$
			Widgets.select((Combo) field(body, "auth"), "OAuth2 (XOAUTH2)"); //$NON-NLS-1$ //$NON-NLS-2$
			Widgets.select((Combo) field(body, "provider"), "OpenID provider"); //$NON-NLS-1$ //$NON-NLS-2$
			((org.eclipse.swt.widgets.Text) field(body, "clientId")).setText("bitfaster-bounces"); //$NON-NLS-1$ //$NON-NLS-2$
			((org.eclipse.swt.widgets.Text) field(body, "issuer")).setText("login.company.test"); //$NON-NLS-1$ //$NON-NLS-2$
			flush();
			assertTrue(String.valueOf(page.getErrorMessage()).startsWith("OAuth2 issuer"), String.valueOf(page.getErrorMessage())); //$NON-NLS-1$
			((org.eclipse.swt.widgets.Text) field(body, "issuer")).setText("https://login.company.test/realms/mail"); //$NON-NLS-1$ //$NON-NLS-2$
			flush();
			assertEquals(null, page.getErrorMessage());
			assertTrue(!field(body, "password").isEnabled(), "no password with OAuth2"); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(field(body, "signIn").isEnabled()); //$NON-NLS-1$
			assertTrue(page.performOk());
			flush();
			assertEquals("Not signed in.", ((Label) field(body, "signInState")).getText()); //$NON-NLS-1$ //$NON-NLS-2$
			screenshot(dialog.getShell(), "bounces-preferences-oauth2"); //$NON-NLS-1$
			assertNothingClipped(body, (Label) field(body, "status")); //$NON-NLS-1$
			BounceMailbox saved = MailServices.find(com.bitfaster.mail.bounces.BounceService.class).orElseThrow().mailbox();
			assertEquals(BounceMailbox.Authentication.OAUTH2, saved.authentication());
			assertEquals("bitfaster-bounces", saved.oauth().get("clientId")); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("https://login.company.test/realms/mail", saved.oauth().get("issuer")); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			dialog.close();
		}
	}

	/** The page fits the dialog at its default size: not wider or taller than the room it has, the status all shown. */
	private static void assertNothingClipped(org.eclipse.swt.widgets.Composite body, Label status) {
		org.eclipse.swt.graphics.Rectangle room = body.getParent().getClientArea();
		org.eclipse.swt.graphics.Point wanted = body.computeSize(room.width, org.eclipse.swt.SWT.DEFAULT, true);
		org.eclipse.swt.graphics.Point widest = body.computeSize(org.eclipse.swt.SWT.DEFAULT, org.eclipse.swt.SWT.DEFAULT, true);
		assertTrue(widest.x <= room.width, "the page wants " + widest.x + " px, the dialog gives " + room.width); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(wanted.y <= room.height, "the page wants " + wanted.y + " px high, the dialog gives " + room.height); //$NON-NLS-1$ //$NON-NLS-2$
		int statusHeight = status.computeSize(status.getSize().x, org.eclipse.swt.SWT.DEFAULT, true).y;
		assertTrue(statusHeight <= status.getSize().y, "the status needs " + statusHeight + " px, has " + status.getSize().y); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static org.eclipse.swt.widgets.Control field(org.eclipse.swt.widgets.Composite body, String name) {
		return Widgets.field(body, BouncesPreferencePage.FIELD_KEY, name);
	}

	/** Types into the page's fields as a user would. */
	private static void fill(org.eclipse.swt.widgets.Composite body, String domain, int port, String pin) {
		Widgets.select((Combo) field(body, "auth"), 0); //$NON-NLS-1$
		((org.eclipse.swt.widgets.Text) field(body, "returnPathDomain")).setText(domain); //$NON-NLS-1$
		((org.eclipse.swt.widgets.Text) field(body, "host")).setText("127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$
		((org.eclipse.swt.widgets.Spinner) field(body, "port")).setSelection(port); //$NON-NLS-1$
		((org.eclipse.swt.widgets.Text) field(body, "user")).setText("bounces"); //$NON-NLS-1$ //$NON-NLS-2$
		((org.eclipse.swt.widgets.Text) field(body, "password")).setText("ui-secret"); //$NON-NLS-1$ //$NON-NLS-2$
		((org.eclipse.swt.widgets.Text) field(body, "pinned")).setText(pin); //$NON-NLS-1$
	}

	private static String pin(int port) throws Exception {
		java.security.cert.X509Certificate[] seen = new java.security.cert.X509Certificate[1];
		javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS"); //$NON-NLS-1$
		// Only records the certificate the server shows (what a user looks at before pinning it).
		context.init(null, new javax.net.ssl.TrustManager[] { new javax.net.ssl.X509TrustManager() {
			@Override
			public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
				seen[0] = chain[0];
			}

			@Override
			public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
				throw new UnsupportedOperationException();
			}

			@Override
			public java.security.cert.X509Certificate[] getAcceptedIssuers() {
				return new java.security.cert.X509Certificate[0];
			}
		} }, null);
		try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) { //$NON-NLS-1$
			s.startHandshake();
		}
		return java.util.HexFormat.ofDelimiter(":").withUpperCase() //$NON-NLS-1$
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(seen[0].getEncoded())); //$NON-NLS-1$
	}

	/** A DSN in the shape Postfix writes (see the bounces tests' postfix-dsn fixture, made by a real Postfix). */
	private static String dsn(String token) {
		return String.join("\r\n", //$NON-NLS-1$
				"Delivered-To: bounce+" + token + "@bounce.company.test", //$NON-NLS-1$ //$NON-NLS-2$
				"From: Mail Delivery System <MAILER-DAEMON@relay.test>", //$NON-NLS-1$
				"To: bounce+" + token + "@bounce.company.test", //$NON-NLS-1$ //$NON-NLS-2$
				"Subject: Undelivered Mail Returned to Sender", "Message-Id: <ui-dsn-1@relay.test>", "MIME-Version: 1.0", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"", "", //$NON-NLS-1$ //$NON-NLS-2$
				"--b1", "Content-Type: text/plain", "", "<gone@dest.test>: host said: 550 5.1.1 User unknown", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				"--b1", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; relay.test", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				"Final-Recipient: rfc822; gone@dest.test", "Action: failed", "Status: 5.1.1", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Diagnostic-Code: smtp; 550 5.1.1 User unknown", "", "--b1--", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}
}
