package com.bitfaster.mail.ui.preview;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * What a preview shows of one message: its headers, raw source, first text and HTML parts and the inline parts an
 * HTML body refers to by {@code cid:}. Reading never throws: a part that cannot be read is left out and noted.
 *
 * @param headers   header name and value, in message order
 * @param source    the message as sent (RFC 5322 text)
 * @param text      the first {@code text/plain} part, or {@code null}
 * @param html      the first {@code text/html} part, or {@code null}
 * @param inline    inline parts by Content-ID (without angle brackets)
 * @param problem   why a part could not be read, or {@code null}
 */
public record MailContent(List<Map.Entry<String, String>> headers, String source, String text, String html,
		Map<String, InlinePart> inline, String problem) {

	/** An inline part: its MIME type and bytes. */
	public record InlinePart(String mimeType, byte[] bytes) {
	}

	/** The content of a message given as its raw bytes. */
	public static MailContent of(byte[] raw) {
		try {
			return of(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)), raw);
		} catch (MessagingException e) {
			return new MailContent(List.of(), new String(raw, StandardCharsets.UTF_8), null, null, Map.of(),
					e.getMessage());
		}
	}

	/** The content of a message. */
	public static MailContent of(MimeMessage message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			message.writeTo(out);
		} catch (IOException | MessagingException e) {
			return new MailContent(List.of(), "", null, null, Map.of(), e.getMessage());
		}
		return of(message, out.toByteArray());
	}

	private static MailContent of(MimeMessage message, byte[] raw) {
		Collector collector = new Collector();
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		try {
			for (Enumeration<Header> all = message.getAllHeaders(); all.hasMoreElements();) {
				Header header = all.nextElement();
				headers.add(Map.entry(header.getName(), header.getValue()));
			}
			collector.walk(message);
		} catch (MessagingException | IOException e) {
			collector.problem = e.getMessage();
		}
		return new MailContent(Collections.unmodifiableList(headers), new String(raw, StandardCharsets.UTF_8),
				collector.text, collector.html, Collections.unmodifiableMap(collector.inline), collector.problem);
	}

	private static final class Collector {
		String text;
		String html;
		final Map<String, InlinePart> inline = new LinkedHashMap<>();
		String problem;

		void walk(Part part) throws MessagingException, IOException {
			if (part.isMimeType("multipart/*")) {
				Multipart multipart = (Multipart) part.getContent();
				for (int i = 0; i < multipart.getCount(); i++) {
					BodyPart child = multipart.getBodyPart(i);
					try {
						walk(child);
					} catch (MessagingException | IOException | RuntimeException e) {
						problem = e.getMessage();
					}
				}
				return;
			}
			String[] ids = part.getHeader("Content-ID");
			if (ids != null && ids.length > 0) {
				String id = ids[0].trim().replaceAll("^<|>$", ""); //$NON-NLS-1$ //$NON-NLS-2$
				String type = part.getContentType() == null ? "application/octet-stream" //$NON-NLS-1$
						: part.getContentType().split(";")[0].trim().toLowerCase(); //$NON-NLS-1$
				try (InputStream in = part.getInputStream()) {
					inline.put(id, new InlinePart(type, in.readAllBytes()));
				}
				return;
			}
			boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
			if (!attachment && text == null && part.isMimeType("text/plain")) { //$NON-NLS-1$
				text = String.valueOf(part.getContent());
			} else if (!attachment && html == null && part.isMimeType("text/html")) { //$NON-NLS-1$
				html = String.valueOf(part.getContent());
			}
		}
	}
}
