package com.bitfaster.mail.dkim.internal;

import org.eclipse.osgi.util.NLS;

/** Texts of the DKIM keys. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.dkim.internal.messages"; //$NON-NLS-1$

	public static String Import_notPem;
	public static String Import_notPkcs8;
	public static String Import_rsaSize;
	public static String Import_unsupported;
	public static String Keys_badDomain;
	public static String Keys_badSelector;
	public static String Keys_exists;
	public static String Keys_algorithmExists;
	public static String Keys_notFound;
	public static String Keys_cannotGenerate;
	public static String Keys_cannotSave;
	public static String Keys_unreadable;
	public static String Sign_noPrivateKey;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
