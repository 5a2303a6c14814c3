package com.bitfaster.mail.campaign;

/**
 * How fast a campaign sends, on top of the servers' own limits.
 *
 * @param messagesPerHour at most this many messages an hour, spread evenly; 0 for the servers' limits only
 * @param batchSize       messages handed to the sender at once (and recorded in the ledger together); 0 for the
 *                        runner's default
 */
public record Throttle(int messagesPerHour, int batchSize) {

	/** The servers' limits and the runner's batch size. */
	public static final Throttle NONE = new Throttle(0, 0);

	/** Largest accepted value of either setting. */
	public static final int MAX = 1_000_000;

	public Throttle {
		if (messagesPerHour < 0 || messagesPerHour > MAX) {
			throw new IllegalArgumentException("messagesPerHour: " + messagesPerHour); //$NON-NLS-1$
		}
		if (batchSize < 0 || batchSize > MAX) {
			throw new IllegalArgumentException("batchSize: " + batchSize); //$NON-NLS-1$
		}
	}

	/** @return the batch size to use, given the runner's default */
	public int effectiveBatchSize(int defaultBatchSize) {
		int size = batchSize > 0 ? batchSize : defaultBatchSize;
		if (messagesPerHour > 0) {
			// A batch is sent at once: keep it to about a minute's worth so the rate stays even.
			size = Math.min(size, Math.max(1, messagesPerHour / 60));
		}
		return Math.max(1, size);
	}

	/** @return the time between two messages in nanoseconds, 0 when there is no rate limit */
	public long intervalNanos() {
		return messagesPerHour == 0 ? 0 : 3_600_000_000_000L / messagesPerHour;
	}
}
