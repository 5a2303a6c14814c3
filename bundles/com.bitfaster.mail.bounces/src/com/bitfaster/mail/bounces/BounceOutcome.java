package com.bitfaster.mail.bounces;

/** What processing one message did. */
public enum BounceOutcome {
	HARD, SOFT, COMPLAINT, UNSUBSCRIBE, AUTO_REPLY,
	/** The token was missing, forged, of the other purpose, or names a campaign or recipient unknown here. */
	REFUSED,
	/** Not a bounce this reader understands; left for a person. */
	UNRECOGNISED,
	/** A bounce its campaign's journal holds already (the same message read again): nothing counted twice. */
	ALREADY_RECORDED
}
