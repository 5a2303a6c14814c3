package com.bitfaster.mail.core;

import java.time.Instant;
import java.util.List;

/**
 * One server's record in {@link ServerStatistics}.
 *
 * @param serverId    the server
 * @param lastTest    its last connection test; {@code null} when never tested
 * @param recentSends its recent send attempts, oldest first, at most {@link ServerStatistics#RECENT}
 * @since 1.5
 */
public record ServerStats(String serverId, TestVerdict lastTest, List<SendSample> recentSends) {

	public ServerStats {
		recentSends = List.copyOf(recentSends);
	}

	/** @return a record with nothing in it */
	public static ServerStats empty(String serverId) {
		return new ServerStats(serverId, null, List.of());
	}

	/**
	 * A connection test's verdict.
	 *
	 * @param at      when it ran
	 * @param passed  whether every step passed
	 * @param summary one line for the user
	 */
	public record TestVerdict(Instant at, boolean passed, String summary) {
	}

	/**
	 * One attempt to send one message: how many of its recipients fared how.
	 *
	 * @param at            when the server answered
	 * @param latencyMillis how long the attempt took
	 */
	public record SendSample(Instant at, long latencyMillis, int accepted, int deferred, int rejected, int unknown) {

		/** @return the recipients of the attempt */
		public int recipients() {
			return accepted + deferred + rejected + unknown;
		}
	}

	/** @return recipients accepted in the recent attempts */
	public int accepted() {
		return recentSends.stream().mapToInt(SendSample::accepted).sum();
	}

	public int deferred() {
		return recentSends.stream().mapToInt(SendSample::deferred).sum();
	}

	public int rejected() {
		return recentSends.stream().mapToInt(SendSample::rejected).sum();
	}

	public int unknown() {
		return recentSends.stream().mapToInt(SendSample::unknown).sum();
	}

	/** @return recipients of the recent attempts */
	public int recipients() {
		return recentSends.stream().mapToInt(SendSample::recipients).sum();
	}

	/** @return the share of recipients accepted, 0 to 1; -1 when nothing was sent */
	public double successRate() {
		int all = recipients();
		return all == 0 ? -1 : (double) accepted() / all;
	}

	/** @return the mean latency of the recent attempts in milliseconds; -1 when there were none */
	public long meanLatencyMillis() {
		return recentSends.isEmpty() ? -1
				: Math.round(recentSends.stream().mapToLong(SendSample::latencyMillis).average().orElse(0));
	}

	/** @return when the last attempt was answered; {@code null} for none */
	public Instant lastSend() {
		return recentSends.isEmpty() ? null : recentSends.get(recentSends.size() - 1).at();
	}
}
