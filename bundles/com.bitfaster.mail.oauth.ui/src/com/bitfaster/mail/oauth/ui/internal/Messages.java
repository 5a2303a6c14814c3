package com.bitfaster.mail.oauth.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible texts of the OAuth2 sign-in UI. */
public final class Messages extends NLS {

	private static final String BUNDLE_NAME = "com.bitfaster.mail.oauth.ui.internal.messages"; //$NON-NLS-1$

	public static String OAuth_browserFailed;
	public static String OAuth_clientId;
	public static String OAuth_clientIdHint;
	public static String OAuth_clientSecret;
	public static String OAuth_clientSecretHint;
	public static String OAuth_clientSecretStored;
	public static String OAuth_issuer;
	public static String OAuth_issuerHint;
	public static String OAuth_noService;
	public static String OAuth_notSignedIn;
	public static String OAuth_note;
	public static String OAuth_provider;
	public static String OAuth_providerGoogle;
	public static String OAuth_providerIssuer;
	public static String OAuth_providerMicrosoft;
	public static String OAuth_saveFirst;
	public static String OAuth_scope;
	public static String OAuth_scopeHint;
	public static String OAuth_signIn;
	public static String OAuth_signInCancelled;
	public static String OAuth_signInFailed;
	public static String OAuth_signInJob;
	public static String OAuth_signInTask;
	public static String OAuth_signOut;
	public static String OAuth_signOutJob;
	public static String OAuth_signedIn;
	public static String OAuth_signedInNoAccount;
	public static String OAuth_signingIn;
	public static String OAuth_tenant;
	public static String OAuth_tenantHint;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
