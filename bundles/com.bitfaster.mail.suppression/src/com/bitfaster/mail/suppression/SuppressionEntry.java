package com.bitfaster.mail.suppression;

import java.time.Instant;

/**
 * One suppressed address.
 *
 * @param address lower-cased
 * @param reason  why it is suppressed
 * @param date    when it was added
 * @param source  where it came from: a campaign id, a file, a user
 */
public record SuppressionEntry(String address, Reason reason, Instant date, String source) {

	/** Why an address is suppressed. */
	public enum Reason {
		HARD_BOUNCE, COMPLAINT, UNSUBSCRIBE, MANUAL, SOFT_BOUNCES
	}
}
