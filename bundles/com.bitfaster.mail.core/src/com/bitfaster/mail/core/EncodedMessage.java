package com.bitfaster.mail.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.IllegalWriteException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.LineOutputStream;
import jakarta.mail.util.StreamProvider;

/**
 * A message whose body was transfer-encoded once, when it was made, so that writing it (for each send attempt)
 * copies bytes. It writes the same bytes as the message it was made from.
 * <p>
 * Jakarta Mail 2.1 looks up its {@link StreamProvider} with a ServiceLoader for every body part it writes
 * (jakartaee/mail-api#861); in OSGi the lookup goes through SPI Fly and took a third of a campaign's CPU. Encoding
 * here uses the session's provider, looked up once per session. The body cannot be changed afterwards.
 */
public final class EncodedMessage extends MimeMessage {

	/** As Jakarta Mail's body parts: header lines in UTF-8 only when this system property says so. */
	private static final boolean ALLOW_UTF8 = Boolean.getBoolean("mail.mime.allowutf8"); //$NON-NLS-1$
	private static final boolean IGNORE_MULTIPART_ENCODING = !"false" //$NON-NLS-1$
			.equalsIgnoreCase(System.getProperty("mail.mime.ignoremultipartencoding")); //$NON-NLS-1$

	private EncodedMessage(Session session, InternetHeaders headers, byte[] body) {
		super(session);
		this.headers = headers;
		this.content = body;
		this.modified = false;
		this.saved = true;
	}

