package com.bitfaster.mail.localserver.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the local mail server. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.localserver.internal.messages"; //$NON-NLS-1$

	public static String portBusy;
	public static String started;
	public static String serverName;
	public static String registryFailed;
	public static String bounceFailed;
	public static String badRules;
	public static String bouncesDamaged;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
