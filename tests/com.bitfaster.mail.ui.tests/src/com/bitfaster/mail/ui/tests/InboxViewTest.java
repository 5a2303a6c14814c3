package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.internal.LocalMailServerComponent;
import com.bitfaster.mail.tests.support.Pop3Reader;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;
import com.bitfaster.mail.ui.internal.inbox.InboxMessage;
import com.bitfaster.mail.ui.internal.inbox.InboxView;
import com.bitfaster.mail.ui.internal.preferences.LocalServerPreferencePage;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * The Inbox view against the real local mail server (GreenMail, started and stopped with the commands): messages sent
 * with plain Angus SMTP are listed, opened, deleted and cleared over POP3.
 */
class InboxViewTest {

	private LocalMailServer server;

	@BeforeEach
	void setUp() {
		reset();
		prompts().answer = true;
		server = MailServices.localServer().orElseThrow(() -> new AssertionError("local mail server not running")); //$NON-NLS-1$
	}

	@AfterEach
	void tearDown() {
		if (server != null && server.isRunning()) {
			server.stop();
		}
	}

	@Test
	void inboxListsOpensDeletesAndClearsMessages() throws Exception {
		InboxView view = (InboxView) page().showView(InboxView.ID);
		InboxPage inbox = new InboxPage(view);
		if (server.isRunning()) {
			execute(CommandIds.STOP_LOCAL_SERVER);
			waitUntil("server stopped", () -> !server.isRunning() && inbox.saysNotRunning()); //$NON-NLS-1$
		}
		waitUntil("view says the server is not running", inbox::saysNotRunning); //$NON-NLS-1$
		execute(CommandIds.START_LOCAL_SERVER);
		waitUntil("server started and the view knows", () -> server.isRunning() && !inbox.saysNotRunning()); //$NON-NLS-1$

		String address = "inbox-" + System.nanoTime() + "@example.org"; //$NON-NLS-1$ //$NON-NLS-2$
		send(report(address));
		send(lunch(address));

		inbox.read(address);
		waitUntil(() -> "two messages listed (" + inbox.status() + ")", //$NON-NLS-1$ //$NON-NLS-2$
				() -> !inbox.isBusy() && inbox.rowCount() == 2);
		List<InboxMessage> messages = inbox.messages();
		InboxMessage report = messages.stream().filter(m -> m.subject().equals("Quarterly report")).findFirst() //$NON-NLS-1$
				.orElseThrow(() -> new AssertionError(messages.toString()));
		InboxMessage lunch = messages.stream().filter(m -> m.subject().equals("Lunch on Friday")).findFirst() //$NON-NLS-1$
				.orElseThrow(() -> new AssertionError(messages.toString()));
		assertTrue(report.from().contains("ada@example.org"), report.from()); //$NON-NLS-1$
		assertTrue(lunch.from().contains("grace@example.org"), lunch.from()); //$NON-NLS-1$
		assertTrue(report.to().contains(address), report.to());
		inbox.clickHeader(2);
		assertEquals(List.of("Lunch on Friday", "Quarterly report"), inbox.column(2), "sorted by subject"); //$NON-NLS-1$ //$NON-NLS-2$
		inbox.clickHeader(2);
		assertEquals(List.of("Quarterly report", "Lunch on Friday"), inbox.column(2), "a second click reverses"); //$NON-NLS-1$ //$NON-NLS-2$

		inbox.open(report);
		assertTrue(inbox.bodyText().contains("The numbers are attached."), inbox.bodyText()); //$NON-NLS-1$
		assertTrue(inbox.htmlText().contains("<b>attached</b>"), inbox.htmlText()); //$NON-NLS-1$
		assertEquals(List.of("report.csv"), inbox.attachmentNames()); //$NON-NLS-1$
		inbox.showTab(1);
		IWorkbenchPage page = page();
		page.activate(view);
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
		try {
			flush();
			assertNotNull(screenshot(view.getSite().getShell(), "inbox")); //$NON-NLS-1$
			inbox.showTab(3);
			assertNotNull(screenshot(view.getSite().getShell(), "inbox-attachments")); //$NON-NLS-1$
			inbox.showTab(1);
		} finally {
			page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
		}

		assertTrue(report.size() > lunch.size() && lunch.size() > 100, "sizes include the headers: " + messages); //$NON-NLS-1$
		inbox.select(List.of(lunch));
		assertTrue(inbox.canDelete() && inbox.canClear(), "Delete and Clear enabled"); //$NON-NLS-1$
		inbox.deleteSelected();
		waitUntil(() -> "one message left (" + inbox.status() + ")", //$NON-NLS-1$ //$NON-NLS-2$
				() -> !inbox.isBusy() && inbox.rowCount() == 1);
		assertEquals("Quarterly report", inbox.messages().get(0).subject()); //$NON-NLS-1$
		assertEquals(1, pop3Count(address));

		inbox.clear();
		waitUntil(() -> "inbox empty (" + inbox.status() + ")", //$NON-NLS-1$ //$NON-NLS-2$
				() -> !inbox.isBusy() && inbox.rowCount() == 0);
		assertEquals(0, pop3Count(address));
		assertEquals(2, prompts().confirmations.size(), prompts().confirmations::toString);

		execute(CommandIds.STOP_LOCAL_SERVER);
		waitUntil("server stopped and the view says so", () -> !server.isRunning() && inbox.saysNotRunning()); //$NON-NLS-1$
	}

