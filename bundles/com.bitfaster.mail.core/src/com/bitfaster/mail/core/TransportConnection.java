package com.bitfaster.mail.core;

import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

/**
 * An open connection to one server, opened by {@link TransportType#connect} and reused for many messages by one
 * thread at a time. Close it when done.
 */
public interface TransportConnection extends AutoCloseable {

	/**
	 * Sends one message to the given recipients and reports each recipient's outcome. Failures the server reports, and
	 * a connection that dies, are outcomes, not exceptions; afterwards check {@link #isUsable()}.
	 *
	 * @return one outcome per recipient, in the given order
	 */
	List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients);

	/**
	 * Sends one message as {@link #send(MimeMessage, List)} does, knowing the one to follow: a connection may write
	 * that one's envelope together with the end of this one (SMTP PIPELINING), a round trip less per message. The
	 * next call should send {@code next} to {@code nextRecipients}; if it sends something else, the connection reads
	 * the replies still due first, and may have to be opened again.
	 *
	 * @param next the message the next call sends
	 * @param nextRecipients its recipients
	 * @return one outcome per recipient of {@code message}, in the given order
	 */
	default List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients, MimeMessage next,
			List<? extends Address> nextRecipients) {
		return send(message, recipients);
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
