package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One open SMTP connection. Angus opened it and signed in (greeting, EHLO, STARTTLS, AUTH); from then on the
 * connection writes its own commands on the socket Angus talks through ({@link SmtpPipeline}), or, when that socket
 * could not be taken over, sends through Angus's public API ({@link AngusSender}).
 */
final class SmtpConnection implements TransportConnection {

	private final SMTPTransport transport;
	private final Socket socket;
	private final SmtpWire wire;
	private final SmtpPipeline pipeline;
	private final AngusSender angus;
	private final String whyThroughAngus;
	private boolean closed;

	private SmtpConnection(SMTPTransport transport, Socket socket, SmtpWire wire, SmtpPipeline pipeline,
			AngusSender angus, String whyThroughAngus) {
		this.transport = transport;
		this.socket = socket;
		this.wire = wire;
		this.pipeline = pipeline;
		this.angus = angus;
		this.whyThroughAngus = whyThroughAngus;
	}

	/** A connection that writes its own commands on the socket Angus signed in on. */
	static SmtpConnection overSocket(SMTPTransport transport, Socket socket, SmtpWire wire,
			SmtpPipeline.Extensions extensions) {
		SmtpPipeline pipeline = new SmtpPipeline(wire, extensions, () -> closeQuietly(socket));
		return new SmtpConnection(transport, socket, wire, pipeline, null, null);
	}

	/** A connection that sends through Angus's public API, one command at a time. */
	static SmtpConnection throughAngus(SMTPTransport transport, AngusSender sender, String why) {
		return new SmtpConnection(transport, null, null, null, sender, why);
	}

	/** @return whether envelopes are pipelined (RFC 2920): the server offers it and the commands are ours */
	boolean pipelined() {
		return pipeline != null && pipeline.extensions().pipelining();
	}

	/** @return why the connection sends through Angus one command at a time, or {@code null} when it does not */
	String whyThroughAngus() {
		return whyThroughAngus;
	}

	@Override
	public boolean isUsable() {
		if (closed) {
			return false;
		}
		return pipeline != null ? !pipeline.isBroken() && !socket.isClosed() : !angus.isBroken();
	}

	@Override
	public void send(List<Envelope> envelopes, Listener listener) {
		if (envelopes.isEmpty()) {
			return;
		}
		if (pipeline != null) {
			if (closed) {
				pipeline.fail();
			}
			pipeline.send(envelopes, listener);
		} else if (closed) {
			for (Envelope e : envelopes) {
				listener.delivered(e, e.recipients().stream()
						.map(a -> new RecipientOutcome(a, Status.DEFERRED, 0, Messages.Smtp_notConnected)).toList());
			}
		} else {
			angus.send(envelopes, listener);
		}
	}

	/** Sends one message to the given recipients, its first From address as the return path. */
	@Override
	public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
		List<String> addresses = new ArrayList<>(recipients.size());
		for (Address a : recipients) {
			addresses.add(a instanceof InternetAddress ia && ia.getAddress() != null ? ia.getAddress() : a.toString());
		}
		Envelope envelope;
		try {
			envelope = Envelope.of(message).recipients(addresses).build();
		} catch (MessagingException e) {
			return addresses.stream().map(a -> new RecipientOutcome(a, Status.REJECTED, 0, e.getMessage())).toList();
		}
		List<List<RecipientOutcome>> result = new ArrayList<>(1);
		send(List.of(envelope), new Listener() {
			@Override
			public void handingOver(Envelope e) {
				// nothing to note for a single message
			}

			@Override
			public void delivered(Envelope e, List<RecipientOutcome> outcomes) {
				result.add(outcomes);
			}
		});
		// Reported under the addresses as given.
		List<RecipientOutcome> outcomes = result.get(0);
		List<RecipientOutcome> named = new ArrayList<>(outcomes.size());
		for (int i = 0; i < outcomes.size(); i++) {
			RecipientOutcome o = outcomes.get(i);
			named.add(new RecipientOutcome(recipients.get(i).toString(), o.status(), o.code(), o.reply()));
		}
		return named;
	}

	/** Says QUIT without waiting for the reply (as Angus's {@code quitwait=false}), then closes the socket. */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		if (pipeline != null) {
			if (!pipeline.isBroken()) {
				try {
					wire.command().append("QUIT"); //$NON-NLS-1$
					wire.endCommand();
					wire.flush();
				} catch (IOException e) {
					// The server is gone already.
				}
			}
			closeQuietly(socket);
		}
		try {
			transport.close(); // with the socket closed first, Angus's own QUIT cannot reach the server
		} catch (MessagingException | RuntimeException e) {
			// Closing a connection that is already gone: nothing left to do.
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		} catch (IOException e) {
			// Nothing left to do.
		}
	}
}
