package com.bitfaster.mail.localserver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.localserver.internal.EmbeddedMailServer;
import com.bitfaster.mail.localserver.internal.MaildirStore;
import com.bitfaster.mail.tests.support.Pop3Reader;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** The local server keeps every message on disk, one Maildir per mailbox, across restarts. */
class KeptMailTest {

	@TempDir
	Path dir;

	@Test
	void mailSentThroughTheSenderIsInAMaildirAndListedAfterARestart() throws Exception {
		EmbeddedMailServer server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		server.start();
		try {
			SendResult result = LocalMail.sendWithSender(server.smtpPort(),
					LocalMail.message("me@company.test", "ada@example.org", "Kept on disk", "First.")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			assertTrue(result.allAccepted(), result.toString());
			LocalMail.sendWithAngus(server.smtpPort(), "me@company.test", "ada@example.org", "Second", "Second."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		} finally {
			server.stop();
		}
		// On disk as a Maildir: tmp/ empty, both messages in new/, each starting with the delivery headers.
		Path box = dir.resolve("ada@example.org"); //$NON-NLS-1$
		assertTrue(Files.isDirectory(box.resolve("cur"))); //$NON-NLS-1$
		try (Stream<Path> tmp = Files.list(box.resolve("tmp")); Stream<Path> fresh = Files.list(box.resolve("new"))) { //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(0, tmp.count());
			List<Path> files = fresh.toList();
			assertEquals(2, files.size());
			for (Path file : files) {
				String text = Files.readString(file, StandardCharsets.ISO_8859_1);
				assertTrue(text.startsWith("Return-Path: <me@company.test>\r\nDelivered-To: ada@example.org\r\n"), text); //$NON-NLS-1$
			}
		}

		EmbeddedMailServer again = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		again.start();
		try {
			List<StoredMessage> listed = again.store().list();
			assertEquals(List.of("Second", "Kept on disk"), listed.stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("me@company.test", listed.get(0).from()); //$NON-NLS-1$
			assertEquals("ada@example.org", listed.get(0).to()); //$NON-NLS-1$
			assertFalse(listed.get(0).hasAttachments());
			// POP3 serves the kept mail too.
			List<MimeMessage> pop3 = Pop3Reader.messages(LocalMailServer.HOST, again.pop3Port(), "ada@example.org"); //$NON-NLS-1$
			assertEquals(2, pop3.size());
		} finally {
			again.stop();
		}
	}

	@Test
	void aMessageDeletedOverPop3IsDeletedOnDiskAndOneDeletedOnDiskIsNotServed() throws Exception {
		EmbeddedMailServer server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		List<String> heardDeleted = new CopyOnWriteArrayList<>();
		server.store().addDeletionListener(m -> heardDeleted.add(m.subject()));
		server.start();
		try {
			for (String subject : List.of("Bounce 1", "Bounce 2", "Bounce 3")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				LocalMail.sendWithAngus(server.smtpPort(), "mailer@example.org", "bounces+c1@company.test", subject, "x"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
			LocalMail.sendWithAngus(server.smtpPort(), "me@company.test", "ada@example.org", "Other mailbox", "y"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Path fresh = dir.resolve("bounces@company.test").resolve("new"); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(3, fileCount(fresh));

			// A bounce processor reads the mailbox and deletes what it read, "Bounce 2" only (DELE, then QUIT).
			int deleted = Pop3Reader.delete(LocalMailServer.HOST, server.pop3Port(), "bounces@company.test", "Bounce 2"); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(1, deleted);
			assertEquals(2, fileCount(fresh));
			assertEquals(List.of("Bounce 2"), heardDeleted); // the Local Mail view refreshes on it //$NON-NLS-1$
			assertEquals(List.of("Other mailbox", "Bounce 3", "Bounce 1"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					server.store().list().stream().map(StoredMessage::subject).toList());
			assertEquals(List.of("Bounce 1", "Bounce 3"), subjects( //$NON-NLS-1$ //$NON-NLS-2$
					Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), "bounces@company.test"))); //$NON-NLS-1$

			// Deleted in the store (the Local Mail view's Delete): POP3 no longer serves it.
			server.store().delete(server.store().list().stream().filter(m -> m.subject().equals("Bounce 3")).findFirst() //$NON-NLS-1$
					.orElseThrow());
			assertEquals(List.of("Bounce 1"), subjects( //$NON-NLS-1$
					Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), "bounces@company.test"))); //$NON-NLS-1$

			// The rest, as a processor that empties the mailbox does: the mailbox stays empty after a restart.
			assertEquals(1, Pop3Reader.delete(LocalMailServer.HOST, server.pop3Port(), "bounces@company.test", null)); //$NON-NLS-1$
			assertEquals(0, fileCount(fresh));
			server.stop();
			server.start();
			assertEquals(List.of(), Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), "bounces@company.test")); //$NON-NLS-1$
			assertEquals(List.of("Other mailbox"), server.store().list().stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$
		} finally {
			server.stop();
		}
	}

	private static List<String> subjects(List<MimeMessage> messages) throws Exception {
		List<String> subjects = new java.util.ArrayList<>();
		for (MimeMessage m : messages) {
			subjects.add(m.getSubject());
		}
		return subjects;
	}

	private static long fileCount(Path folder) throws java.io.IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.count();
		}
	}

