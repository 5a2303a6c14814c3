package com.bitfaster.mail.bounces.ui.internal;

import com.bitfaster.mail.bounces.FetchSummary;

/** The texts of the bounce UI that are built from numbers. */
final class BouncesMessages {

	private BouncesMessages() {
	}

	static String summary(FetchSummary s) {
		return "Bounce mailbox read: " + s.read() + " new, " + s.hard() + " hard, " + s.soft() + " soft, " //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				+ s.complaints() + " complaints, " + s.unsubscribes() + " unsubscribes, " + s.autoReplies() //$NON-NLS-1$ //$NON-NLS-2$
				+ " auto-replies, " + s.refused() + " refused, " + s.unrecognised() + " unrecognised"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
