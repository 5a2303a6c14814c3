package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.util.LineOutputStream;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport, noting how far each message got: a connection lost after the final "." leaves delivery
 * unknown, one lost before it means the server has nothing. Also notes when Angus closed the connection itself.
 */
final class TrackingSmtpTransport extends SMTPTransport {

	enum Stage {
		IDLE, MAIL, RCPT, DATA, BODY
	}

	private volatile Stage stage = Stage.IDLE;
	private volatile boolean closed;
	private final byte[] bodyBuffer = new byte[8 * 1024];
	private BodyBuffer body;

	TrackingSmtpTransport(Session session) {
		super(session, new URLName(SmtpSessionSettings.PROTOCOL, null, -1, null, null, null), SmtpSessionSettings.PROTOCOL, false);
	}

	Stage stage() {
		return stage;
	}

	void resetStage() {
		stage = Stage.IDLE;
	}

	/** @return whether Angus closed the connection (after an I/O error, or a close) */
	boolean wasClosed() {
		return closed;
	}

	@Override
	protected void mailFrom() throws MessagingException {
		stage = Stage.MAIL;
		super.mailFrom();
	}

	@Override
	protected void rcptTo() throws MessagingException {
		stage = Stage.RCPT;
		super.rcptTo();
	}

	@Override
	protected OutputStream data() throws MessagingException {
		stage = Stage.DATA;
		body = new BodyBuffer(super.data(), bodyBuffer);
		return body;
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
		if (body != null) {
			body.flush(); // still before the final ".": a failure here leaves nothing at the server
			body = null;
		}
		stage = Stage.BODY;
		super.finishData();
	}

	@Override
	protected void notifyConnectionListeners(int type) {
		if (type == ConnectionEvent.CLOSED) {
			closed = true;
		}
		super.notifyConnectionListeners(type);
	}

	/**
	 * Jakarta Mail writes text bodies a byte at a time, and Angus's dot-stuffing stream is fast only for blocks. Being
	 * a LineOutputStream also spares Jakarta Mail a provider lookup per message.
	 */
	private static final class BodyBuffer extends OutputStream implements LineOutputStream {
		private static final boolean ALLOW_UTF8 = Boolean.getBoolean("mail.mime.allowutf8"); //$NON-NLS-1$
		private static final byte[] CRLF = { '\r', '\n' };
		private final OutputStream out;
		private final byte[] buffer;
		private int count;

		BodyBuffer(OutputStream out, byte[] buffer) {
			this.out = out;
			this.buffer = buffer;
		}

		@Override
		public void write(int b) throws IOException {
			if (count == buffer.length) {
				drain();
			}
			buffer[count++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (len > buffer.length - count) {
				drain();
				if (len >= buffer.length) {
					out.write(b, off, len);
					return;
				}
			}
			System.arraycopy(b, off, buffer, count, len);
			count += len;
		}

		@Override
		public void writeln(String line) throws IOException {
			write(line.getBytes(ALLOW_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
			writeln();
		}

		@Override
		public void writeln() throws IOException {
			write(CRLF, 0, CRLF.length);
		}

		private void drain() throws IOException {
			if (count > 0) {
				out.write(buffer, 0, count);
				count = 0;
			}
		}

		@Override
		public void flush() throws IOException {
			drain();
			out.flush();
		}
	}
}
