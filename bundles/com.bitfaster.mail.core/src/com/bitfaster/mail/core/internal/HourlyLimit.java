package com.bitfaster.mail.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A sliding one-hour window of messages handed to one server. Not thread-safe: used under the {@link SendQueue}'s
 * lock.
 */
final class HourlyLimit {

	private static final long HOUR = TimeUnit.HOURS.toNanos(1);
	private final ArrayDeque<Long> sent = new ArrayDeque<>();

	/** @return how many messages may be sent now, at most {@code wanted}; {@code wanted} when there is no limit */
	int available(int perHour, int wanted, long now) {
		if (perHour <= 0) {
			return wanted;
		}
		while (!sent.isEmpty() && now - sent.peekFirst() >= HOUR) {
			sent.removeFirst();
		}
		return Math.min(wanted, perHour - sent.size());
	}

	/** Counts {@code n} messages sent at {@code now}. */
	void take(int perHour, int n, long now) {
		if (perHour > 0) {
			for (int i = 0; i < n; i++) {
				sent.addLast(now);
			}
		}
	}

	/** Gives back {@code n} slots that were not used (messages given back unsent). */
	void giveBack(int n) {
		for (int i = 0; i < n && !sent.isEmpty(); i++) {
			sent.removeLast();
		}
	}

	/** @return when ({@code System.nanoTime()}) the next slot frees up; only meaningful when none is available */
	long nextFree() {
		return sent.isEmpty() ? System.nanoTime() : sent.peekFirst() + HOUR;
	}
}
