package com.bitfaster.mail.bounces;

/**
 * What one read of the bounce mailbox did.
 *
 * @param read         messages read that were not read before
 * @param hard         hard bounces recorded
 * @param soft         soft bounces recorded
 * @param complaints   complaints recorded
 * @param unsubscribes unsubscribes applied
 * @param autoReplies  auto-replies (not bounces: nothing recorded)
 * @param refused      messages whose token was missing, forged or names no campaign here: nothing recorded
 * @param unrecognised messages that are none of the above (left in the mailbox for a person)
 */
public record FetchSummary(int read, int hard, int soft, int complaints, int unsubscribes, int autoReplies,
		int refused, int unrecognised) {

	public static final FetchSummary EMPTY = new FetchSummary(0, 0, 0, 0, 0, 0, 0, 0);

	/** @return this plus one message of the given outcome */
	public FetchSummary plus(BounceOutcome outcome) {
		return new FetchSummary(read + 1, hard + (outcome == BounceOutcome.HARD ? 1 : 0),
				soft + (outcome == BounceOutcome.SOFT ? 1 : 0), complaints + (outcome == BounceOutcome.COMPLAINT ? 1 : 0),
				unsubscribes + (outcome == BounceOutcome.UNSUBSCRIBE ? 1 : 0),
				autoReplies + (outcome == BounceOutcome.AUTO_REPLY ? 1 : 0), refused + (outcome == BounceOutcome.REFUSED ? 1 : 0),
				unrecognised + (outcome == BounceOutcome.UNRECOGNISED ? 1 : 0));
	}

	/** @return both summed */
	public FetchSummary plus(FetchSummary o) {
		return new FetchSummary(read + o.read, hard + o.hard, soft + o.soft, complaints + o.complaints,
				unsubscribes + o.unsubscribes, autoReplies + o.autoReplies, refused + o.refused, unrecognised + o.unrecognised);
	}
}