	/**
	 * Encodes the body of a message made with Jakarta Mail's setters. The message's headers are brought up to date
	 * first ({@link MimeMessage#saveChanges()}) unless it has been saved: it has a MIME-Version header.
	 *
	 * @return the encoded message; {@code message} itself when it is encoded already, was read from a stream, or has
	 *         a body this class does not encode (an attachment from a data source, a preamble, an empty multipart,
	 *         uuencode)
	 */
	public static MimeMessage of(MimeMessage message) throws MessagingException {
		Session session = message.getSession();
		if (message instanceof EncodedMessage || session == null || !isBuilt(message)) {
			return message;
		}
		if (message.getHeader("MIME-Version") == null) { //$NON-NLS-1$
			message.saveChanges();
		}
		Body body = new Body();
		try {
			if (!writeBody(message, body, session.getStreamProvider())) {
				return message;
			}
		} catch (IOException e) {
			throw new MessagingException(e.getMessage(), e);
		}
		InternetHeaders headers = new InternetHeaders();
		for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements();) {
			headers.addHeaderLine(lines.nextElement());
		}
		return new EncodedMessage(session, headers, body.toByteArray());
	}

	/** A byte buffer for Jakarta Mail's text handlers, which write one byte at a time: no lock per byte. */
	private static final class Body extends ByteArrayOutputStream {
		Body() {
			super(8 * 1024);
		}

		private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII); //$NON-NLS-1$
		/** Angus's line length for quoted-printable: 76 columns, one kept for the soft break's "=". */
		private static final int QP_COLUMNS = 75;

		@Override
		public void write(int b) {
			if (count == buf.length) {
				buf = Arrays.copyOf(buf, buf.length * 2);
			}
			buf[count++] = (byte) b;
		}

		/**
		 * Writes bytes quoted-printable exactly as Angus's QPEncoderStream does (then flushed), in one pass over the
		 * array: that stream takes a call per byte, which was half of a campaign's CPU.
		 */
		void writeQuotedPrintable(byte[] in) {
			// At most "=XX" per byte, plus a soft break every 25 encoded bytes.
			int room = count + in.length * 4 + 8;
			if (room > buf.length) {
				buf = Arrays.copyOf(buf, Math.max(room, buf.length * 2));
			}
			byte[] b = buf; // locals: the loop runs once per byte of every message
			int n = count;
			int column = 0;
			boolean space = false;
			boolean cr = false;
			for (int i = 0; i <= in.length; i++) {
				int c = i < in.length ? in[i] & 0xFF : -1; // -1: the end, where a space left over is encoded
				if (space) {
					boolean encode = c == '\r' || c == '\n' || c == -1; // a space before a line break too
					int width = encode ? 3 : 1;
					if (column + width > QP_COLUMNS) {
						n = softBreak(b, n);
						column = 0;
					}
					n = encode ? hex(b, n, ' ') : put(b, n, ' ');
					column += width;
					space = false;
				}
				if (c == -1) {
					break;
				}
				if (c == '\r') {
					cr = true;
					b[n++] = '\r';
					b[n++] = '\n';
					column = 0;
					continue;
				}
				if (c == '\n') {
					if (!cr) {
						b[n++] = '\r';
						b[n++] = '\n';
						column = 0;
					}
				} else if (c == ' ') {
					space = true;
				} else if (c < ' ' || c >= 0x7F || c == '=') {
					if (column + 3 > QP_COLUMNS) {
						n = softBreak(b, n);
						column = 0;
					}
					n = hex(b, n, c);
					column += 3;
				} else {
					if (column + 1 > QP_COLUMNS) {
						n = softBreak(b, n);
						column = 0;
					}
					b[n++] = (byte) c;
					column++;
				}
				cr = false;
			}
			count = n;
		}

		private static int softBreak(byte[] b, int n) {
			b[n] = '=';
			b[n + 1] = '\r';
			b[n + 2] = '\n';
			return n + 3;
		}

		private static int hex(byte[] b, int n, int c) {
			b[n] = '=';
			b[n + 1] = HEX[c >> 4];
			b[n + 2] = HEX[c & 0xF];
			return n + 3;
		}

		private static int put(byte[] b, int n, int c) {
			b[n] = (byte) c;
			return n + 1;
		}
	}

	/**
	 * @return whether the part's content is an object set through Jakarta Mail's setters (or MessageBodies): not parsed,
	 *         and not a data source such as an attached file, which is left to be streamed when the message is written
	 */
	private static boolean isBuilt(MimePart part) throws MessagingException {
		DataHandler handler = part.getDataHandler();
		return handler instanceof MessageBodies.TextContent
				|| (handler.getClass() == DataHandler.class && handler.getName() == null);
	}

	/** Writes a part's body as MimeBodyPart.writeTo does. @return false when this class does not encode it */
	private static boolean writeBody(MimePart part, OutputStream out, StreamProvider provider)
			throws MessagingException, IOException {
		DataHandler handler = part.getDataHandler();
		String encoding = restrict(part, part.getEncoding());
		if (handler instanceof MessageBodies.TextContent text && out instanceof Body body
				&& "quoted-printable".equalsIgnoreCase(encoding)) { //$NON-NLS-1$
			body.writeQuotedPrintable(text.bytes());
			return true;
		}
		OutputStream encoder = encoder(out, encoding, provider);
		if (encoder == null) {
			return false;
		}
		if (handler instanceof MessageBodies.TextContent text) {
			encoder.write(text.bytes()); // what the text handler writes, without its writer
		} else if (new ContentType(handler.getContentType()).match("multipart/*")) { //$NON-NLS-1$
			if (!(handler.getContent() instanceof MimeMultipart multipart) || !writeMultipart(multipart, encoder, provider)) {
				return false;
			}
		} else {
			handler.writeTo(encoder);
		}
		encoder.flush();
		return true;
	}

	/** Writes a multipart as MimeMultipart.writeTo does. @return false when this class does not encode it */
	private static boolean writeMultipart(MimeMultipart multipart, OutputStream out, StreamProvider provider)
			throws MessagingException, IOException {
		if (multipart.getPreamble() != null || multipart.getCount() == 0) {
			return false;
		}
		String boundary = "--" + new ContentType(multipart.getContentType()).getParameter("boundary"); //$NON-NLS-1$ //$NON-NLS-2$
		LineOutputStream lines = provider.outputLineStream(out, false);
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (!(part instanceof MimeBodyPart mimePart) || !isBuilt(mimePart)) {
				return false;
			}
			lines.writeln(boundary);
			LineOutputStream headerLines = provider.outputLineStream(out, ALLOW_UTF8);
			for (Enumeration<String> e = mimePart.getAllHeaderLines(); e.hasMoreElements();) {
				headerLines.writeln(e.nextElement());
			}
			headerLines.writeln();
			if (!writeBody(mimePart, out, provider)) {
				return false;
			}
			lines.writeln();
		}
		lines.writeln(boundary + "--"); //$NON-NLS-1$
		return true;
	}

	/** As MimeUtility.encode, with the given provider. @return {@code null} for an encoding this class leaves alone */
	private static OutputStream encoder(OutputStream out, String encoding, StreamProvider provider) {
		if (encoding == null) {
			return out;
		}
		return switch (encoding.toLowerCase(Locale.ROOT)) {
		case "base64" -> provider.outputBase64(out); //$NON-NLS-1$
		case "quoted-printable" -> provider.outputQP(out); //$NON-NLS-1$
		case "7bit", "8bit", "binary" -> provider.outputBinary(out); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		default -> null;
		};
	}

	/** As MimeBodyPart.restrictEncoding: a multipart or message is never base64 or quoted-printable itself. */
	private static String restrict(MimePart part, String encoding) throws MessagingException {
		if (!IGNORE_MULTIPART_ENCODING || encoding == null || encoding.equalsIgnoreCase("7bit") //$NON-NLS-1$
				|| encoding.equalsIgnoreCase("8bit") || encoding.equalsIgnoreCase("binary")) { //$NON-NLS-1$ //$NON-NLS-2$
			return encoding;
		}
		String type = part.getContentType();
		if (type == null) {
			return encoding;
		}
		try {
			ContentType contentType = new ContentType(type);
			return contentType.match("multipart/*") || contentType.match("message/*") ? null : encoding; //$NON-NLS-1$ //$NON-NLS-2$
		} catch (MessagingException e) {
			return encoding;
		}
	}

	@Override
	public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
		LineOutputStream lines = out instanceof LineOutputStream l ? l
				: session.getStreamProvider().outputLineStream(out, ALLOW_UTF8);
		for (Enumeration<String> e = getNonMatchingHeaderLines(ignoreList); e.hasMoreElements();) {
			lines.writeln(e.nextElement());
		}
		lines.writeln();
		out.write(content);
		out.flush();
	}

	@Override
	public synchronized void setDataHandler(DataHandler handler) throws MessagingException {
		throw new IllegalWriteException("The body of an encoded message cannot change"); //$NON-NLS-1$
	}

	@Override
	public void saveChanges() {
		// The headers were brought up to date before the body was encoded.
	}
}
