package com.bitfaster.mail.core;

/**
 * How hard a server may be used.
 *
 * @param maxConnections        connections open at once, 1–{@value #MAX_CONNECTIONS}
 * @param messagesPerConnection messages sent before a connection is renewed; 0 for no limit
 * @param messagesPerHour       messages accepted per hour; 0 for no limit
 */
public record ServerLimits(int maxConnections, int messagesPerConnection, int messagesPerHour) {

	public static final int MAX_CONNECTIONS = 100;
	public static final int MAX_MESSAGES_PER_CONNECTION = 1_000_000;
	public static final int MAX_MESSAGES_PER_HOUR = 100_000_000;

	/** One connection at a time, renewed every 100 messages, no hourly limit. */
	public static final ServerLimits DEFAULT = new ServerLimits(1, 100, 0);
}
