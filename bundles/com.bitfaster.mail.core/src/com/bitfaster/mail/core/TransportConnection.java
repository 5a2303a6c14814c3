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
	 * @return whether the connection can take the next message without reconnecting (no network round trip: it is
	 *         false once a send found the connection closed or broken)
	 */
	boolean isUsable();

	/** Closes the connection politely (QUIT); never throws. */
	@Override
	void close();
}
