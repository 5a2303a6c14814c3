package com.bitfaster.mail.localserver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.internal.EmbeddedMailServer;
import com.bitfaster.mail.localserver.internal.MaildirStore;
import com.bitfaster.mail.tests.support.Pop3Reader;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

class LocalMailServerTest {

	@TempDir
	Path dir;

	@Test
	void eachStartAndStopIsAnnouncedOnceToTheStateListeners() {
		EmbeddedMailServer server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		List<LocalMailServer.State> heard = new CopyOnWriteArrayList<>();
		Consumer<LocalMailServer.State> listener = state -> heard.add(state);
		server.addStateListener(listener);
		try {
			server.start();
			// Told after the fact: a listener asking the server sees the new state.
			assertEquals(List.of(LocalMailServer.State.STARTED), heard);
			assertTrue(server.isRunning());
			server.start(); // running already: nothing to announce
			server.stop();
			server.stop();
			assertEquals(List.of(LocalMailServer.State.STARTED, LocalMailServer.State.STOPPED), heard);
			server.removeStateListener(listener);
			server.start();
			server.stop();
			assertEquals(2, heard.size());
		} finally {
			server.stop();
		}
	}

	@Test
	void aMailSentOverSmtpIsReadOverPop3WithTheAddressAsLogin() throws Exception {
		EmbeddedMailServer server = new EmbeddedMailServer(new MaildirStore(dir, 0), 0, 0);
		server.start();
		try {
			assertTrue(server.isRunning());
			LocalMail.sendWithAngus(server.smtpPort(), "me@bitfaster.local", "ada@example.org", "Hello from the local server", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					"It arrived."); //$NON-NLS-1$
			List<MimeMessage> inbox = Pop3Reader.messages(LocalMailServer.HOST, server.pop3Port(), "ada@example.org"); //$NON-NLS-1$
			assertEquals(1, inbox.size());
			Message received = inbox.get(0);
			assertEquals("Hello from the local server", received.getSubject()); //$NON-NLS-1$
			// Read the decoded body bytes: in OSGi, Activation's mailcap lookup cannot see Angus's text handlers.
			try (java.io.InputStream body = received.getInputStream()) {
				assertEquals("It arrived.", new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip()); //$NON-NLS-1$
			}
		} finally {
			server.stop();
		}
	}

	@Test
	void aBusyPreferredPortIsReplacedAndReported() throws IOException, MessagingException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int busy = taken.getLocalPort();
			EmbeddedMailServer first = new EmbeddedMailServer(new MaildirStore(dir, 0), busy, 0);
			first.start();
			try {
				assertNotEquals(busy, first.smtpPort());
				assertEquals("Port " + busy + " for SMTP was busy; the local mail server uses port " + first.smtpPort() //$NON-NLS-1$ //$NON-NLS-2$
						+ " instead.", first.portNote().orElseThrow()); //$NON-NLS-1$
				// A second local server (the command line next to the workbench) with the same preferences.
				EmbeddedMailServer second = new EmbeddedMailServer(new MaildirStore(dir, 0), first.smtpPort(), first.pop3Port());
				second.start();
				try {
					assertNotEquals(first.smtpPort(), second.smtpPort());
					assertNotEquals(first.pop3Port(), second.pop3Port());
					assertTrue(second.portNote().isPresent());
				} finally {
					second.stop();
				}
			} finally {
				first.stop();
			}
		}
	}
}