	@Test
	void preferencePageRefusesPortOutOfRange() throws Exception {
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), LocalServerPreferencePage.ID, null,
				null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			flush();
			LocalServerPreferencePage page = assertInstanceOf(LocalServerPreferencePage.class,
					dialog.getSelectedPage());
			List<Text> texts = texts((Composite) page.getControl());
			assertEquals(2, texts.size());
			Text smtp = texts.get(0);
			assertEquals("2525", smtp.getText()); //$NON-NLS-1$
			smtp.setText("70000"); //$NON-NLS-1$
			flush();
			assertFalse(page.isValid(), "70000 must be refused"); //$NON-NLS-1$
			assertNotNull(page.getErrorMessage());
			screenshot(dialog.getShell(), "local-server-preferences"); //$NON-NLS-1$
			smtp.setText("2626"); //$NON-NLS-1$
			flush();
			assertTrue(page.isValid(), page::getErrorMessage);
			assertTrue(page.performOk());
			assertEquals(2626, InstanceScope.INSTANCE.getNode(LocalMailServerComponent.PREFERENCES_NODE)
					.getInt(LocalMailServerComponent.PREF_SMTP_PORT, 0));
		} finally {
			dialog.close();
			InstanceScope.INSTANCE.getNode(LocalMailServerComponent.PREFERENCES_NODE)
					.remove(LocalMailServerComponent.PREF_SMTP_PORT);
		}
	}

	private static List<Text> texts(Composite root) {
		List<Text> found = new java.util.ArrayList<>();
		for (Control child : root.getChildren()) {
			if (child instanceof Text text) {
				found.add(text);
			} else if (child instanceof Composite composite) {
				found.addAll(texts(composite));
			}
		}
		return found;
	}

	private static Session session() {
		return Session.getInstance(new Properties());
	}

	private static MimeMessage report(String to) throws Exception {
		return parse(String.join("\r\n", //$NON-NLS-1$
				"From: Ada Lovelace <ada@example.org>", //$NON-NLS-1$
				"To: " + to, //$NON-NLS-1$
				"Subject: Quarterly report", //$NON-NLS-1$
				"Date: Fri, 27 Nov 2026 09:30:00 +0000", //$NON-NLS-1$
				"MIME-Version: 1.0", //$NON-NLS-1$
				"Content-Type: multipart/mixed; boundary=\"mixed\"", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"--mixed", //$NON-NLS-1$
				"Content-Type: multipart/alternative; boundary=\"alt\"", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"--alt", //$NON-NLS-1$
				"Content-Type: text/plain; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"The numbers are attached.", //$NON-NLS-1$
				"Ada", //$NON-NLS-1$
				"--alt", //$NON-NLS-1$
				"Content-Type: text/html; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"<p>The numbers are <b>attached</b>.</p>", //$NON-NLS-1$
				"--alt--", //$NON-NLS-1$
				"--mixed", //$NON-NLS-1$
				"Content-Type: text/csv; charset=UTF-8; name=\"report.csv\"", //$NON-NLS-1$
				"Content-Disposition: attachment; filename=\"report.csv\"", //$NON-NLS-1$
				"Content-Transfer-Encoding: base64", //$NON-NLS-1$
				"", //$NON-NLS-1$
				java.util.Base64.getMimeEncoder().encodeToString("quarter,revenue\nQ3,1200\n".getBytes()), //$NON-NLS-1$
				"--mixed--", //$NON-NLS-1$
				"")); //$NON-NLS-1$
	}

	private static MimeMessage lunch(String to) throws Exception {
		return parse(String.join("\r\n", //$NON-NLS-1$
				"From: grace@example.org", //$NON-NLS-1$
				"To: " + to, //$NON-NLS-1$
				"Subject: Lunch on Friday", //$NON-NLS-1$
				"Date: Fri, 27 Nov 2026 10:15:00 +0000", //$NON-NLS-1$
				"MIME-Version: 1.0", //$NON-NLS-1$
				"Content-Type: text/plain; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"Shall we meet at noon?", //$NON-NLS-1$
				"")); //$NON-NLS-1$
	}

	/**
	 * A message from its MIME text: sent as it is, so Jakarta Activation needs no content handlers (which it cannot
	 * find in OSGi without the smtp bundle's command map).
	 */
	private static MimeMessage parse(String mime) throws Exception {
		return new MimeMessage(session(), new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
	}

	/** Sends with plain Angus SMTP. */
	private void send(MimeMessage message) throws Exception {
		try (Transport transport = new SMTPTransport(message.getSession(), null)) {
			transport.connect(LocalMailServer.HOST, server.smtpPort(), null, null);
			transport.sendMessage(message, message.getAllRecipients());
		}
	}

	private int pop3Count(String address) throws Exception {
		return Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), address).size();
	}
}
