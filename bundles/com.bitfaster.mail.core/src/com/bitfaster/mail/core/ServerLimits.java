package com.bitfaster.mail.core;

import java.util.List;
import java.util.Objects;

/**
 * How hard a server may be used. The rate limits ({@code messagesPerHour}, {@code messagesPerDay}, {@code warmUp})
 * are shared by every program on this machine that sends through the server, and kept across restarts.
 *
 * @param maxConnections        connections open at once, 1–{@value #MAX_CONNECTIONS}
 * @param messagesPerConnection messages sent before a connection is renewed; 0 for no limit
 * @param messagesPerHour       messages accepted in any hour (a sliding window); 0 for no limit
 * @param messagesPerDay        messages accepted in any 24 hours (a sliding window); 0 for no limit
 * @param warmUp                the warm-up plan: the most messages on day 1, 2, 3, ... counted from the server's
 *                              first send through this machine; after its last day only the other limits apply.
 *                              Empty for none
 */
public record ServerLimits(int maxConnections, int messagesPerConnection, int messagesPerHour, int messagesPerDay,
		List<Integer> warmUp) {

	public static final int MAX_CONNECTIONS = 100;
	public static final int MAX_MESSAGES_PER_CONNECTION = 1_000_000;
	public static final int MAX_MESSAGES_PER_HOUR = 100_000_000;
	public static final int MAX_MESSAGES_PER_DAY = 1_000_000_000;
	/** The most days a warm-up plan may have. */
	public static final int MAX_WARM_UP_DAYS = 366;

	/** One connection at a time, renewed every 100 messages, no rate limit. */
	public static final ServerLimits DEFAULT = new ServerLimits(1, 100, 0);

	public ServerLimits {
		warmUp = List.copyOf(Objects.requireNonNullElse(warmUp, List.of()));
	}

	/** Limits without a daily limit or a warm-up plan. */
	public ServerLimits(int maxConnections, int messagesPerConnection, int messagesPerHour) {
		this(maxConnections, messagesPerConnection, messagesPerHour, 0, List.of());
	}

	/** @return whether any rate limit is set (hourly, daily or warm-up): only then is the shared state used */
	public boolean hasRateLimit() {
		return messagesPerHour > 0 || messagesPerDay > 0 || !warmUp.isEmpty();
	}

	/** @return these limits with another daily limit */
	public ServerLimits withMessagesPerDay(int value) {
		return new ServerLimits(maxConnections, messagesPerConnection, messagesPerHour, value, warmUp);
	}

	/** @return these limits with another warm-up plan */
	public ServerLimits withWarmUp(List<Integer> value) {
		return new ServerLimits(maxConnections, messagesPerConnection, messagesPerHour, messagesPerDay, value);
	}
}
