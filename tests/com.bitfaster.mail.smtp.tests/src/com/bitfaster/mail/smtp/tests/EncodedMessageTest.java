package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.EncodedMessage;
import com.bitfaster.mail.core.MessageBodies;

import jakarta.activation.DataHandler;
import jakarta.mail.IllegalWriteException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/** An encoded message writes exactly the bytes Jakarta Mail writes for the message it was made from. */
class EncodedMessageTest {

	private static final String GREEK = "Καλημέρα σας, αυτό είναι ένα δοκιμαστικό μήνυμα."; //$NON-NLS-1$
	private final Session session = Session.getInstance(new Properties());

	private MimeMessage message(String subject) throws MessagingException {
		MimeMessage m = new MimeMessage(session);
		m.setFrom(new InternetAddress("news@bitfaster.test")); //$NON-NLS-1$
		m.setRecipients(Message.RecipientType.TO, "ann@example.test, bob@example.test"); //$NON-NLS-1$
		m.setRecipients(Message.RecipientType.BCC, "hidden@example.test"); //$NON-NLS-1$
		m.setSubject(subject, "UTF-8"); //$NON-NLS-1$
		return m;
	}

	private static byte[] bytes(MimeMessage m, String... ignore) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		m.writeTo(out, ignore.length == 0 ? null : ignore);
		return out.toByteArray();
	}

	private static void assertSameBytes(MimeMessage original) throws Exception {
		MimeMessage encoded = EncodedMessage.of(original);
		assertInstanceOf(EncodedMessage.class, encoded);
		assertEquals(new String(bytes(original), StandardCharsets.ISO_8859_1), new String(bytes(encoded), StandardCharsets.ISO_8859_1));
		assertEquals(new String(bytes(original, "Bcc", "Content-Length"), StandardCharsets.ISO_8859_1), //$NON-NLS-1$ //$NON-NLS-2$
				new String(bytes(encoded, "Bcc", "Content-Length"), StandardCharsets.ISO_8859_1)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void plainTextInEveryTransferEncodingIsWrittenAsJakartaMailWritesIt() throws Exception {
		for (String text : List.of("Hello,\r\nplain ASCII.\r\n", "x".repeat(1500) + "\n", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Grüße aus Köln, a mostly ASCII line.\n", GREEK + "\n" + GREEK, "")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			MimeMessage m = message("Ünïcode subject ✓"); //$NON-NLS-1$
			m.setText(text, "UTF-8"); //$NON-NLS-1$
			assertSameBytes(m);
			MimeMessage filled = message("Filled ✓"); //$NON-NLS-1$
			MessageBodies.fill(filled, text, ""); //$NON-NLS-1$
			assertSameBytes(filled);
			MimeMessage html = message("HTML"); //$NON-NLS-1$
			MessageBodies.fill(html, "", "<p>" + text + "</p>"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertSameBytes(html);
		}
	}

	@Test
	void quotedPrintableTextIsEncodedAsAngusEncodesIt() throws Exception {
		// Spaces before line breaks, '=' and tabs, bare CR and LF, runs of encoded bytes and lines near 76 columns.
		String alphabet = "abc  =\t\r\n\r\né€\u0001xyz.-"; //$NON-NLS-1$
		java.util.Random random = new java.util.Random(20261128);
		for (int i = 0; i < 300; i++) {
			StringBuilder text = new StringBuilder("x".repeat(random.nextInt(160))); //$NON-NLS-1$
			for (int n = random.nextInt(400); n > 0; n--) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			if (random.nextBoolean()) {
				text.append(' ');
			}
			MimeMessage m = message("QP " + i); //$NON-NLS-1$
			MessageBodies.fill(m, text.toString(), ""); //$NON-NLS-1$
			m.setHeader("Content-Transfer-Encoding", "quoted-printable"); //$NON-NLS-1$ //$NON-NLS-2$
			assertSameBytes(m);
		}
	}

	@Test
	void alternativeBodiesAndAttachedTextInNestedMultipartsAreWrittenAsJakartaMailWritesThem() throws Exception {
		MimeMessage m = message("Report"); //$NON-NLS-1$
		MimeBodyPart body = new MimeBodyPart();
		MessageBodies.fill(body, "Plain\nGrüße\n", "<p>Rich " + GREEK + "</p>"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		MimeBodyPart csv = new MimeBodyPart();
		csv.setText("email,name\nann@example.test,Ann\n", "UTF-8", "csv"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		csv.setFileName("list.csv"); //$NON-NLS-1$
		m.setContent(new MimeMultipart(body, csv));
		m.saveChanges();
		assertSameBytes(m);
	}

	@Test
	void aMessageWithAnAttachedDataSourceIsLeftToBeStreamed() throws Exception {
		MimeMessage m = message("Attachment"); //$NON-NLS-1$
		MimeBodyPart body = new MimeBodyPart();
		MessageBodies.fill(body, "See the attachment.", ""); //$NON-NLS-1$ //$NON-NLS-2$
		MimeBodyPart binary = new MimeBodyPart();
		binary.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[3000], "application/octet-stream"))); //$NON-NLS-1$
		binary.setFileName("data.bin"); //$NON-NLS-1$
		m.setContent(new MimeMultipart(body, binary));
		m.saveChanges();
		assertSame(m, EncodedMessage.of(m));
	}

	@Test
	void aMessageNotYetSavedIsSavedFirstAsWritingItWould() throws Exception {
		MimeMessage m = message("Unsaved"); //$NON-NLS-1$
		MessageBodies.fill(m, "text", "<b>html</b>"); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage encoded = EncodedMessage.of(m);
		assertEquals("1.0", encoded.getHeader("MIME-Version", null)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(m.getMessageID(), encoded.getMessageID());
		assertSameBytes(m);
	}

	@Test
	void aParsedMessageIsLeftAsItIs() throws Exception {
		MimeMessage m = message("Parsed"); //$NON-NLS-1$
		m.setText("body"); //$NON-NLS-1$
		MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(bytes(m)));
		assertSame(parsed, EncodedMessage.of(parsed));
		MimeMessage encoded = EncodedMessage.of(m);
		assertSame(encoded, EncodedMessage.of(encoded));
	}

	@Test
	void theBodyOfAnEncodedMessageCannotChange() throws Exception {
		MimeMessage m = message("Fixed"); //$NON-NLS-1$
		m.setText("body"); //$NON-NLS-1$
		MimeMessage encoded = EncodedMessage.of(m);
		assertThrows(IllegalWriteException.class, () -> encoded.setText("other")); //$NON-NLS-1$
	}

	@Test
	void theTransferEncodingIsTheOneJakartaMailChooses() throws Exception {
		for (String text : List.of("", "plain ASCII\r\n", "x".repeat(999), "x".repeat(998) + "\ny", "tab\tand bell\u0007", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"Grüße aus Köln", GREEK, "中文邮件内容测试", "emoji 😀😀😀😀", "café " + "é".repeat(40))) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
			String expected = MimeUtility.getEncoding(new DataHandler(text, "text/plain; charset=UTF-8")); //$NON-NLS-1$
			assertEquals(expected, MessageBodies.transferEncoding(text), text);
		}
	}

	@Test
	void filledBodiesCarryTheirTransferEncoding() throws Exception {
		MimeMessage m = message("Filled"); //$NON-NLS-1$
		MessageBodies.fill(m, GREEK, ""); //$NON-NLS-1$
		assertEquals("base64", m.getEncoding()); //$NON-NLS-1$
		MessageBodies.fill(m, "", "<p>Grüße</p>"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("quoted-printable", m.getEncoding()); //$NON-NLS-1$
	}
}
