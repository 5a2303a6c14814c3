package com.bitfaster.mail.oauth.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the OAuth2 bundle. */
@SuppressWarnings("java:S1444")
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.oauth.internal.messages"; //$NON-NLS-1$

	public static String notSignedIn;
	public static String signInAgain;
	public static String wrongScope;
	public static String clockSkew;
	public static String insecureUrl;
	public static String badIssuer;
	public static String discoveryFailed;
	public static String noDeviceEndpoint;
	public static String noClientId;
	public static String unknownProvider;
	public static String providerError;
	public static String unreachable;
	public static String clientRefused;
	public static String denied;
	public static String codeExpired;
	public static String cancelled;
	public static String timedOut;
	public static String stateMismatch;
	public static String storageFailed;
	public static String lockFailed;
	public static String serviceMissing;
	public static String noUsername;
	public static String browserDone;
	public static String browserFailed;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
