package com.bitfaster.mail.ui.internal.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageBodies;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.ui.internal.Messages;

import jakarta.activation.DataHandler;
import jakarta.activation.FileTypeMap;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * A mail as written, ready to become a MIME message. Building it checks every header field again (a line break is
 * refused here too, whatever the editor let through) and reads the attachments, refusing a file that is missing or
 * cannot be read.
 *
 * @param server      the server to send through; {@code null} when none is chosen
 * @param attachments files to attach, in order
 */
public record MailDraft(MailServer server, String from, String to, String cc, String bcc, String subject, String text,
		String html, List<Path> attachments) {

	private static final String UTF_8 = "UTF-8"; //$NON-NLS-1$

	public MailDraft {
		attachments = List.copyOf(attachments);
	}

	/**
	 * @return the message: text and HTML bodies (see {@link MessageBodies#fill}), then the attachments
	 * @throws MessagingException when a header field is not valid
	 * @throws IOException        when an attachment is missing or cannot be read
	 */
	public MimeMessage toMessage() throws MessagingException, IOException {
		InternetAddress[] sender = MessageHeaders.addresses(Messages.Compose_from, from);
		if (sender.length != 1) {
			throw new MessagingException(sender.length == 0 ? Messages.Compose_fromEmpty : Messages.Compose_fromOne);
		}
		InternetAddress[] toList = MessageHeaders.addresses(Messages.Compose_to, to);
		InternetAddress[] ccList = MessageHeaders.addresses(Messages.Compose_cc, cc);
		InternetAddress[] bccList = MessageHeaders.addresses(Messages.Compose_bcc, bcc);
		if (toList.length + ccList.length + bccList.length == 0) {
			throw new MessagingException(Messages.Compose_noRecipient);
		}
		String subjectLine = MessageHeaders.singleLine(Messages.Compose_subject, subject);
		List<MimeBodyPart> files = new ArrayList<>();
		for (Path file : attachments) {
			files.add(attachment(file));
		}
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(sender[0]);
		message.setRecipients(Message.RecipientType.TO, toList);
		message.setRecipients(Message.RecipientType.CC, ccList);
		message.setRecipients(Message.RecipientType.BCC, bccList);
		message.setSubject(subjectLine, UTF_8);
		message.setSentDate(new Date());
		MessageBodies.fill(message, text, html, files);
		message.saveChanges();
		return message;
	}

	/** @return the file as an attachment, its bytes read now */
	private static MimeBodyPart attachment(Path file) throws IOException, MessagingException {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new IOException(NLS.bind(Messages.Compose_attachmentUnreadable, file));
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			throw new IOException(NLS.bind(Messages.Compose_attachmentUnreadable, file), e);
		}
		String name = MessageHeaders.singleLine(Messages.Compose_attachmentName, file.getFileName().toString());
		String type = FileTypeMap.getDefaultFileTypeMap().getContentType(name);
		MimeBodyPart part = new MimeBodyPart();
		part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
		part.setFileName(name);
		part.setDisposition(Part.ATTACHMENT);
		return part;
	}
}
