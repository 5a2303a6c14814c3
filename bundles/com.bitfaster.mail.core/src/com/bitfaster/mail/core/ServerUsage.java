package com.bitfaster.mail.core;

/**
 * Where a server stands against its rate limits now, as shared by every program on this machine that sends through it
 * (see {@link ServerLimits}).
 *
 * @param warmUpDay    the day of the warm-up plan, 1-based; 0 when the server has no plan or is past it
 * @param warmUpDays   how many days the plan has
 * @param todayCap     today's cap: the plan's cap for today, else the daily limit; 0 for none
 * @param sentToday    messages counted against today's cap: since the start of the plan's day, or in the last 24 hours
 * @param sentLastHour messages counted in the last hour
 * @param remainingNow how many more may be sent now under every limit; -1 when the server has no rate limit
 * @since 1.3
 */
public record ServerUsage(int warmUpDay, int warmUpDays, int todayCap, long sentToday, long sentLastHour,
		long remainingNow) {

	/** A server without a rate limit: nothing is counted. */
	public static final ServerUsage UNLIMITED = new ServerUsage(0, 0, 0, 0, 0, -1);

	/** @return whether the server has no rate limit */
	public boolean unlimited() {
		return remainingNow < 0;
	}
}
