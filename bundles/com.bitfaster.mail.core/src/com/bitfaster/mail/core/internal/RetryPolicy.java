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

	/**
	 * The system property setting the first wait in whole seconds (it doubles after each attempt, at most 10 min), for
	 * rehearsing a campaign's retries against the local server without waiting minutes: {@code -D}{@value}{@code =2}.
	 */
	public static final String FIRST_WAIT_PROPERTY = "bitfaster.retry.firstWaitSeconds"; //$NON-NLS-1$

	/** @return {@link #DEFAULT}, or its attempts with the first wait {@link #FIRST_WAIT_PROPERTY} sets (if positive) */
	public static RetryPolicy configured() {
		long seconds = Long.getLong(FIRST_WAIT_PROPERTY, 0);
		if (seconds <= 0) {
			return DEFAULT;
		}
		long first = Math.min(seconds, 600) * 1000;
		return new RetryPolicy(DEFAULT.maxAttempts(), attempt -> Math.min(first << (attempt - 1), 600_000L));
	}

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts"); //$NON-NLS-1$
		}
	}
}
