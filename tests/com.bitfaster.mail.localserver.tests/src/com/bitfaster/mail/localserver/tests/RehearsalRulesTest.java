package com.bitfaster.mail.localserver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.client.SMTPException;
import org.subethamail.smtp.client.SmartClient;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.RehearsalRule;
import com.bitfaster.mail.localserver.RehearsalRules;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.localserver.internal.EmbeddedMailServer;
import com.bitfaster.mail.localserver.internal.MaildirStore;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Each kind of rehearsal rule, as an SMTP client meets it. */
class RehearsalRulesTest {

	@TempDir
	Path dir;
	private EmbeddedMailServer server;

	private EmbeddedMailServer serverWith(String rules) throws Exception {
		server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		server.setRules(RehearsalRules.parse(rules));
		server.start();
		return server;
	}

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void theParserReadsEveryFormAndNamesTheLineOfAMistake() throws Exception {
		RehearsalRules rules = RehearsalRules.parse("""
				# rehearse a campaign
				*@bounce.test reject 550 at RCPT
				slow@* defer 451 times 2

				drop@*  CLOSE after data   # no reply after the dot
				late@* accept then bounce after 10s
				* random 1/20 451 seed 7
				spam@* reject 554 at DATA
				""");
		assertEquals(6, rules.rules().size());
		RehearsalRule random = rules.rules().get(4);
		assertEquals(7, random.line());
		assertEquals(RehearsalRule.Action.RANDOM, random.action());
		assertEquals(20, random.oneIn());
		assertEquals(7, random.seed());
		assertEquals(Duration.ofSeconds(10), rules.rules().get(3).delay());
		assertTrue(rules.rules().get(0).matches("Ann@Bounce.test")); //$NON-NLS-1$
		assertTrue(rules.rules().get(1).matches("slow+x@example.org")); //$NON-NLS-1$

		RehearsalRules.SyntaxException bad = assertThrows(RehearsalRules.SyntaxException.class,
				() -> RehearsalRules.parse("*@a.test reject 550\nslow@* defer 551 times 2\n")); //$NON-NLS-1$
		assertEquals(2, bad.line());
		assertTrue(bad.getMessage().startsWith("line 2: \"slow@* defer 551 times 2\" is not a rule"), bad.getMessage()); //$NON-NLS-1$
	}

	@Test
	void rejectAtRcptAnswers550AndKeepsNothing() throws Exception {
		serverWith("*@bounce.test reject 550 at RCPT"); //$NON-NLS-1$
		SmartClient client = connect();
		try {
			client.from("me@company.test"); //$NON-NLS-1$
			SMTPException refused = assertThrows(SMTPException.class, () -> client.to("ann@bounce.test")); //$NON-NLS-1$
			assertEquals(550, refused.getResponse().getCode());
			assertTrue(refused.getResponse().getMessage().contains("line 1"), refused.getResponse().getMessage()); //$NON-NLS-1$
			client.to("bob@example.org"); //$NON-NLS-1$
			send(client, "Subject: only bob\r\n\r\nhi\r\n"); //$NON-NLS-1$
		} finally {
			client.quit();
		}
		assertEquals(List.of("bob@example.org"), server.store().list().stream().map(StoredMessage::mailbox).toList()); //$NON-NLS-1$
	}

	@Test
	void deferTwiceThenAccept() throws Exception {
		serverWith("slow@* defer 451 times 2"); //$NON-NLS-1$
		List<Integer> codes = new ArrayList<>();
		for (int attempt = 0; attempt < 3; attempt++) {
			SmartClient client = connect();
			try {
				client.from("me@company.test"); //$NON-NLS-1$
				client.to("slow@example.org"); //$NON-NLS-1$
				send(client, "Subject: patient\r\n\r\nhi\r\n"); //$NON-NLS-1$
				codes.add(250);
			} catch (SMTPException e) {
				codes.add(e.getResponse().getCode());
			} finally {
				client.quit();
			}
		}
		assertEquals(List.of(451, 451, 250), codes);
		assertEquals(1, server.store().list().size());
	}

