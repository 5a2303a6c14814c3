package com.bitfaster.mail.preflight;

/** How much a finding matters, most first. */
public enum Severity {
	/** The mail would be rejected, land in spam or break a rule of the big mailbox providers: fix it before sending. */
	BLOCKS,
	/** Likely to hurt delivery or the reader; sending is still possible. */
	WARNS,
	/** What was found to be right, or what could not be checked and why. */
	INFO
}
