package com.bitfaster.mail.app.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the application. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.app.internal.messages"; //$NON-NLS-1$

	public static String startLocalServerFailed;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
