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
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.localserver.ui.internal.LocalMailView;
import com.bitfaster.mail.localserver.ui.internal.LocalServerHandler;
import com.bitfaster.mail.localserver.ui.internal.LocalServerPreferencePage;
import com.bitfaster.mail.tests.support.Pop3Reader;
import com.bitfaster.mail.ui.MailServices;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * The Local Mail view against the real local server (started and stopped with the commands): every message it kept,
 * across a restart, searchable, shown with its attachments; Delete and Clear.
 */
class LocalMailViewTest {

	private LocalMailServer server;

	@BeforeEach
	void setUp() throws Exception {
		reset();
		prompts().answer = true;
		server = MailServices.find(LocalMailServer.class).orElseThrow(() -> new AssertionError("no local mail server")); //$NON-NLS-1$
		server.store().clear();
	}

	@AfterEach
	void tearDown() {
		if (server != null && server.isRunning()) {
			server.stop();
		}
	}

	@Test
	void listsMailKeptAcrossARestartSearchesShowsDeletesAndClears() throws Exception {
		LocalMailView view = (LocalMailView) page().showView(LocalMailView.ID);
		if (!server.isRunning()) {
			execute(LocalServerHandler.START);
			waitUntil("server started", server::isRunning); //$NON-NLS-1$
		}
		String address = "local-" + System.nanoTime() + "@example.org"; //$NON-NLS-1$ //$NON-NLS-2$
		send(report(address));
		send(lunch("grace+team@example.org")); //$NON-NLS-1$
		waitUntil(() -> "two messages listed: " + view.statusLine().getText(), () -> view.shownMessages().size() == 2);

		execute(LocalServerHandler.STOP);
		waitUntil(() -> "stopped: " + view.statusLine().getText(),
				() -> !server.isRunning() && view.statusLine().getText().contains("stopped")); //$NON-NLS-1$
		execute(LocalServerHandler.START);
		waitUntil(() -> "started again: " + view.statusLine().getText(),
				() -> server.isRunning() && view.statusLine().getText().contains("SMTP " + server.smtpPort())); //$NON-NLS-1$
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		waitUntil("Stop enabled, Start disabled", () -> commands.getCommand(LocalServerHandler.STOP).isEnabled() //$NON-NLS-1$
				&& !commands.getCommand(LocalServerHandler.START).isEnabled());
		// Kept on disk: both still there after the restart, newest first, any recipient.
		List<StoredMessage> shown = view.shownMessages();
		assertEquals(List.of("Lunch on Friday", "Quarterly report"), shown.stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("grace@example.org", shown.get(0).mailbox()); //$NON-NLS-1$
		assertTrue(shown.get(1).hasAttachments());
		assertFalse(shown.get(0).hasAttachments());
		assertEquals(1, Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), address).size(), "POP3 after restart"); //$NON-NLS-1$

		view.searchField().setText("quarterly"); //$NON-NLS-1$
		flush();
		assertEquals(List.of("Quarterly report"), view.shownMessages().stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$
		view.searchField().setText(""); //$NON-NLS-1$
		flush();
		assertEquals(2, view.shownMessages().size());

		view.table().setSelection(new StructuredSelection(shown.get(1)), true);
		flush();
		assertEquals(1, view.attachmentList().getItemCount());
		assertTrue(view.attachmentList().getItem(0).startsWith("report.csv"), view.attachmentList().getItem(0)); //$NON-NLS-1$
		IWorkbenchPage page = page();
		page.activate(view);
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
		try {
			flush();
			// The browser renders in its own process: the screenshot shows the message once it is done.
			waitUntil("preview rendered", () -> view.preview().isRenderComplete()); //$NON-NLS-1$
			flush();
			assertNotNull(screenshot(view.getSite().getShell(), "local-mail")); //$NON-NLS-1$
		} finally {
			page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
		}

		view.table().setSelection(new StructuredSelection(view.shownMessages().get(0)), true);
		press(view, "Delete"); //$NON-NLS-1$
		waitUntil("one left", () -> view.shownMessages().size() == 1); //$NON-NLS-1$
		assertEquals("Quarterly report", server.store().list().get(0).subject()); //$NON-NLS-1$
		press(view, "Clear..."); //$NON-NLS-1$
		waitUntil("none left", () -> view.shownMessages().isEmpty()); //$NON-NLS-1$
		assertEquals(0, server.store().list().size());
		assertEquals(1, prompts().confirmations.size(), prompts().confirmations::toString);
	}

	@Test
	void theViewAndTheStartStopCommandsFollowTheServerStartedAndStoppedThroughItsApi() throws Exception {
		LocalMailView view = (LocalMailView) page().showView(LocalMailView.ID);
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		waitUntil(() -> "view connected: " + view.statusLine().getText(), () -> !view.statusLine().getText().contains("starting")); //$NON-NLS-1$ //$NON-NLS-2$
		ToolItem start = toolItem(view, "Start Server"); //$NON-NLS-1$
		ToolItem stop = toolItem(view, "Stop Server"); //$NON-NLS-1$
		for (int round = 0; round < 2; round++) {
			// By the API, as the workbench's start-up job and the command line do: no command involved. The wait looks
			// at the widgets only, so nothing but the server's announcements can update them.
			server.start();
			waitUntil(() -> "running in the view and its tool bar: " + view.statusLine().getText() + ", Start " //$NON-NLS-1$ //$NON-NLS-2$
					+ start.isEnabled() + ", Stop " + stop.isEnabled(), //$NON-NLS-1$
					() -> view.statusLine().getText().contains("SMTP " + server.smtpPort()) && stop.isEnabled() //$NON-NLS-1$
							&& !start.isEnabled());
			assertTrue(commands.getCommand(LocalServerHandler.STOP).isEnabled());
			assertFalse(commands.getCommand(LocalServerHandler.START).isEnabled());
			server.stop();
			waitUntil(() -> "stopped in the view and its tool bar: " + view.statusLine().getText() + ", Start " //$NON-NLS-1$ //$NON-NLS-2$
					+ start.isEnabled() + ", Stop " + stop.isEnabled(), //$NON-NLS-1$
					() -> view.statusLine().getText().contains("stopped") && start.isEnabled() && !stop.isEnabled()); //$NON-NLS-1$
			assertTrue(commands.getCommand(LocalServerHandler.START).isEnabled());
			assertFalse(commands.getCommand(LocalServerHandler.STOP).isEnabled());
		}
	}

