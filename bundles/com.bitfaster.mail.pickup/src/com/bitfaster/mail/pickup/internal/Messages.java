package com.bitfaster.mail.pickup.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the pickup transport. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.pickup.internal.messages"; //$NON-NLS-1$

	public static String directoryMissing;
	public static String directoryRelative;
	public static String directoryNotADirectory;
	public static String directoryNotWritable;
	public static String directoryParentMissing;
	public static String directoryInvalid;
	public static String written;
	public static String writeFailed;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