	@Test
	void aTagIsDroppedForTheMailboxAndKeptInXOriginalTo() throws Exception {
		EmbeddedMailServer server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		List<StoredMessage> heard = new CopyOnWriteArrayList<>();
		server.store().addListener(heard::add);
		server.start();
		try {
			LocalMail.sendWithAngus(server.smtpPort(), "me@company.test", "Bounce+c42.r7@Example.org", "Tagged", "x"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			assertEquals(1, heard.size());
			StoredMessage stored = heard.get(0);
			assertEquals("bounce@example.org", stored.mailbox()); //$NON-NLS-1$
			String raw = new String(server.store().read(stored), StandardCharsets.ISO_8859_1);
			assertTrue(raw.contains("X-Original-To: Bounce+c42.r7@Example.org\r\n"), raw); //$NON-NLS-1$
			assertEquals(1, Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), "bounce@example.org").size()); //$NON-NLS-1$
		} finally {
			server.stop();
		}
	}

	@Test
	void theSizeCapPrunesTheOldestFirstAndDeleteAndClearRemoveFiles() throws Exception {
		MaildirStore store = new MaildirStore(dir, 0);
		byte[] big = ("Subject: m\r\n\r\n" + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		for (int i = 0; i < 5; i++) {
			store.deliver("ann@example.org", "me@company.test", "ann@example.org", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					("Subject: m" + i + "\r\n\r\n" + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
		long each = store.list().get(0).size();
		assertTrue(each > big.length);
		// Over the cap, the oldest go until nine tenths of it is left: 3.6 messages' room keeps 3.
		store.setCapBytes(each * 4);
		store.deliver("bob@example.org", "me@company.test", "bob@example.org", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				("Subject: m5\r\n\r\n" + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<StoredMessage> left = store.list();
		assertEquals(List.of("m5", "m4", "m3"), left.stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(store.totalSize() <= each * 4 * 9 / 10);
		// Under the cap again, the next message prunes nothing.
		store.deliver("bob@example.org", "me@company.test", "bob@example.org", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				("Subject: m6\r\n\r\n" + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of("m6", "m5", "m4", "m3"), store.list().stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		left = store.list();

		store.delete(left.get(1));
		assertEquals(List.of("m6", "m4", "m3"), store.list().stream().map(StoredMessage::subject).toList()); //$NON-NLS-1$ //$NON-NLS-2$
		store.clear();
		assertEquals(0, store.list().size());
		try (Stream<Path> files = Files.list(dir.resolve("ann@example.org").resolve("new"))) { //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(0, files.count());
		}
	}

	@Test
	void anAttachmentIsSeenAndAMessageMovedToCurByAReaderIsStillListed() throws Exception {
		MaildirStore store = new MaildirStore(dir, 0);
		MimeMessage message = LocalMail.message("me@company.test", "ann@example.org", "With file", "see file"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		MimeBodyPart text = new MimeBodyPart();
		text.setText("see file", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		MimeBodyPart file = new MimeBodyPart();
		file.setContent("a,b\r\n1,2\r\n".getBytes(StandardCharsets.US_ASCII), "text/csv"); //$NON-NLS-1$ //$NON-NLS-2$
		file.setDataHandler(new jakarta.activation.DataHandler(
				new jakarta.mail.util.ByteArrayDataSource("a,b\r\n1,2\r\n".getBytes(StandardCharsets.US_ASCII), "text/csv"))); //$NON-NLS-1$ //$NON-NLS-2$
		file.setFileName("list.csv"); //$NON-NLS-1$
		message.setContent(new MimeMultipart(text, file));
		message.saveChanges();
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		Pop3Reader.withAngus(() -> {
			message.writeTo(bytes);
			return null;
		});
		StoredMessage stored = store.deliver("ann@example.org", "me@company.test", "ann@example.org", bytes.toByteArray()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(stored.hasAttachments());
		// mutt marks a message read by moving it to cur/ with flags.
		Path box = dir.resolve("ann@example.org"); //$NON-NLS-1$
		Files.move(box.resolve("new").resolve(stored.id()), box.resolve("cur").resolve(stored.id() + ":2,S")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		MaildirStore reopened = new MaildirStore(dir, 0);
		assertEquals(List.of(stored.id()), reopened.list().stream().map(StoredMessage::id).toList());
		assertEquals(bytes.size(), reopened.read(reopened.list().get(0)).length - ("Return-Path: <me@company.test>\r\n" //$NON-NLS-1$
				+ "Delivered-To: ann@example.org\r\n").length()); //$NON-NLS-1$
		assertTrue(LocalMail.within(Duration.ofSeconds(1), () -> reopened.list().get(0).hasAttachments()));
	}
}
