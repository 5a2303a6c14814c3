package com.bitfaster.mail.oauth;

import java.util.List;

/**
 * The keys of a server's {@link com.bitfaster.mail.core.MailServer#authSettings() authentication settings} when its
 * method is {@code oauth2}, and the names of its secrets in secure storage. Settings are exported with the server;
 * secrets never are.
 */
public final class OAuthSettings {

	/** {@value #MICROSOFT}, {@value #GOOGLE} or {@value #ISSUER}. */
	public static final String PROVIDER = "provider"; //$NON-NLS-1$
	/** The issuer URL of an OpenID provider (with {@value #ISSUER}); its endpoints come from discovery. */
	public static final String ISSUER_URL = "issuer"; //$NON-NLS-1$
	/** The Microsoft Entra tenant (directory id or domain); {@code organizations} when empty. */
	public static final String TENANT = "tenant"; //$NON-NLS-1$
	/** The application (client) id the organisation registered. */
	public static final String CLIENT_ID = "clientId"; //$NON-NLS-1$
	/** The scopes to ask for, separated by spaces; the provider's default when empty. */
	public static final String SCOPE = "scope"; //$NON-NLS-1$

	public static final String MICROSOFT = "microsoft"; //$NON-NLS-1$
	public static final String GOOGLE = "google"; //$NON-NLS-1$
	public static final String ISSUER = "issuer"; //$NON-NLS-1$
	public static final List<String> PROVIDERS = List.of(MICROSOFT, GOOGLE, ISSUER);

	/** Microsoft 365: sending mail through SMTP AUTH, and a refresh token. */
	public static final String MICROSOFT_SCOPE = "https://outlook.office.com/SMTP.Send offline_access"; //$NON-NLS-1$
	/** Google: full mail access is the only scope Gmail's SMTP accepts. */
	public static final String GOOGLE_SCOPE = "https://mail.google.com/"; //$NON-NLS-1$
	/** Any other OpenID provider. */
	public static final String ISSUER_SCOPE = "openid email offline_access"; //$NON-NLS-1$

	/** Secret: the client secret, for providers that require one (confidential clients). */
	public static final String SECRET_CLIENT_SECRET = "oauth2.clientSecret"; //$NON-NLS-1$
	/** Secret: the refresh token. */
	public static final String SECRET_REFRESH_TOKEN = "oauth2.refreshToken"; //$NON-NLS-1$
	/** Secret: the current access token. */
	public static final String SECRET_ACCESS_TOKEN = "oauth2.accessToken"; //$NON-NLS-1$
	/** Kept with the tokens: when the access token was issued and expires (epoch seconds, {@code issued/expires}). */
	public static final String SECRET_ACCESS_TOKEN_TIMES = "oauth2.accessTokenTimes"; //$NON-NLS-1$
	/** Kept with the tokens: who signed in (from the ID token), for display. */
	public static final String SECRET_ACCOUNT = "oauth2.account"; //$NON-NLS-1$

	private OAuthSettings() {
	}
}
