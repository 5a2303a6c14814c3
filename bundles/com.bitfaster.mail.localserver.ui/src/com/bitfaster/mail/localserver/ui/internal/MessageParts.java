package com.bitfaster.mail.localserver.ui.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/** Reads a kept message's attachments from its raw bytes (in OSGi, Activation cannot always find Angus's handlers). */
final class MessageParts {

	/** One attachment: its file name and its decoded part. */
	record Attachment(String fileName, String contentType, MimeBodyPart part) {
		byte[] bytes() throws IOException, MessagingException {
			try (InputStream in = part.getInputStream()) {
				return in.readAllBytes();
			}
		}
	}

	private MessageParts() {
	}

	static MimeMessage parse(byte[] raw) throws MessagingException {
		return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
	}

	static List<Attachment> attachments(MimeMessage message) throws MessagingException, IOException {
		List<Attachment> found = new ArrayList<>();
		collect(message, found);
		return found;
	}

	private static void collect(Part part, List<Attachment> found) throws MessagingException, IOException {
		if (part.isMimeType("multipart/*")) { //$NON-NLS-1$
			InputStream raw = part instanceof MimeMessage m ? m.getRawInputStream() : ((MimeBodyPart) part).getRawInputStream();
			MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(raw, part.getContentType()));
			for (int i = 0; i < multipart.getCount(); i++) {
				collect(multipart.getBodyPart(i), found);
			}
		} else if (part instanceof MimeBodyPart body
				&& (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null)) {
			String name = part.getFileName() == null ? "attachment" : part.getFileName(); //$NON-NLS-1$
			found.add(new Attachment(name, part.getContentType().split(";")[0], body)); //$NON-NLS-1$
		}
	}
}
