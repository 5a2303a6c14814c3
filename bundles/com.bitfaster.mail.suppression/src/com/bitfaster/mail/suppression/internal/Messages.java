package com.bitfaster.mail.suppression.internal;

import org.eclipse.osgi.util.NLS;

/** Texts of the suppression list, tokens and deliverability settings. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.suppression.internal.messages"; //$NON-NLS-1$

	public static String List_badAddress;
	public static String List_damaged;
	public static String List_cannotSave;
	public static String List_cannotRead;
	public static String List_badRow;
	public static String List_badReason;
	public static String List_noAddressColumn;
	public static String Settings_badDomain;
	public static String Settings_badNumber;
	public static String Settings_damaged;
	public static String Settings_cannotSave;
	public static String Tokens_noKey;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