	@Test
	void closeAfterDataGivesNoReplyAndKeepsNothing() throws Exception {
		serverWith("drop@* close after DATA"); //$NON-NLS-1$
		SmartClient client = connect();
		client.from("me@company.test"); //$NON-NLS-1$
		client.to("drop@example.org"); //$NON-NLS-1$
		client.dataStart();
		byte[] body = "Subject: lost\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII); //$NON-NLS-1$
		client.dataWrite(body, body.length);
		IOException dropped = assertThrows(IOException.class, client::dataEnd);
		assertTrue(!(dropped instanceof SMTPException), "a reply came: " + dropped); //$NON-NLS-1$
		client.quit();
		assertEquals(0, server.store().list().size());
	}

	@Test
	void acceptThenBounceSendsAnRfc3464ReportToTheSendersMailbox() throws Exception {
		serverWith("late@* accept then bounce after 1s"); //$NON-NLS-1$
		SmartClient client = connect();
		try {
			client.from("bounces+c1.r9@company.test"); //$NON-NLS-1$
			client.to("late@example.org"); //$NON-NLS-1$
			send(client, "Subject: will bounce\r\nMessage-ID: <m1@company.test>\r\n\r\nhi\r\n"); //$NON-NLS-1$
		} finally {
			client.quit();
		}
		// Accepted and kept, then the DSN arrives in the sender's base mailbox (the tag dropped).
		assertTrue(LocalMail.within(Duration.ofSeconds(20),
				() -> server.store().list().stream().anyMatch(m -> m.mailbox().equals("bounces@company.test")))); //$NON-NLS-1$
		StoredMessage bounce = server.store().list().stream().filter(m -> m.mailbox().equals("bounces@company.test")) //$NON-NLS-1$
				.findFirst().orElseThrow();
		assertEquals("", bounce.envelopeFrom()); //$NON-NLS-1$
		MimeMessage dsn = new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(server.store().read(bounce)));
		assertTrue(dsn.getContentType().startsWith("multipart/report"), dsn.getContentType()); //$NON-NLS-1$
		assertTrue(dsn.getContentType().contains("report-type=delivery-status"), dsn.getContentType()); //$NON-NLS-1$
		String raw = new String(server.store().read(bounce), StandardCharsets.UTF_8);
		assertTrue(raw.contains("X-Original-To: bounces+c1.r9@company.test"), raw); //$NON-NLS-1$
		assertTrue(raw.contains("Content-Type: message/delivery-status"), raw); //$NON-NLS-1$
		assertTrue(raw.contains("Final-Recipient: rfc822; late@example.org"), raw); //$NON-NLS-1$
		assertTrue(raw.contains("Action: failed"), raw); //$NON-NLS-1$
		assertTrue(raw.contains("Message-ID: <m1@company.test>"), raw); //$NON-NLS-1$
	}

	@Test
	void aBounceStillDueWhenTheServerStopsIsSentOnceAfterTheNextStart() throws Exception {
		serverWith("late@* accept then bounce after 5s"); //$NON-NLS-1$
		SmartClient client = connect();
		try {
			client.from("bounces+c2@company.test"); //$NON-NLS-1$
			client.to("late@example.org"); //$NON-NLS-1$
			send(client, "Subject: bounces after a restart\r\nMessage-ID: <m2@company.test>\r\n\r\nhi\r\n"); //$NON-NLS-1$
		} finally {
			client.quit();
		}
		server.stop();
		// Kept in the mail folder, not sent.
		Path pending = dir.resolve(".pending-bounces.json"); //$NON-NLS-1$
		assertTrue(Files.readString(pending).contains("late@example.org"), Files.readString(pending)); //$NON-NLS-1$
		assertEquals(0, bounces(server));

		// Two servers on the folder (the workbench and the command line, say): the bounce is sent by one of them.
		EmbeddedMailServer other = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		try {
			server.start();
			other.start();
			assertTrue(LocalMail.within(Duration.ofSeconds(30), () -> bounces(server) > 0), "no bounce after the restart"); //$NON-NLS-1$
		} finally {
			other.stop();
			server.stop(); // each waits for a bounce it is sending
		}
		assertEquals(1, bounces(server));
		assertFalse(Files.readString(pending).contains("late@example.org"), Files.readString(pending)); //$NON-NLS-1$
		String raw = new String(server.store().read(server.store().list().stream()
				.filter(m -> m.mailbox().equals("bounces@company.test")).findFirst().orElseThrow()), StandardCharsets.UTF_8); //$NON-NLS-1$
		assertTrue(raw.contains("Message-ID: <m2@company.test>"), raw); //$NON-NLS-1$
		assertTrue(raw.contains("Final-Recipient: rfc822; late@example.org"), raw); //$NON-NLS-1$

		// Started once more: nothing left to send.
		server.start();
		server.stop();
		assertEquals(1, bounces(server));
	}

	@Test
	void aDamagedPendingBouncesFileIsKeptAsideAndReported() throws Exception {
		Path pending = dir.resolve(".pending-bounces.json"); //$NON-NLS-1$
		Files.writeString(pending, "{\"version\": 1, \"bounces\": [ {\"id\": "); //$NON-NLS-1$
		List<IStatus> logged = new CopyOnWriteArrayList<>();
		ILogListener listener = (status, plugin) -> logged.add(status);
		Platform.addLogListener(listener);
		try {
			serverWith("late@* accept then bounce after 0s"); //$NON-NLS-1$
		} finally {
			Platform.removeLogListener(listener);
		}
		List<Path> aside;
		try (Stream<Path> files = Files.list(dir)) {
			aside = files.filter(f -> f.getFileName().toString().startsWith(".pending-bounces.json.damaged-")).toList(); //$NON-NLS-1$
		}
		assertEquals(1, aside.size(), "kept aside"); //$NON-NLS-1$
		assertEquals("{\"version\": 1, \"bounces\": [ {\"id\": ", Files.readString(aside.get(0))); //$NON-NLS-1$
		assertTrue(logged.stream().anyMatch(st -> st.getSeverity() == IStatus.ERROR && st.getMessage().contains("damaged") //$NON-NLS-1$
				&& st.getMessage().contains(aside.get(0).getFileName().toString())), logged.toString());
		// The server goes on: a new bounce is kept in a new file and sent.
		SmartClient client = connect();
		try {
			client.from("me@company.test"); //$NON-NLS-1$
			client.to("late@example.org"); //$NON-NLS-1$
			send(client, "Subject: x\r\n\r\nhi\r\n"); //$NON-NLS-1$
		} finally {
			client.quit();
		}
		assertTrue(LocalMail.within(Duration.ofSeconds(30), () -> bounces(server, "me@company.test") == 1)); //$NON-NLS-1$
	}

	private static long bounces(EmbeddedMailServer server) {
		return bounces(server, "bounces@company.test"); //$NON-NLS-1$
	}

	private static long bounces(EmbeddedMailServer server, String mailbox) {
		return server.store().list().stream().filter(m -> m.mailbox().equals(mailbox) && m.envelopeFrom().isEmpty()).count();
	}

	@Test
	void aSeededRandomRuleRefusesTheSameRecipientsEachRun() throws Exception {
		List<List<Integer>> runs = new ArrayList<>();
		for (int run = 0; run < 2; run++) {
			serverWith("* random 1/4 451 seed 7"); //$NON-NLS-1$
			List<Integer> codes = new ArrayList<>();
			SmartClient client = connect();
			try {
				client.from("me@company.test"); //$NON-NLS-1$
				for (int i = 0; i < 40; i++) {
					try {
						client.to("r" + i + "@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
						codes.add(250);
					} catch (SMTPException e) {
						codes.add(e.getResponse().getCode());
					}
				}
			} finally {
				client.quit();
			}
			server.stop();
			runs.add(codes);
		}
		assertEquals(runs.get(0), runs.get(1));
		long refused = runs.get(0).stream().filter(c -> c == 451).count();
		assertTrue(refused > 0 && refused < 40, "refused " + refused); //$NON-NLS-1$
		assertEquals(40, runs.get(0).stream().filter(c -> c == 451 || c == 250).count());
	}

	private SmartClient connect() throws IOException {
		return SmartClient.createAndConnect(LocalMailServer.HOST, server.smtpPort(), "client.test"); //$NON-NLS-1$
	}

	private static void send(SmartClient client, String message) throws IOException {
		client.dataStart();
		byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
		client.dataWrite(bytes, bytes.length);
		client.dataEnd();
	}
}
