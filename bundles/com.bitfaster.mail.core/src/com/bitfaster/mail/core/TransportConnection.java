package com.bitfaster.mail.core;

import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * An open connection to one server, opened by {@link TransportType#connect} and reused for many messages by one
 * thread at a time. Close it when done.
 * <p>
 * The sender service calls {@link #send(List, Listener)}. A transport that implements only the single-message
 * {@link #send(MimeMessage, List)} (every transport written for API 1.0) gets the default, which sends the envelopes
 * one by one, tells the listener of the handover before each call (the message may be taken at any moment of it) and
 * cannot carry the envelope's sender or DSN parameters (the message's own From is used).
 */
public interface TransportConnection extends AutoCloseable {

	/**
	 * What a connection tells the sender about a batch, on the thread that called {@link #send(List, Listener)}.
	 *
	 * @noimplement This interface is implemented by the sender service.
	 */
	interface Listener {
		/**
		 * The moment before the envelope's message is handed over: before SMTP's final "." is written, before a
		 * pickup file is renamed into place. A failure before this call leaves nothing at the server (the message is
		 * sent again); after it, delivery is unknown (never sent again on its own). Call it once per envelope sent.
		 */
		void handingOver(Envelope envelope);

		/**
		 * The envelope's outcomes, one per recipient in {@link Envelope#recipients()} order. Exactly once per
		 * envelope of the batch; an envelope the connection did not get to (the connection died before it) is
		 * reported DEFERRED with code 0.
		 */
		void delivered(Envelope envelope, List<RecipientOutcome> outcomes);
	}

	/**
	 * Sends one message to the given recipients and reports each recipient's outcome. Failures the server reports, and
	 * a connection that dies, are outcomes, not exceptions; afterwards check {@link #isUsable()}.
	 *
	 * @return one outcome per recipient, in the given order
	 */
	List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients);

	/**
	 * The look-ahead of API 1.0, no longer called: pipelining is the connection's own business in
	 * {@link #send(List, Listener)}. Kept so that transports that override it still compile.
	 *
	 * @deprecated implement {@link #send(List, Listener)} instead
	 */
	@Deprecated(since = "1.1")
	default List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients, MimeMessage next,
			List<? extends Address> nextRecipients) {
		return send(message, recipients);
	}

	/**
	 * Sends a batch of envelopes, in order, and reports each one's outcomes to the listener as soon as they are known.
	 * A connection may overlap them (SMTP PIPELINING writes the next envelope with the end of this message). Failures
	 * are outcomes, not exceptions; an exception thrown anyway is turned into outcomes by the sender (DEFERRED for
	 * envelopes not handed over, UNKNOWN for one handed over without a reply).
	 */
	default void send(List<Envelope> envelopes, Listener listener) {
		for (Envelope envelope : envelopes) {
			if (!isUsable()) {
				listener.delivered(envelope, envelope.recipients().stream()
						.map(a -> new RecipientOutcome(a, RecipientOutcome.Status.DEFERRED, 0,
								com.bitfaster.mail.core.internal.Messages.Sender_connectionClosed))
						.toList());
				continue;
			}
			MimeMessage message;
			try {
				message = envelope.messageAsSent();
			} catch (MessagingException e) {
				listener.delivered(envelope, envelope.recipients().stream()
						.map(a -> new RecipientOutcome(a, RecipientOutcome.Status.DEFERRED, 0, e.getMessage())).toList());
				continue;
			}
			listener.handingOver(envelope);
			List<RecipientOutcome> outcomes = send(message, envelope.recipientAddresses());
			// Reported under the envelope's addresses, whatever form the transport used.
			List<String> recipients = envelope.recipients();
			List<RecipientOutcome> named = new java.util.ArrayList<>(recipients.size());
			for (int i = 0; i < recipients.size(); i++) {
				RecipientOutcome o = i < outcomes.size() ? outcomes.get(i)
						: new RecipientOutcome(recipients.get(i), RecipientOutcome.Status.UNKNOWN, 0, ""); //$NON-NLS-1$
				named.add(new RecipientOutcome(recipients.get(i), o.status(), o.code(), o.reply()));
			}
			listener.delivered(envelope, named);
		}
	}

	/**
	 * @return whether the connection can take the next message without reconnecting (no network round trip: it is
	 *         false once a send found the connection closed or broken)
	 */
	boolean isUsable();

	/** Closes the connection politely (QUIT); never throws. */
	@Override
	void close();
}
