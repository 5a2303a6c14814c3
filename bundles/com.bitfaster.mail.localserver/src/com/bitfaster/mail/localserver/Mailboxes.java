package com.bitfaster.mail.localserver;

import java.util.Locale;

/** How the local server names a recipient's mailbox. */
public final class Mailboxes {

	private Mailboxes() {
	}

	/** @return the address in lower case without its {@code +tag}: {@code Bounce+abc@X.test} is {@code bounce@x.test} */
	public static String withoutTag(String address) {
		String lower = address.strip().toLowerCase(Locale.ROOT);
		int at = lower.lastIndexOf('@');
		String local = at < 0 ? lower : lower.substring(0, at);
		int plus = local.indexOf('+');
		if (plus <= 0) {
			return lower;
		}
		return local.substring(0, plus) + (at < 0 ? "" : lower.substring(at)); //$NON-NLS-1$
	}
}
