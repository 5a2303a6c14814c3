package com.bitfaster.mail.core;

import java.util.Objects;

/**
 * What happened to one recipient of one message.
 *
 * @param address the recipient's address as given to the server
 * @param status  the outcome
 * @param code    the server's SMTP reply code (for example 250, 451, 550); 0 when there was no reply
 * @param reply   the server's reply text, or a plain explanation when there was no reply; never a password
 */
public record RecipientOutcome(String address, Status status, int code, String reply) {

	/** How a recipient fared. */
	public enum Status {
		/** The server accepted the message for this recipient; {@code reply} is its reply (often a queue id). */
		ACCEPTED,
		/** Not delivered for now (4xx, or a failure before the server took the message); may be sent again. */
		DEFERRED,
		/** The server refused finally (5xx); sending again will not help. */
		REJECTED,
		/** The connection died after the whole message was sent: the server may or may not have it. */
		UNKNOWN
	}

	public RecipientOutcome {
		Objects.requireNonNull(address, "address"); //$NON-NLS-1$
		Objects.requireNonNull(status, "status"); //$NON-NLS-1$
		reply = Objects.requireNonNullElse(reply, ""); //$NON-NLS-1$
	}

	/** @return the status a reply code stands for: 2xx accepted, 4xx deferred, 5xx rejected */
	public static Status statusOf(int code) {
		if (code >= 200 && code < 300) {
			return Status.ACCEPTED;
		}
		return code >= 500 && code < 600 ? Status.REJECTED : Status.DEFERRED;
	}
}
