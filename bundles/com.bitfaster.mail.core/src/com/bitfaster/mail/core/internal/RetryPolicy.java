package com.bitfaster.mail.core.internal;

import java.util.function.LongUnaryOperator;

/**
 * How often a deferred message is tried and how long to wait in between.
 *
 * @param maxAttempts   attempts per message, at least 1
 * @param backoffMillis wait before the next attempt, given the number of attempts made so far
 */
public record RetryPolicy(int maxAttempts, LongUnaryOperator backoffMillis) {

	/** Four attempts, waiting 30 s, 1 min, 2 min: enough for greylisting without holding a campaign for long. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(4, attempt -> Math.min(30_000L << (attempt - 1), 600_000L));

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts"); //$NON-NLS-1$
		}
	}
}
