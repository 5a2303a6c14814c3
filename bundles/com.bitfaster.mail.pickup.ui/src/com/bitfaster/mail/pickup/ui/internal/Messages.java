package com.bitfaster.mail.pickup.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible texts of the pickup UI. */
public final class Messages extends NLS {

	private static final String BUNDLE_NAME = "com.bitfaster.mail.pickup.ui.internal.messages"; //$NON-NLS-1$

	public static String Pickup_browse;
	public static String Pickup_browseMessage;
	public static String Pickup_directory;
	public static String Pickup_directoryHint;
	public static String Pickup_note;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
