package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Properties;

import org.eclipse.angus.mail.pop3.POP3Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.activation.DataHandler;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/** GreenMail: plain SMTP and SMTPS with AUTH, the message read back over POP3, wrong passwords. */
class GreenMailTest {

	private static final String USER = "alice"; //$NON-NLS-1$
	private static final String PASSWORD = "s3cret-Pa55"; //$NON-NLS-1$

	@TempDir
	Path dir;
	private Fixture fx;
	private GreenMail mail;

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
		mail = new GreenMail(new ServerSetup[] { new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort(), //$NON-NLS-1$ //$NON-NLS-2$
				new ServerSetup(0, "127.0.0.1", "smtps").dynamicPort(), //$NON-NLS-1$ //$NON-NLS-2$
				new ServerSetup(0, "127.0.0.1", "pop3").dynamicPort() }) //$NON-NLS-1$ //$NON-NLS-2$
				.withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@bitfaster.test", USER, PASSWORD)); //$NON-NLS-1$
		mail.start();
	}

	@AfterEach
	void tearDown() {
		mail.stop();
	}

	private static MimeMessage richMessage() throws Exception {
		MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
		m.setFrom(new InternetAddress("campaigns@bitfaster.test", "Campaigns")); //$NON-NLS-1$ //$NON-NLS-2$
		m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@bitfaster.test")); //$NON-NLS-1$
		m.setSubject("Grüße – Angebot ✉", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		m.setHeader("X-Campaign", "spring-2027"); //$NON-NLS-1$ //$NON-NLS-2$
		MimeBodyPart text = new MimeBodyPart();
		text.setText("Hallo Alice,\r\nhier ist das Angebot.\r\n", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		MimeBodyPart attachment = new MimeBodyPart();
		byte[] data = new byte[3000];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 31);
		}
		attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(data, "application/octet-stream"))); //$NON-NLS-1$
		attachment.setFileName("offer.bin"); //$NON-NLS-1$
		MimeMultipart multipart = new MimeMultipart(text, attachment);
		m.setContent(multipart);
		m.saveChanges();
		return m;
	}

	private Message readBackOverPop3() throws Exception {
		Session session = Session.getInstance(new Properties());
		POP3Store store = new POP3Store(session, new URLName("pop3", "127.0.0.1", mail.getPop3().getPort(), null, USER, PASSWORD)); //$NON-NLS-1$ //$NON-NLS-2$
		store.connect("127.0.0.1", mail.getPop3().getPort(), USER, PASSWORD); //$NON-NLS-1$
		Folder inbox = store.getFolder("INBOX"); //$NON-NLS-1$
		inbox.open(Folder.READ_ONLY);
		assertEquals(1, inbox.getMessageCount());
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		inbox.getMessage(1).writeTo(raw);
		inbox.close(false);
		store.close();
		return new MimeMessage(session, new java.io.ByteArrayInputStream(raw.toByteArray()));
	}

	private void assertSameMessage(MimeMessage sent) throws Exception {
		Message got = readBackOverPop3();
		assertEquals(sent.getSubject(), got.getSubject());
		assertEquals(sent.getMessageID(), ((MimeMessage) got).getMessageID());
		assertEquals(sent.getHeader("X-Campaign", null), ((MimeMessage) got).getHeader("X-Campaign", null)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(InternetAddress.toString(sent.getFrom()), InternetAddress.toString(got.getFrom()));
		assertEquals(InternetAddress.toString(sent.getAllRecipients()), InternetAddress.toString(got.getAllRecipients()));
		Multipart expected = (Multipart) sent.getContent();
		Multipart actual = (Multipart) got.getContent();
		assertEquals(2, actual.getCount());
		assertEquals(((String) expected.getBodyPart(0).getContent()).strip(), ((String) actual.getBodyPart(0).getContent()).strip());
		Part attachment = actual.getBodyPart(1);
		assertEquals("offer.bin", attachment.getFileName()); //$NON-NLS-1$
		assertArrayEquals(expected.getBodyPart(1).getInputStream().readAllBytes(), attachment.getInputStream().readAllBytes());
	}

	@Test
	void plainSmtpWithAuthArrivesIntact() throws Exception {
		MailServer server = fx.server("GreenMail", mail.getSmtp().getPort(), "none", USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage message = richMessage();
		SendResult result = fx.send(message, server);
		assertTrue(result.allAccepted(), result.toString());
		assertTrue(result.outcomes().get(0).reply().startsWith("250"), result.toString()); //$NON-NLS-1$
		assertSameMessage(message);
	}

	@Test
	void smtpsWithAuthNeedsTheCertificatePinned() throws Exception {
		MailServer server = fx.server("GreenMail TLS", mail.getSmtps().getPort(), "ssl", USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		SendResult refused = fx.send(richMessage(), server);
		assertEquals(Status.DEFERRED, refused.outcomes().get(0).status());
		assertTrue(refused.message().contains("is not trusted"), refused.message()); //$NON-NLS-1$
		assertEquals(0, mail.getReceivedMessages().length);

		DiagnosticReport report = fx.test(server, null);
		assertFalse(report.certificateFingerprint().isEmpty(), Fixture.describe(report));
		MailServer pinned = fx.registry.update(server.toBuilder().pinnedCertificate(report.certificateFingerprint()).build());
		MimeMessage message = richMessage();
		SendResult result = fx.send(message, pinned);
		assertTrue(result.allAccepted(), result.toString());
		assertSameMessage(message);
	}

	@Test
	void wrongPasswordGivesAPlainMessage() throws Exception {
		MailServer server = fx.server("GreenMail", mail.getSmtp().getPort(), "none", USER, "wrong-password"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SendResult result = fx.send(richMessage(), server);
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("refused the user name \"alice\" or its password"), result.message()); //$NON-NLS-1$
		assertFalse(result.message().contains("Exception"), result.message()); //$NON-NLS-1$
		assertFalse(result.message().contains("wrong-password"), result.message()); //$NON-NLS-1$
		assertEquals(0, mail.getReceivedMessages().length);
	}

	@Test
	void sameMessageToSeveralRecipientsInOneTransaction() throws Exception {
		mail.setUser("bob@bitfaster.test", "bob", "pw"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		MailServer server = fx.server("GreenMail", mail.getSmtp().getPort(), "none", USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage message = Fixture.message("both", "alice@bitfaster.test", "bob@bitfaster.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SendResult result = fx.send(message, server);
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(2, result.outcomes().size());
		assertEquals(2, mail.getReceivedMessages().length);
	}
}
