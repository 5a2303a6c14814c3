package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.localserver.ui.internal.LocalMailView;
import com.bitfaster.mail.localserver.ui.internal.LocalServerHandler;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.Pop3Reader;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.MailServices;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * "Release to server..." in the Local Mail view: a message the local server caught is chosen in the view, the button
 * pressed, the real GreenMail chosen in the dialog; GreenMail receives it with the same body bytes and the same
 * headers that matter (sender, recipients, subject, date, Message-ID, MIME structure, campaign headers).
 */
class LocalMailReleaseTest {

	/** The headers a release must pass on unchanged. */
	private static final List<String> HEADERS = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
			"MIME-Version", "Content-Type", "List-Unsubscribe", "X-Campaign"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$

	private LocalMailServer server;
	private GreenMail greenMail;

	@BeforeEach
	void setUp() throws Exception {
		reset();
		server = MailServices.find(LocalMailServer.class).orElseThrow(() -> new AssertionError("no local mail server")); //$NON-NLS-1$
		server.store().clear();
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP, ServerSetup.PROTOCOL_POP3);
	}

	@AfterEach
	void tearDown() {
		if (server != null && server.isRunning()) {
			server.stop();
		}
		if (greenMail != null) {
			greenMail.stop();
		}
	}

	@Test
	void aCaughtMessageIsReleasedToARealServerUnchanged() throws Exception {
		MailServer relay = registry().add(MailServer.builder().name("Release GreenMail").host(LocalMailServer.HOST) //$NON-NLS-1$
				.port(greenMail.getSmtp().getPort()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		LocalMailView view = (LocalMailView) page().showView(LocalMailView.ID);
		if (!server.isRunning()) {
			execute(LocalServerHandler.START);
			waitUntil("server started", server::isRunning); //$NON-NLS-1$
		}
		MimeMessage original = offer();
		// Caught for Ann only (one copy in the local server's store); released to its To and Cc.
		send(original, new InternetAddress("ann@example.org")); //$NON-NLS-1$
		waitUntil(() -> "the message listed: " + view.statusLine().getText(), () -> view.shownMessages().size() == 1);
		StoredMessage caught = view.shownMessages().get(0);
		view.table().setSelection(new StructuredSelection(caught), true);
		flush();

		// The dialog is modal: what the user does in it runs from its own event loop once it shows.
		AtomicReference<String> offered = new AtomicReference<>();
		chooseInDialog(offered);
		Widgets.press(Widgets.button(viewControl(view), "Release to server...")); //$NON-NLS-1$
		assertNotNull(offered.get(), () -> "the server dialog did not show; said: " + prompts().informations //$NON-NLS-1$
				+ ", servers " + registry().activeServers()); //$NON-NLS-1$
		assertTrue(offered.get().startsWith(relay.name() + "  (127.0.0.1:" + greenMail.getSmtp().getPort()), //$NON-NLS-1$
				offered.get());

		waitUntil(() -> "GreenMail received the message; prompts: " + prompts().informations, //$NON-NLS-1$
				() -> greenMail.getReceivedMessages().length == 2 && !prompts().informations.isEmpty());
		assertTrue(prompts().informations.get(0).startsWith("Released through Release GreenMail"), //$NON-NLS-1$
				prompts().informations::toString);
		// To and Cc each got it in their mailbox (read over GreenMail's POP3), the message as caught.
		List<MimeMessage> ann = Pop3Reader.messages(LocalMailServer.HOST, greenMail.getPop3().getPort(), "ann@example.org"); //$NON-NLS-1$
		List<MimeMessage> bob = Pop3Reader.messages(LocalMailServer.HOST, greenMail.getPop3().getPort(), "bob@example.org"); //$NON-NLS-1$
		assertEquals(1, ann.size());
		assertEquals(1, bob.size());
		for (MimeMessage received : List.of(ann.get(0), bob.get(0))) {
			for (String header : HEADERS) {
				assertArrayEquals(original.getHeader(header), received.getHeader(header), header);
			}
			byte[] sentBody = body(raw(original));
			byte[] receivedBody = body(raw(received));
			assertArrayEquals(sentBody, receivedBody,
					() -> "body differs:\n" + new String(receivedBody, StandardCharsets.UTF_8)); //$NON-NLS-1$
		}
		// Still caught: a release is a copy.
		assertEquals(1, server.store().list().size());
		// As the Mail perspective shows it at first start: in the strip below the editors, list and message side by side.
		screenshot(view.getSite().getShell(), "local-mail-released"); //$NON-NLS-1$
	}

	/** When the Release dialog shows, checks it offers the server, chooses it and presses OK. */
	private static void chooseInDialog(AtomicReference<String> offered) {
		Display display = display();
		long end = System.currentTimeMillis() + TIMEOUT_MS;
		Runnable[] poll = new Runnable[1];
		poll[0] = () -> {
			Shell dialog = Arrays.stream(display.getShells())
					.filter(s -> !s.isDisposed() && s.isVisible() && s.getData() instanceof ElementListSelectionDialog)
					.findFirst().orElse(null);
			// The dialog's list is filled by a job after it shows.
			Table list = dialog == null ? null : Widgets.only(dialog, Table.class);
			if (list == null || list.getItemCount() == 0) {
				if (System.currentTimeMillis() < end) {
					display.timerExec(50, poll[0]);
				} else if (dialog != null) {
					dialog.close();
				}
				return;
			}
			if (list.getItemCount() == 1) {
				offered.set(list.getItem(0).getText());
			}
			list.setSelection(0);
			list.notifyListeners(SWT.Selection, null);
			Button ok = Widgets.all(dialog, Button.class).stream()
					.filter(b -> Integer.valueOf(IDialogConstants.OK_ID).equals(b.getData())).findFirst().orElseThrow();
			if (ok.isEnabled()) {
				ok.notifyListeners(SWT.Selection, null);
			} else {
				dialog.close();
			}
		};
		display.timerExec(50, poll[0]);
	}

	private static Composite viewControl(LocalMailView view) {
		return Widgets.partControl(view);
	}

	/** A campaign message as a campaign sends it: HTML and text, campaign headers, a UTF-8 subject, a fixed Message-ID. */
	private static MimeMessage offer() throws Exception {
		String mime = String.join("\r\n", //$NON-NLS-1$
				"From: Spring News <news@company.test>", //$NON-NLS-1$
				"To: Ann <ann@example.org>", //$NON-NLS-1$
				"Cc: bob@example.org", //$NON-NLS-1$
				"Subject: =?UTF-8?Q?Fr=C3=BChling_offer?=", //$NON-NLS-1$
				"Date: Tue, 1 Dec 2026 09:30:00 +0000", //$NON-NLS-1$
				"Message-ID: <release-test-1@company.test>", //$NON-NLS-1$
				"MIME-Version: 1.0", //$NON-NLS-1$
				"List-Unsubscribe: <https://company.test/unsubscribe?u=ann>", //$NON-NLS-1$
				"X-Campaign: spring-2026", //$NON-NLS-1$
				"Content-Type: multipart/alternative; boundary=\"alt\"", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"--alt", //$NON-NLS-1$
				"Content-Type: text/plain; charset=UTF-8", //$NON-NLS-1$
				"Content-Transfer-Encoding: quoted-printable", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"Hello Ann, spring is here: 20 =E2=82=AC off.", //$NON-NLS-1$
				"--alt", //$NON-NLS-1$
				"Content-Type: text/html; charset=UTF-8", //$NON-NLS-1$
				"", //$NON-NLS-1$
				"<p>Hello <b>Ann</b>, spring is here.</p>", //$NON-NLS-1$
				"--alt--", //$NON-NLS-1$
				""); //$NON-NLS-1$
		return new MimeMessage(Session.getInstance(new Properties()),
				new java.io.ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
	}

	private static byte[] raw(MimeMessage message) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toByteArray();
	}

	/**
	 * @return what follows the first empty line, line ends as sent, without a last CRLF (GreenMail keeps the CRLF
	 *         before the final dot as part of the end marker, not of the message)
	 */
	private static byte[] body(byte[] message) {
		int end = message.length;
		if (end >= 2 && message[end - 2] == '\r' && message[end - 1] == '\n') {
			end -= 2;
		}
		for (int i = 0; i + 3 < end; i++) {
			if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
				return Arrays.copyOfRange(message, i + 4, end);
			}
		}
		throw new AssertionError("no header end"); //$NON-NLS-1$
	}

	private void send(MimeMessage message, InternetAddress recipient) throws Exception {
		try (Transport transport = new SMTPTransport(message.getSession(), null)) {
			transport.connect(LocalMailServer.HOST, server.smtpPort(), null, null);
			transport.sendMessage(message, new jakarta.mail.Address[] { recipient });
		}
	}
}
