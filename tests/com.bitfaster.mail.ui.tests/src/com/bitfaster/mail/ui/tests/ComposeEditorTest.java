package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.bindings.TriggerSequence;
import org.eclipse.jface.bindings.keys.KeySequence;
import org.eclipse.jface.bindings.keys.ParseException;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.Pop3Reader;
import com.bitfaster.mail.tests.support.RejectingSmtpServer;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.ui.internal.compose.ComposeEditor;
import com.bitfaster.mail.ui.internal.compose.ComposeModel;
import com.bitfaster.mail.ui.internal.compose.ComposeModel.Field;
import com.bitfaster.mail.ui.internal.compose.MailDraft;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * The compose editor: a mail written in its fields is sent through the sender service to a real GreenMail (SMTP and
 * POP3 on free ports) and read back; line breaks and bad addresses are refused at the field; a rejected recipient
 * keeps the mail open.
 */
class ComposeEditorTest {

	private static final String HOST = Loopback.HOST;
	private static final String SENDER_PASSWORD = "Gr33n-Mail"; //$NON-NLS-1$
	private GreenMail greenMail;

	@BeforeEach
	void setUp() {
		reset();
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP, ServerSetup.PROTOCOL_POP3);
	}

	@AfterEach
	void tearDown() {
		page().closeAllEditors(false);
		if (greenMail != null) {
			greenMail.stop();
		}
	}

	private MailServer greenMailServer(String name) {
		greenMail.setUser("sender@example.org", "sender@example.org", SENDER_PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		return registry().add(MailServer.builder().name(name).host(HOST).port(greenMail.getSmtp().getPort())
				.transportType("smtp").encryption("none").username("sender@example.org") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.allowPlaintextAuth(true).build(), // GreenMail has no STARTTLS: the test allows it explicitly
				SENDER_PASSWORD.toCharArray());
	}

	private static ComposeEditor newMail() throws Exception {
		execute(CommandIds.NEW_MAIL);
		waitUntil("compose editor open", () -> page().getActiveEditor() instanceof ComposeEditor); //$NON-NLS-1$
		return (ComposeEditor) page().getActiveEditor();
	}

	private static Composite body(ComposeEditor editor) {
		return editor.formPage().form().getBody();
	}

	@Test
	void writesAndSendsAMailThroughTheChosenServer() throws Exception {
		registry().add(MailServer.builder().name("Another Server").host("localhost").port(2600) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").username("someone").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer dormant = registry().add(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Dormant Server").host("localhost").port(2601) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").active(false).build(), null); //$NON-NLS-1$
		MailServer server = greenMailServer("GreenMail"); //$NON-NLS-1$
		select(server);
		ComposeEditor editor = newMail();
		Composite body = body(editor);

		// The selected server is preselected, inactive servers are not offered, From is the server's user name.
		Combo servers = field(body, "SERVER"); //$NON-NLS-1$
		List<String> items = Arrays.asList(servers.getItems());
		assertEquals(2, items.size(), items::toString);
		assertTrue(items.stream().noneMatch(i -> i.startsWith(dormant.name())), items::toString);
		assertTrue(servers.getText().startsWith("GreenMail"), servers.getText()); //$NON-NLS-1$
		assertEquals("sender@example.org", editor.model().from.getValue()); //$NON-NLS-1$
		assertFalse(editor.isDirty(), "an untouched mail is not dirty"); //$NON-NLS-1$
		assertFalse(editor.formPage().sendButton().isEnabled(), "nothing to send yet"); //$NON-NLS-1$

		type(body, "FROM", "Sender <sender@example.org>"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "TO", "Ada Lovelace <ada@example.org>; grace@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "CC", "linus@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "BCC", "hidden@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "SUBJECT", "Quarterly report \u2713"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "TEXT", "The numbers are attached.\nAda"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "HTML", "<p>The numbers are <b>attached</b>.</p>"); //$NON-NLS-1$ //$NON-NLS-2$
		Path file = targetDir().resolve("report-" + System.nanoTime() + ".csv"); //$NON-NLS-1$ //$NON-NLS-2$
		byte[] bytes = "quarter,revenue\nQ3,1200\n\u00e9\u0000\u00ff".getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
		Files.write(file, bytes);
		editor.model().addAttachments(List.of(file));
		flush();
		assertTrue(editor.isDirty());
		assertTrue(editor.model().problems().isEmpty(), editor.model().problems()::toString);
		Button send = editor.formPage().sendButton();
		assertTrue(send.isEnabled());
		assertEquals("Quarterly report \u2713", editor.getPartName()); //$NON-NLS-1$
		assertNotNull(screenshot(editor.getSite().getShell(), "compose-in-perspective")); //$NON-NLS-1$
		assertNotNull(screenshot(editor, "compose")); //$NON-NLS-1$
		// The Preview tab renders the bodies as written, the HTML in the browser; the form comes back as it was.
		editor.showPreview(true);
		waitUntil("the preview is rendered", editor.preview()::isRenderComplete); //$NON-NLS-1$
		assertEquals("<p>The numbers are <b>attached</b>.</p>", editor.preview().htmlPart()); //$NON-NLS-1$
		assertEquals("The numbers are attached.\nAda", editor.preview().textPart()); //$NON-NLS-1$
		assertTrue(editor.preview().renderedDocument().contains("<b>attached</b>"), editor.preview().renderedDocument()); //$NON-NLS-1$
		assertNotNull(screenshot(editor, "compose-preview")); //$NON-NLS-1$
		editor.showPreview(false);
		flush();

		send.notifyListeners(SWT.Selection, null);
		waitUntil(() -> "sent (" + editor.report() + ")", //$NON-NLS-1$ //$NON-NLS-2$
				() -> editor.model().state() == ComposeModel.State.SENT);
		assertEquals(IMessageProvider.INFORMATION, editor.report().type());
		assertTrue(editor.report().text().startsWith("Sent to 4 recipient(s) via GreenMail."), editor.report().text()); //$NON-NLS-1$
		assertTrue(editor.report().text().contains("250"), editor.report().text()); //$NON-NLS-1$
		assertEquals(editor.report().text(), editor.formPage().form().getMessage());
		assertFalse(editor.isDirty(), "a sent mail is not dirty"); //$NON-NLS-1$
		assertFalse(send.isEnabled(), "a sent mail is not sent again"); //$NON-NLS-1$
		assertFalse(((Text) field(body, "SUBJECT")).getEditable()); //$NON-NLS-1$
		assertTrue(editor.lastOutcome().result().outcomes().stream()
				.allMatch(o -> o.status() == RecipientOutcome.Status.ACCEPTED));
		assertNotNull(screenshot(editor, "compose-sent")); //$NON-NLS-1$

		assertTrue(greenMail.waitForIncomingEmail(10_000, 4), "one copy per recipient"); //$NON-NLS-1$
		MimeMessage received = greenMail.getReceivedMessages()[0];
		Pop3Reader.withAngus(() -> {
			assertEquals("Quarterly report \u2713", received.getSubject()); //$NON-NLS-1$
			assertEquals("Sender <sender@example.org>", received.getHeader("From", null)); //$NON-NLS-1$ //$NON-NLS-2$
			String to = received.getHeader("To", ","); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(to.contains("ada@example.org") && to.contains("grace@example.org"), to); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("linus@example.org", received.getHeader("Cc", ",")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertNull(received.getHeader("Bcc"), "Bcc must not be in the headers"); //$NON-NLS-1$ //$NON-NLS-2$
			Multipart mixed = assertInstanceOf(Multipart.class, received.getContent());
			assertTrue(received.isMimeType("multipart/mixed"), received.getContentType()); //$NON-NLS-1$
			assertEquals(2, mixed.getCount());
			Multipart alternative = assertInstanceOf(Multipart.class, mixed.getBodyPart(0).getContent());
			assertTrue(mixed.getBodyPart(0).isMimeType("multipart/alternative")); //$NON-NLS-1$
			assertTrue(alternative.getBodyPart(0).isMimeType("text/plain")); //$NON-NLS-1$
			assertEquals("The numbers are attached.\nAda", //$NON-NLS-1$
					alternative.getBodyPart(0).getContent().toString().replace("\r\n", "\n").strip()); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(alternative.getBodyPart(1).isMimeType("text/html")); //$NON-NLS-1$
			assertEquals("<p>The numbers are <b>attached</b>.</p>", //$NON-NLS-1$
					alternative.getBodyPart(1).getContent().toString().strip());
			BodyPart attachment = mixed.getBodyPart(1);
			assertEquals(Part.ATTACHMENT, attachment.getDisposition());
			assertEquals(file.getFileName().toString(), attachment.getFileName());
			try (InputStream in = attachment.getInputStream()) {
				assertArrayEquals(bytes, in.readAllBytes());
			}
			return null;
		});
		// The Bcc recipient got the mail, without a Bcc header.
		List<MimeMessage> hidden = pop3("hidden@example.org"); //$NON-NLS-1$
		assertEquals(1, hidden.size());
		assertEquals("Quarterly report \u2713", hidden.get(0).getSubject()); //$NON-NLS-1$
		assertNull(hidden.get(0).getHeader("Bcc")); //$NON-NLS-1$
		assertEquals(1, pop3("linus@example.org").size()); //$NON-NLS-1$

		// A sent mail closes without a question.
		assertTrue(page().closeEditor(editor, true));
		assertTrue(prompts().confirmations.isEmpty(), prompts().confirmations::toString);
	}

	/**
	 * Check runs the pre-flight check for the single mail: the From domain asked at dnsmasq on loopback (which knows
	 * nothing of it: no SPF, no DMARC, no MX), the message (an all-capitals subject, HTML only, a link over http),
	 * spamd not running. Nothing is sent.
	 */
	@Test
	void checkFindsWhatTheMailWouldRunInto() throws Exception {
		Path dir = java.nio.file.Files.createTempDirectory(targetDir(), "compose-check"); //$NON-NLS-1$
		try (com.bitfaster.mail.tests.support.Dnsmasq dns = com.bitfaster.mail.tests.support.Dnsmasq.start(dir, "test", //$NON-NLS-1$
				List.of("--host-record=unused.pf.test,192.0.2.1"))) { //$NON-NLS-1$
			System.setProperty(com.bitfaster.mail.discovery.ServerDiscovery.DNS_SERVER_PROPERTY, dns.server());
			System.setProperty(com.bitfaster.mail.preflight.PreflightCheck.SPAMD_PROPERTY, HOST + ":" + Loopback.freePort()); //$NON-NLS-1$
			MailServer server = greenMailServer("GreenMail"); //$NON-NLS-1$
			select(server);
			ComposeEditor editor = newMail();
			Composite body = body(editor);
			assertFalse(editor.formPage().checkButton().isEnabled(), "nothing to check yet"); //$NON-NLS-1$
			type(body, "FROM", "Sender <sender@compose.pf.test>"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "TO", "ada@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "SUBJECT", "FREE OFFER INSIDE"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "HTML", "<p>See <a href=\"http://compose.pf.test/offer\">the offer</a>.</p>"); //$NON-NLS-1$ //$NON-NLS-2$
			flush();
			assertTrue(editor.formPage().checkButton().isEnabled());
			com.bitfaster.mail.preflight.PreflightReport report = editor.runCheck();
			assertNotNull(report);
			java.util.Set<String> ids = new java.util.TreeSet<>();
			report.findings().stream().filter(f -> f.severity() != com.bitfaster.mail.preflight.Severity.INFO)
					.forEach(f -> ids.add(f.id()));
			assertEquals(new java.util.TreeSet<>(List.of("msg.subject-caps", "msg.no-text", "msg.http-link", "spf.none", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					"dkim.no-key", "dmarc.none", "mx.none")), ids, report.findings()::toString); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertFalse(report.blocks(), "a single mail is not bulk mail: these warn"); //$NON-NLS-1$
			assertEquals(1, report.withId("spam.unavailable").size(), report.findings()::toString); //$NON-NLS-1$
			assertTrue(report.withId("spf.none").get(0).sentence().startsWith("compose.pf.test publishes no SPF record")); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(0, greenMail.getReceivedMessages().length, "checking sends nothing"); //$NON-NLS-1$
			assertEquals(report, editor.lastCheck());
		} finally {
			System.clearProperty(com.bitfaster.mail.discovery.ServerDiscovery.DNS_SERVER_PROPERTY);
			System.clearProperty(com.bitfaster.mail.preflight.PreflightCheck.SPAMD_PROPERTY);
		}
	}

	@Test
	void lineBreakInAHeaderFieldIsRefusedAtTheField() throws Exception {
		greenMailServer("GreenMail"); //$NON-NLS-1$
		ComposeEditor editor = newMail();
		Composite body = body(editor);
		type(body, "TO", "ada@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		// An empty subject and body are allowed, with a warning.
		assertTrue(editor.formPage().sendButton().isEnabled(), editor.model().problems()::toString);
		assertEquals(IMessageProvider.WARNING, editor.formPage().form().getMessageType());
		assertEquals("The subject is empty.", editor.formPage().form().getMessage()); //$NON-NLS-1$
		assertEquals(List.of("The subject is empty.", "The mail has no text, no HTML and no attachment."), //$NON-NLS-1$ //$NON-NLS-2$
				editor.model().warnings());
		type(body, "TEXT", "Hello"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(editor.formPage().sendButton().isEnabled(), editor.model().problems()::toString);

		String injected = "Hello\r\nBcc: evil@example.org"; //$NON-NLS-1$
		type(body, "SUBJECT", injected); //$NON-NLS-1$
		if (!editor.model().subject.getValue().contains("\n")) { //$NON-NLS-1$
			// The single-line widget dropped the line break itself; a paste or a program may still bring one.
			editor.model().subject.setValue(injected);
			flush();
		}
		assertFieldProblem(editor, Field.SUBJECT, "Subject must not contain line breaks"); //$NON-NLS-1$
		assertTrue(editor.formPage().form().getMessage().contains("Subject must not contain line breaks"), //$NON-NLS-1$
				editor.formPage().form().getMessage());
		assertEquals(IMessageProvider.ERROR, editor.formPage().form().getMessageType());
		assertFalse(editor.formPage().sendAction().isEnabled());
		assertNotNull(screenshot(editor, "compose-error")); //$NON-NLS-1$

		editor.send(); // refused: nothing is sent
		flush();
		assertEquals(ComposeModel.State.EDITING, editor.model().state());
		assertNull(editor.lastOutcome());

		// The same in From, To, Cc and Bcc.
		type(body, "SUBJECT", "Hello"); //$NON-NLS-1$ //$NON-NLS-2$
		for (Field field : List.of(Field.FROM, Field.TO, Field.CC, Field.BCC)) {
			var value = switch (field) {
			case FROM -> editor.model().from;
			case TO -> editor.model().to;
			case CC -> editor.model().cc;
			default -> editor.model().bcc;
			};
			String before = value.getValue();
			value.setValue("x@example.org\nSubject: forged"); //$NON-NLS-1$
			flush();
			assertFieldProblem(editor, field, "must not contain line breaks"); //$NON-NLS-1$
			value.setValue(before);
			flush();
		}
		assertTrue(editor.formPage().sendButton().isEnabled(), editor.model().problems()::toString);

		// Building the message refuses line breaks too, whatever the editor let through.
		MailDraft draft = editor.model().draft();
		MailDraft forged = new MailDraft(draft.server(), draft.from(), draft.to(), draft.cc(), draft.bcc(), injected,
				draft.text(), draft.html(), draft.attachments());
		MessagingException refused = assertThrows(MessagingException.class, forged::toMessage);
		assertTrue(refused.getMessage().contains("line breaks"), refused.getMessage()); //$NON-NLS-1$
		assertThrows(MessagingException.class, () -> new MailDraft(draft.server(), draft.from(),
				"ada@example.org\r\nBcc: evil@example.org", "", "", "Hi", "x", "", List.of()).toMessage()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		assertTrue(MessageHeaders.lineProblem("Subject", "a\rb").isPresent()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(0, greenMail.getReceivedMessages().length, "nothing was sent"); //$NON-NLS-1$
	}

	@Test
	void badAddressIsNamedAtTheField() throws Exception {
		greenMailServer("GreenMail"); //$NON-NLS-1$
		ComposeEditor editor = newMail();
		Composite body = body(editor);
		type(body, "TO", "ada@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "CC", "grace@example.org, not an address@example, \"Doe, Jane\" <jane@example.org>"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFieldProblem(editor, Field.CC, "Cc: 'not an address@example' is not a valid e-mail address."); //$NON-NLS-1$
		assertTrue(editor.formPage().form().getMessage().contains("not an address@example"), //$NON-NLS-1$
				editor.formPage().form().getMessage());
		assertNotNull(screenshot(editor, "compose-bad-address")); //$NON-NLS-1$

		type(body, "CC", "grace@example.org; \"Doe, Jane\" <jane@example.org>"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(editor.model().problem(Field.CC).isEmpty(), editor.model().problems()::toString);
		type(body, "BCC", "ada@"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFieldProblem(editor, Field.BCC, "'ada@'"); //$NON-NLS-1$
		type(body, "BCC", ""); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "FROM", "one@example.org, two@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFieldProblem(editor, Field.FROM, "exactly one"); //$NON-NLS-1$
		type(body, "FROM", "me@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "TO", ""); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "CC", ""); //$NON-NLS-1$ //$NON-NLS-2$
		assertFieldProblem(editor, Field.TO, "at least one recipient"); //$NON-NLS-1$
	}

	@Test
	void rejectedRecipientKeepsTheMailOpenWithTheFailure() throws Exception {
		try (RejectingSmtpServer smtp = new RejectingSmtpServer(List.of("nobody@example.org"))) { //$NON-NLS-1$
			registry().add(MailServer.builder().name("Strict Server").host(HOST).port(smtp.port()) //$NON-NLS-1$
					.transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
			ComposeEditor editor = newMail();
			Composite body = body(editor);
			assertTrue(editor.model().problem(Field.FROM).isPresent(), "no user name, so no From"); //$NON-NLS-1$
			type(body, "FROM", "me@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "TO", "ada@example.org, nobody@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "SUBJECT", "Invitation"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "TEXT", "Come along."); //$NON-NLS-1$ //$NON-NLS-2$
			editor.formPage().sendButton().notifyListeners(SWT.Selection, null);
			waitUntil("send finished", () -> editor.lastOutcome() != null); //$NON-NLS-1$
			flush();

			assertEquals(ComposeModel.State.EDITING, editor.model().state());
			assertTrue(Arrays.asList(page().getEditors()).contains(editor), "the editor stays open"); //$NON-NLS-1$
			assertEquals(IMessageProvider.ERROR, editor.report().type());
			String header = editor.formPage().form().getMessage();
			assertTrue(header.contains("Not sent to 1 of 2 recipient(s)") && header.contains("nobody@example.org") //$NON-NLS-1$ //$NON-NLS-2$
					&& header.contains("550"), header); //$NON-NLS-1$
			assertEquals(1, prompts().informations.size(), prompts().informations::toString);
			String dialog = prompts().informations.get(0);
			assertTrue(dialog.contains("nobody@example.org: rejected 550") && dialog.contains("ada@example.org: accepted"), //$NON-NLS-1$ //$NON-NLS-2$
					dialog);
			assertEquals("ada@example.org, nobody@example.org", editor.model().to.getValue(), "content kept"); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(((Text) field(body, "TO")).getEditable()); //$NON-NLS-1$
			assertTrue(editor.isDirty());
			assertTrue(editor.formPage().sendButton().isEnabled(), "may be sent again after a fix"); //$NON-NLS-1$
			assertEquals(List.of(List.of("ada@example.org")), smtp.delivered()); //$NON-NLS-1$
			assertNotNull(screenshot(editor, "compose-rejected")); //$NON-NLS-1$
		}
	}

	/**
	 * A recipient on the suppression list is left out of the envelope (the headers stay as written), and the editor
	 * says so beside the sent report; the others get the mail, counted at GreenMail.
	 */
	@Test
	void aSuppressedRecipientIsLeftOutAndNamed() throws Exception {
		SuppressionList list = com.bitfaster.mail.ui.MailServices.find(SuppressionList.class).orElseThrow();
		list.add("gone@example.org", SuppressionEntry.Reason.UNSUBSCRIBE, "user"); //$NON-NLS-1$ //$NON-NLS-2$
		try {
			select(greenMailServer("GreenMail")); //$NON-NLS-1$
			ComposeEditor editor = newMail();
			Composite body = body(editor);
			type(body, "TO", "ada@example.org, Gone <GONE@example.org>"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "SUBJECT", "News"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "TEXT", "Hello."); //$NON-NLS-1$ //$NON-NLS-2$
			editor.formPage().sendButton().notifyListeners(SWT.Selection, null);
			waitUntil(() -> "sent (" + editor.report() + ")", //$NON-NLS-1$ //$NON-NLS-2$
					() -> editor.model().state() == ComposeModel.State.SENT);
			assertEquals(IMessageProvider.WARNING, editor.report().type());
			assertTrue(editor.report().text().contains("Not sent to gone@example.org: on the suppression list."), //$NON-NLS-1$
					editor.report().text());
			assertEquals(List.of("gone@example.org"), editor.lastOutcome().suppressed()); //$NON-NLS-1$
			assertNotNull(screenshot(editor, "compose-suppressed")); //$NON-NLS-1$
			// GreenMail stores one message per recipient it accepted: one, for Ada; the suppressed got nothing.
			assertTrue(greenMail.waitForIncomingEmail(10_000, 1));
			assertEquals(1, pop3("ada@example.org").size()); //$NON-NLS-1$
			assertEquals(1, greenMail.getReceivedMessages().length, "a suppressed recipient gets nothing"); //$NON-NLS-1$
		} finally {
			list.remove("gone@example.org"); //$NON-NLS-1$
		}
	}

	@Test
	void closedWhileSendingStillReportsTheFailure() throws Exception {
		try (RejectingSmtpServer smtp = new RejectingSmtpServer(List.of("nobody@example.org"))) { //$NON-NLS-1$
			smtp.holdAnswers();
			registry().add(MailServer.builder().name("Slow Server").host(HOST).port(smtp.port()) //$NON-NLS-1$
					.transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
			ComposeEditor editor = newMail();
			type(body(editor), "FROM", "me@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body(editor), "TO", "ada@example.org; nobody@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body(editor), "SUBJECT", "Slow"); //$NON-NLS-1$ //$NON-NLS-2$
			Event ctrlEnter = new Event();
			ctrlEnter.keyCode = SWT.CR;
			ctrlEnter.character = SWT.CR;
			ctrlEnter.stateMask = SWT.MOD1;
			((Text) field(body(editor), "TEXT")).notifyListeners(SWT.KeyDown, ctrlEnter); //$NON-NLS-1$
			assertFalse(ctrlEnter.doit, "Ctrl+Enter sends instead of adding a line"); //$NON-NLS-1$
			assertEquals(ComposeModel.State.SENDING, editor.model().state());
			assertFalse(editor.formPage().sendButton().isEnabled(), "not sent twice"); //$NON-NLS-1$
			assertTrue(editor.formPage().form().getMessage().startsWith("Sending through Slow Server"), //$NON-NLS-1$
					editor.formPage().form().getMessage());
			prompts().answer = true;
			assertTrue(page().closeEditor(editor, true));
			assertTrue(prompts().confirmations.get(0).contains("being sent"), prompts().confirmations::toString); //$NON-NLS-1$
			smtp.release();
			waitUntil("failure reported after the editor closed", () -> !prompts().informations.isEmpty()); //$NON-NLS-1$
			assertTrue(prompts().informations.get(0).contains("nobody@example.org: rejected 550"), //$NON-NLS-1$
					prompts().informations::toString);
		}
	}

	@Test
	void missingAttachmentIsRefusedAtSend() throws Exception {
		greenMailServer("GreenMail"); //$NON-NLS-1$
		ComposeEditor editor = newMail();
		Composite body = body(editor);
		type(body, "TO", "ada@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "SUBJECT", "Files"); //$NON-NLS-1$ //$NON-NLS-2$
		Path gone = targetDir().resolve("gone-" + System.nanoTime() + ".txt"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(gone, "soon gone"); //$NON-NLS-1$
		Path extra = targetDir().resolve("extra-" + System.nanoTime() + ".txt"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(extra, "removed again"); //$NON-NLS-1$
		editor.model().addAttachments(List.of(gone, extra));
		flush();
		Table table = field(body, "ATTACHMENTS"); //$NON-NLS-1$
		assertEquals(2, table.getItemCount());
		assertEquals(extra.getFileName().toString(), table.getItem(1).getText(0));
		assertEquals("13 B", table.getItem(1).getText(1)); //$NON-NLS-1$
		Button remove = field(body, "removeAttachment"); //$NON-NLS-1$
		assertFalse(remove.isEnabled(), "nothing selected"); //$NON-NLS-1$
		table.setSelection(1);
		table.notifyListeners(SWT.Selection, null);
		assertTrue(remove.isEnabled());
		remove.notifyListeners(SWT.Selection, null);
		flush();
		assertEquals(List.of(gone.toAbsolutePath().normalize()), editor.model().attachments());
		assertEquals(1, table.getItemCount());
		Files.delete(gone);
		editor.send();
		waitUntil("send finished", () -> editor.lastOutcome() != null); //$NON-NLS-1$
		flush();
		assertEquals(ComposeModel.State.EDITING, editor.model().state());
		assertTrue(editor.report().text().contains(gone.getFileName().toString()), editor.report().text());
		assertEquals(0, greenMail.getReceivedMessages().length);
	}

	@Test
	void closingAnUnsentMailAsksFirst() throws Exception {
		greenMailServer("GreenMail"); //$NON-NLS-1$
		ComposeEditor editor = newMail();
		type(body(editor), "SUBJECT", "Draft"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(editor.isDirty());
		prompts().answer = false;
		page().closeEditor(editor, true);
		flush();
		assertTrue(Arrays.asList(page().getEditors()).contains(editor), "kept open when the user says no"); //$NON-NLS-1$
		assertEquals(1, prompts().confirmations.size());
		assertTrue(prompts().confirmations.get(0).contains("not sent"), prompts().confirmations::toString); //$NON-NLS-1$
		prompts().answer = true;
		assertTrue(page().closeEditor(editor, true));
		flush();
		assertFalse(Arrays.asList(page().getEditors()).contains(editor));

		// An empty mail closes without a question.
		IEditorPart empty = newMail();
		assertTrue(page().closeEditor(empty, true));
		assertEquals(2, prompts().confirmations.size());
	}

	@Test
	void aNewMailStartsWithAHintAndShowsProblemsOnceTheUserWrites() throws Exception {
		greenMailServer("GreenMail"); //$NON-NLS-1$
		ComposeEditor editor = newMail();
		Composite body = body(editor);
		ControlDecoration to = editor.formPage().decoration(Field.TO);
		assertTrue(editor.model().problem(Field.TO).isPresent(), "no recipient yet"); //$NON-NLS-1$
		assertFalse(to.isVisible(), "no error before the user writes"); //$NON-NLS-1$
		assertEquals(IMessageProvider.INFORMATION, editor.formPage().form().getMessageType());
		assertTrue(editor.formPage().form().getMessage().startsWith("Write the mail"), //$NON-NLS-1$
				editor.formPage().form().getMessage());
		assertFalse(editor.formPage().sendButton().isEnabled());
		assertNotNull(screenshot(editor, "compose-new")); //$NON-NLS-1$

		type(body, "SUBJECT", "Hello"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFieldProblem(editor, Field.TO, "at least one recipient"); //$NON-NLS-1$
		assertEquals(IMessageProvider.ERROR, editor.formPage().form().getMessageType());
	}

	@Test
	void withoutAnActiveServerTheMailCannotBeSent() throws Exception {
		registry().add(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Off").host("localhost").port(2602).transportType("smtp") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.active(false).build(), null);
		ComposeEditor editor = newMail();
		assertEquals(0, ((Combo) field(body(editor), "SERVER")).getItemCount()); //$NON-NLS-1$
		assertFieldProblem(editor, Field.SERVER, "no active server"); //$NON-NLS-1$

		// A server switched on meanwhile is offered and chosen.
		MailServer server = greenMailServer("GreenMail"); //$NON-NLS-1$
		waitUntil("server offered", () -> server.id().equals(editor.model().serverId.getValue())); //$NON-NLS-1$
		assertTrue(editor.model().problem(Field.SERVER).isEmpty());
	}

	@Test
	void navigatorMenuOffersNewMailViaTheSelectedServer() throws Exception {
		MailServer server = greenMailServer("GreenMail"); //$NON-NLS-1$
		select(server);
		Menu menu = navigator().getCommonViewer().getTree().getMenu();
		menu.notifyListeners(SWT.Show, new Event());
		flush();
		List<String> items = Arrays.stream(menu.getItems()).map(MenuItem::getText).toList();
		menu.notifyListeners(SWT.Hide, new Event());
		// An item's text ends with its key after a tab.
		assertTrue(items.contains("New Mail via this Server\tShift+Ctrl+M"), items::toString); //$NON-NLS-1$
	}

	@Test
	void newMailHasCtrlShiftM() {
		IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
		TriggerSequence[] keys = bindings.getActiveBindingsFor(CommandIds.NEW_MAIL);
		assertTrue(Arrays.stream(keys).anyMatch(k -> {
			try {
				return k.equals(KeySequence.getInstance("CTRL+SHIFT+M")); //$NON-NLS-1$
			} catch (ParseException e) {
				throw new AssertionError(e);
			}
		}), Arrays.toString(keys));
	}

	private static void assertFieldProblem(ComposeEditor editor, Field field, String fragment) {
		ControlDecoration decoration = editor.formPage().decoration(field);
		assertTrue(decoration.isVisible(), field + " shows no problem"); //$NON-NLS-1$
		assertTrue(decoration.getDescriptionText().contains(fragment),
				field + ": " + decoration.getDescriptionText()); //$NON-NLS-1$
		assertFalse(editor.formPage().sendButton().isEnabled(), "Send must be disabled"); //$NON-NLS-1$
		assertFalse(editor.model().canSend());
	}

	private List<MimeMessage> pop3(String address) throws Exception {
		return Pop3Reader.messages(HOST, greenMail.getPop3().getPort(), address);
	}
}
