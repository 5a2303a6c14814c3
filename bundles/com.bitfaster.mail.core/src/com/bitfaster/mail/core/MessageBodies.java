package com.bitfaster.mail.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.activation.DataHandler;
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
			setText(part, text == null ? "" : text, "plain"); //$NON-NLS-1$ //$NON-NLS-2$
		} else if (text == null || text.isEmpty()) {
			setText(part, html, "html"); //$NON-NLS-1$
		} else {
			MimeBodyPart plain = new MimeBodyPart();
			setText(plain, text, "plain"); //$NON-NLS-1$
			MimeBodyPart rich = new MimeBodyPart();
			setText(rich, html, "html"); //$NON-NLS-1$
			part.setContent(new MimeMultipart("alternative", plain, rich)); //$NON-NLS-1$
		}
	}

	/**
	 * Sets the content of {@code part} from the bodies as {@link #fill(MimePart, String, String)} does, followed by
	 * the attachments in a multipart/mixed when there are any.
	 */
	public static void fill(MimePart part, String text, String html, List<MimeBodyPart> attachments)
			throws MessagingException {
		if (attachments.isEmpty()) {
			fill(part, text, html);
			return;
		}
		MimeBodyPart body = new MimeBodyPart();
		fill(body, text, html);
		MimeMultipart mixed = new MimeMultipart(body);
		for (MimeBodyPart attachment : attachments) {
			mixed.addBodyPart(attachment);
		}
		part.setContent(mixed);
	}

	/**
	 * Sets UTF-8 text and its transfer encoding, so that saving the message need not encode the text once more only to
	 * choose one. The content is what {@code part.setText(text, "UTF-8", subtype)} sets, with the text's bytes kept
	 * for {@link EncodedMessage}.
	 */
	private static void setText(MimePart part, String text, String subtype) throws MessagingException {
		TextContent content = new TextContent(text, "text/" + subtype + "; charset=" + UTF_8); //$NON-NLS-1$ //$NON-NLS-2$
		part.setDataHandler(content);
		part.setHeader("Content-Transfer-Encoding", transferEncoding(content.bytes())); //$NON-NLS-1$
	}

	/**
	 * @return the transfer encoding Jakarta Mail chooses for this text in UTF-8 (MimeUtility.getEncoding): 7bit for
	 *         ASCII in lines of at most 998 bytes, quoted-printable when most bytes are ASCII, otherwise base64
	 */
	public static String transferEncoding(String text) {
		return transferEncoding(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String transferEncoding(byte[] bytes) {
		long other = 0;
		int lineLength = 0;
		boolean longLine = false;
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c == '\r' || c == '\n') {
				lineLength = 0;
				continue;
			}
			longLine |= ++lineLength > 998;
			if (c >= 0x7F || (c < 0x20 && c != '\t')) {
				other++;
			}
		}
		if (other == 0) {
			return longLine ? "quoted-printable" : "7bit"; //$NON-NLS-1$ //$NON-NLS-2$
		}
		return bytes.length - other > other ? "quoted-printable" : "base64"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Text content that keeps its UTF-8 bytes, so that encoding it writes them in one go. */
	static final class TextContent extends DataHandler {
		private final byte[] bytes;

		TextContent(String text, String type) {
			super(text, type);
			bytes = text.getBytes(StandardCharsets.UTF_8);
		}

		/** @return the bytes the text handler would write: the text in UTF-8 (not to be changed) */
		byte[] bytes() {
			return bytes;
		}
	}
}