	/** The tool item with this text in the view's window, the widget the user clicks. */
	private static ToolItem toolItem(LocalMailView view, String text) {
		List<ToolItem> found = new java.util.ArrayList<>();
		collectToolItems(view.getSite().getShell(), text, found);
		assertEquals(1, found.size(), "tool items '" + text + "'"); //$NON-NLS-1$ //$NON-NLS-2$
		return found.get(0);
	}

	private static void collectToolItems(Control control, String text, List<ToolItem> found) {
		if (control instanceof ToolBar bar) {
			for (ToolItem item : bar.getItems()) {
				if (text.equals(item.getText())) {
					found.add(item);
				}
			}
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				collectToolItems(child, text, found);
			}
		}
	}

	@Test
	void aMessageDeletedByAPop3ClientLeavesTheView() throws Exception {
		LocalMailView view = (LocalMailView) page().showView(LocalMailView.ID);
		if (!server.isRunning()) {
			server.start();
		}
		String address = "pop3-" + System.nanoTime() + "@example.org"; //$NON-NLS-1$ //$NON-NLS-2$
		send(lunch(address));
		send(report("other-" + address)); //$NON-NLS-1$
		waitUntil(() -> "two listed: " + view.statusLine().getText(), () -> view.shownMessages().size() == 2); //$NON-NLS-1$
		// A bounce processor reads the mailbox over POP3 and deletes what it read.
		assertEquals(1, Pop3Reader.delete(LocalMailServer.HOST, server.pop3Port(), address, null));
		waitUntil(() -> "the deleted one gone from the view: " + view.shownMessages(), //$NON-NLS-1$
				() -> view.shownMessages().size() == 1 && view.shownMessages().get(0).mailbox().equals("other-" + address)); //$NON-NLS-1$
		assertEquals(1, server.store().list().size());
	}

	@Test
	void preferencePageNamesTheLineOfABadRuleAndStoresGoodRules() throws Exception {
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), LocalServerPreferencePage.ID, null, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			flush();
			LocalServerPreferencePage page = assertInstanceOf(LocalServerPreferencePage.class, dialog.getSelectedPage());
			page.rulesText().setText("*@bounce.test reject 550 at RCPT\nslow@* defer 451 twice\n"); //$NON-NLS-1$
			flush();
			assertFalse(page.isValid());
			assertTrue(page.rulesProblem().startsWith("line 2: "), page.rulesProblem()); //$NON-NLS-1$
			screenshot(dialog.getShell(), "local-server-rules"); //$NON-NLS-1$
			page.rulesText().setText("*@bounce.test reject 550 at RCPT\nslow@* defer 451 times 2\n"); //$NON-NLS-1$
			flush();
			assertTrue(page.isValid(), page::getErrorMessage);
			assertTrue(page.performOk());
			assertEquals("*@bounce.test reject 550 at RCPT\nslow@* defer 451 times 2\n", //$NON-NLS-1$
					InstanceScope.INSTANCE.getNode(LocalServerPreferences.NODE).get(LocalServerPreferences.RULES, "")); //$NON-NLS-1$
		} finally {
			dialog.close();
			InstanceScope.INSTANCE.getNode(LocalServerPreferences.NODE).remove(LocalServerPreferences.RULES);
		}
	}

	/** Clicks the view's button with this text. */
	private static void press(LocalMailView view, String text) {
		Button button = findButton((Composite) view.table().getTable().getParent().getParent().getParent(), text);
		assertNotNull(button, text);
		assertTrue(button.isEnabled(), text + " enabled"); //$NON-NLS-1$
		button.notifyListeners(SWT.Selection, new Event());
		flush();
	}

	private static Button findButton(Composite root, String text) {
		for (Control child : root.getChildren()) {
			if (child instanceof Button b && text.equals(b.getText())) {
				return b;
			}
			if (child instanceof Composite c) {
				Button found = findButton(c, text);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
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
				"--alt", //$NON-NLS-1$
				"Content-Type: text/html; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"<h2>Quarterly report</h2><p>The numbers are <b>attached</b>.</p><table border=1><tr><td>Q3</td><td>1200</td></tr></table>", //$NON-NLS-1$
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
				"MIME-Version: 1.0", //$NON-NLS-1$
				"Content-Type: text/plain; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"Shall we meet at noon?", //$NON-NLS-1$
				"")); //$NON-NLS-1$
	}

	private static MimeMessage parse(String mime) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()),
				new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
	}

	/** Sends with plain Angus SMTP. */
	private void send(MimeMessage message) throws Exception {
		try (Transport transport = new SMTPTransport(message.getSession(), null)) {
			transport.connect(LocalMailServer.HOST, server.smtpPort(), null, null);
			transport.sendMessage(message, message.getAllRecipients());
		}
	}
}
