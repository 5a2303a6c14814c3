package com.bitfaster.mail.campaign;

/**
 * The time source of the rate limit: the system's monotonic clock and {@link Thread#sleep}, or a test's own clock.
 */
public interface Ticker {

	/** The system clock. */
	Ticker SYSTEM = new Ticker() {
		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

		@Override
		public void sleep(long nanos) throws InterruptedException {
			Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
		}
	};

	/** @return a monotonic time in nanoseconds */
	long nanoTime();

	/** Waits about {@code nanos}; may return early when interrupted. */
	void sleep(long nanos) throws InterruptedException;
}
