package com.bitfaster.mail.campaign;

/** Where one recipient of a campaign stands, as the ledger records it. */
public enum DeliveryState {
	/** Nothing recorded yet: the recipient will be sent to. */
	PENDING,
	/** The send started and no outcome was recorded: after a crash this reads as {@link #UNKNOWN}. */
	SENDING,
	/** A server accepted the message for this recipient. */
	ACCEPTED,
	/** A server answered 4xx: try again later ("retry failed" includes it). */
	DEFERRED,
	/** A server answered 5xx: final ("retry failed" includes it). */
	REJECTED,
	/** The connection died after the message was sent, or the process died during the send: it may have arrived. */
	UNKNOWN;

	/** @return whether "retry failed" sends to a recipient in this state */
	public boolean isRetryable() {
		return this == DEFERRED || this == REJECTED;
	}
}
