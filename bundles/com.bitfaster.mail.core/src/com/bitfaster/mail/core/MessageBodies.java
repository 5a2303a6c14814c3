package com.bitfaster.mail.core;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;

/** The body of a message as mail programs expect it: plain text, HTML, or both as multipart/alternative (UTF-8). */
public final class MessageBodies {

	private static final String UTF_8 = "UTF-8"; //$NON-NLS-1$

	private MessageBodies() {
	}

	/**
	 * Sets the content of {@code part} (a message or a body part) from a plain-text and an HTML body.
	 *
	 * @param text the plain-text body; empty when there is only HTML
	 * @param html the HTML body; empty when there is only text
	 */
	public static void fill(MimePart part, String text, String html) throws MessagingException {
		if (html == null || html.isEmpty()) {
			part.setText(text == null ? "" : text, UTF_8); //$NON-NLS-1$
		} else if (text == null || text.isEmpty()) {
			part.setText(html, UTF_8, "html"); //$NON-NLS-1$
		} else {
			MimeBodyPart plain = new MimeBodyPart();
			plain.setText(text, UTF_8);
			MimeBodyPart rich = new MimeBodyPart();
			rich.setText(html, UTF_8, "html"); //$NON-NLS-1$
			part.setContent(new MimeMultipart("alternative", plain, rich)); //$NON-NLS-1$
		}
	}
}
