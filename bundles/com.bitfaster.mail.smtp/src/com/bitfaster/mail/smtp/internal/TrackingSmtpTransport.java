package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;

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
		return super.data();
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
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
}
