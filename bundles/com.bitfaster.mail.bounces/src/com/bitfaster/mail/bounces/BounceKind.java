package com.bitfaster.mail.bounces;

import java.util.Locale;

/** What a message read from the bounce mailbox means for its recipient. */
public enum BounceKind {
	/** Permanent failure (5.x.x other than mailbox full): the address is suppressed. */
	HARD,
	/** Temporary failure (4.x.x, or 5.2.2 mailbox full): suppressed only after repeated soft bounces. */
	SOFT,
	/** A feedback report (RFC 5965): the recipient called the mail spam; suppressed. */
	COMPLAINT,
	/** An out-of-office or other automatic answer: not a bounce, nothing recorded. */
	AUTO_REPLY,
	/** A mail to {@code unsubscribe+TOKEN@}: the recipient asked to leave; suppressed. */
	UNSUBSCRIBE,
	/** Nothing this reader understands (a person's reply, spam): left for a person, nothing recorded. */
	UNRECOGNISED;

	/** @return the kind as written in the campaign journal ({@code hard}, {@code soft}, ...) */
	public String journalName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Classifies a delivery status: 5.x.x is hard except 5.2.2 (mailbox full), 4.x.x soft. A bare SMTP reply code
	 * (550, 452) is read the same way by its first digit.
	 *
	 * @param status     an enhanced status code ({@code 5.1.1}) or an SMTP reply code, may be empty
	 * @param diagnostic the server's text, consulted for "mailbox full" when the code says 5.x.x
	 * @return HARD, SOFT, or UNRECOGNISED when the status is neither
	 */
	public static BounceKind classify(String status, String diagnostic) {
		String s = status == null ? "" : status.strip(); //$NON-NLS-1$
		if (s.startsWith("4")) { //$NON-NLS-1$
			return SOFT;
		}
		if (s.startsWith("5")) { //$NON-NLS-1$
			if (s.equals("5.2.2") || mailboxFull(diagnostic)) { //$NON-NLS-1$
				return SOFT;
			}
			return HARD;
		}
		return UNRECOGNISED;
	}

	private static boolean mailboxFull(String diagnostic) {
		if (diagnostic == null) {
			return false;
		}
		String d = diagnostic.toLowerCase(Locale.ROOT);
		return d.contains("mailbox full") || d.contains("mailbox is full") || d.contains("over quota") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				|| d.contains("quota exceeded") || d.contains("5.2.2"); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
