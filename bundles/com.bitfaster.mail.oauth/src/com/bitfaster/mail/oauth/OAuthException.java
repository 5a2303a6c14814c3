package com.bitfaster.mail.oauth;

/** A sign-in or token problem, with a plain one-line message for the user (never a token). */
public class OAuthException extends Exception {

	private static final long serialVersionUID = 1L;

	/** What the user can do about it. */
	public enum Reason {
		/** Not signed in, or the consent was revoked or expired: sign in again. */
		SIGN_IN_AGAIN,
		/** The provider refused the scope (the application lacks the permission, or it is misspelt). */
		WRONG_SCOPE,
		/** This computer's clock and the provider's differ too much. */
		CLOCK_SKEW,
		/** The server's OAuth2 settings are wrong (client id, issuer, tenant, an http URL that is not loopback). */
		CONFIGURATION,
		/** The user declined, or the sign-in was not finished in time. */
		DENIED,
		/** The sign-in was cancelled. */
		CANCELLED,
		/** The provider could not be reached or answered something unexpected. */
		PROVIDER
	}

	private final Reason reason;

	public OAuthException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public OAuthException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
