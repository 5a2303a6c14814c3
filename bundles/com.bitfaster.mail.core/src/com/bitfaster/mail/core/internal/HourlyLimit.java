package com.bitfaster.mail.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A sliding one-hour window of messages handed to one server. */
final class HourlyLimit {

	private static final long HOUR = TimeUnit.HOURS.toNanos(1);
	private final ArrayDeque<Long> sent = new ArrayDeque<>();

	/**
	 * Takes one slot, waiting while the window is full.
	 *
	 * @return false when {@code stop} became true while waiting
	 */
	synchronized boolean acquire(int perHour, BooleanSupplier stop) throws InterruptedException {
		if (perHour <= 0) {
			return true;
		}
		while (true) {
			long now = System.nanoTime();
			while (!sent.isEmpty() && now - sent.peekFirst() >= HOUR) {
				sent.removeFirst();
			}
			if (sent.size() < perHour) {
				sent.addLast(now);
				return true;
			}
			if (stop.getAsBoolean()) {
				return false;
			}
			// Woken every 200 ms to notice cancellation; the window frees up at the oldest entry plus an hour.
			long waitNanos = Math.min(HOUR - (now - sent.peekFirst()), TimeUnit.MILLISECONDS.toNanos(200));
			TimeUnit.NANOSECONDS.timedWait(this, Math.max(waitNanos, 1));
		}
	}

	/** Gives back the slot taken last, when it was not used. */
	synchronized void release() {
		if (!sent.isEmpty()) {
			sent.removeLast();
		}
		notifyAll();
	}
}
