package com.bitfaster.mail.core;

import java.io.IOException;

/**
 * A rate limit of any key (for example a recipient domain of a campaign), kept like the servers' own limits: shared
 * by every process on this machine, durable across restarts and {@code kill -9}, in one file per key in the data
 * folder ({@code quota-<key>.json}) changed only under a cross-process lock. A caller reserves a block of messages
 * before it sends them, hands none of them over after {@link Block#handOverBy()}, and closes the block with the
 * number it handed over once their outcomes are known; what it did not use goes back. Any sliding window of the given
 * length then holds at most the limit at the server.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 * @since 1.4
 */
public interface SharedQuota {

	/** A reservation of {@link #count()} messages. */
	interface Block {
		/** @return the key it was reserved under */
		String key();

		/** @return how many messages may be handed over */
		int count();

		/** @return the time (epoch millis) after which none of its messages may be handed over */
		long handOverBy();
	}

	/**
	 * What {@link #reserve} got.
	 *
	 * @param block   the block reserved; {@code null} when nothing may be sent now
	 * @param retryAt when nothing may be sent: when (epoch millis) to ask again
	 * @param problem a problem to tell the user (a damaged file), or {@code null}
	 */
	record Grant(Block block, long retryAt, String problem) {
	}

	/**
	 * Reserves up to {@code wanted} messages under {@code key}, at most {@code limit} in any window of
	 * {@code windowMillis}.
	 *
	 * @param key            letters, digits, '.', '_' and '-' only (it names the file)
	 * @param handOverMillis how long the caller may take to hand the block's messages over
	 */
	Grant reserve(String key, long windowMillis, int limit, int wanted, long handOverMillis) throws IOException;

	/** Closes a block: {@code used} of its messages were handed over, the rest go back. */
	void close(Block block, int used) throws IOException;
}
