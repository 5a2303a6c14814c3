package com.bitfaster.mail.campaign;

/** Where one recipient of a campaign stands, as the ledger records it. */
public enum DeliveryState {
	/** Nothing recorded yet: the recipient will be sent to. */
	PENDING,
	/**
	 * The send started and no outcome was recorded, while its run still goes on. Once the run ended (a crash, a kill)
	 * this reads as {@link #UNKNOWN} when the message may have reached its final ".", else as {@link #PENDING}.
	 */
	SENDING,
	/** A server accepted the message for this recipient. */
	ACCEPTED,
	/** A server answered 4xx: try again later ("retry failed" includes it). */
	DEFERRED,
	/** A server answered 5xx: final ("retry failed" includes it). */
	REJECTED,
	/**
	 * The connection died after the message was sent, the process died during the send, or damage to the ledger may
	 * hide its record: it may have arrived, so it is not sent again unless the user says so.
	 */
	UNKNOWN,
	/** Left out: the organisation's suppression list holds the address. Final. */
	SUPPRESSED;

	/** @return whether "retry failed" sends to a recipient in this state */
	public boolean isRetryable() {
		return this == DEFERRED || this == REJECTED;
	}
}
