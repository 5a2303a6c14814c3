package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.Pop3Reader;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
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
		mail = LoopbackGreenMail.start(GreenMailConfiguration.aConfig().withUser("alice@bitfaster.test", USER, PASSWORD), //$NON-NLS-1$
				ServerSetup.PROTOCOL_SMTP, ServerSetup.PROTOCOL_SMTPS, ServerSetup.PROTOCOL_POP3);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
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
		List<MimeMessage> inbox = Pop3Reader.messages(Loopback.HOST, mail.getPop3().getPort(), USER, PASSWORD);
		assertEquals(1, inbox.size());
		return inbox.get(0);
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
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
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
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), USER, "wrong-password"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SendResult result = fx.send(richMessage(), server);
		assertEquals(Status.DEFERRED, result.outcomes().get(0).status());
		assertTrue(result.message().contains("refused the user name \"alice\" or its password"), result.message()); //$NON-NLS-1$
		assertFalse(result.message().contains("Exception"), result.message()); //$NON-NLS-1$
		assertFalse(result.message().contains("wrong-password"), result.message()); //$NON-NLS-1$
		assertEquals(0, mail.getReceivedMessages().length);
	}

	/** A blind copy reaches its recipient, and no copy carries the Bcc header (it would name the blind recipient). */
	@Test
	void bccIsDeliveredButNeverWritten() throws Exception {
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage message = richMessage();
		message.setRecipient(Message.RecipientType.BCC, new InternetAddress("hidden@bitfaster.test")); //$NON-NLS-1$
		message.saveChanges();
		SendResult result = fx.send(message, server);
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(2, result.outcomes().size());
		MimeMessage[] received = mail.getReceivedMessages();
		assertEquals(2, received.length, "one copy each for To and Bcc"); //$NON-NLS-1$
		for (MimeMessage m : received) {
			assertEquals(null, m.getHeader("Bcc"), "no copy names the blind recipient"); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	@Test
	void sameMessageToSeveralRecipientsInOneTransaction() throws Exception {
		mail.setUser("bob@bitfaster.test", "bob", "pw"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), USER, PASSWORD); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage message = Fixture.message("both", "alice@bitfaster.test", "bob@bitfaster.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SendResult result = fx.send(message, server);
		assertTrue(result.allAccepted(), result.toString());
		assertEquals(2, result.outcomes().size());
		assertEquals(2, mail.getReceivedMessages().length);
	}
}
