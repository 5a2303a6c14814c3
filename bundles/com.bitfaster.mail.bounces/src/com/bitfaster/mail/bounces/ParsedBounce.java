package com.bitfaster.mail.bounces;

import java.util.List;
import java.util.Optional;

/**
 * What one message from the bounce mailbox says, before its token is checked.
 *
 * @param kind      what the message is
 * @param token     the recipient token: from the address the message was sent to ({@code bounce+TOKEN@},
 *                  {@code unsubscribe+TOKEN@}), else from the returned message's {@code X-BitFaster-Token} header or
 *                  the DSN's {@code Original-Envelope-Id}; empty when none was found
 * @param failures  the failed recipients the report names (status, text), empty for complaints without one,
 *                  unsubscribes and auto-replies
 * @param messageId the message's own {@code Message-ID}, empty when it has none
 */
public record ParsedBounce(BounceKind kind, Optional<String> token, List<Failure> failures, String messageId) {

	/**
	 * One failed recipient.
	 *
	 * @param recipient  the address that failed, lower-cased; empty when the report does not say
	 * @param status     the enhanced status code ({@code 5.1.1}) or the SMTP code, empty when none was given
	 * @param diagnostic the remote server's text, one line
	 */
	public record Failure(String recipient, String status, String diagnostic) {
	}

	public ParsedBounce {
		failures = List.copyOf(failures);
	}

	/** @return the first failure, or an empty one */
	public Failure firstFailure() {
		return failures.isEmpty() ? new Failure("", "", "") : failures.get(0); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
