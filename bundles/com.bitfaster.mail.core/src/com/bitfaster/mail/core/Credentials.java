package com.bitfaster.mail.core;

import java.util.Optional;

import org.eclipse.core.runtime.CoreException;

/**
 * How a connection signs in, asked for each time a connection is opened (so a short-lived token is fetched fresh for
 * each connection, never cached by the transport). The secret is never logged or shown.
 */
public interface Credentials {

	/** What the secret is. */
	enum Kind {
		/** No sign-in. */
		NONE,
		/** A password, for AUTH PLAIN or LOGIN (or whatever the transport uses). */
		PASSWORD,
		/** An OAuth2 access token, for SASL XOAUTH2 or OAUTHBEARER. */
		OAUTH2_TOKEN
	}

	/** No sign-in. */
	Credentials NONE = new Credentials() {
		@Override
		public Kind kind() {
			return Kind.NONE;
		}

		@Override
		public String username() {
			return ""; //$NON-NLS-1$
		}

		@Override
		public Optional<char[]> secret() {
			return Optional.empty();
		}
	};

	Kind kind();

	/** @return the user name; empty with {@link Kind#NONE} */
	String username();

	/**
	 * @return a fresh copy of the secret, which the caller clears after use; empty when there is none
	 * @throws CoreException with a plain message for the user when the secret cannot be had (secure storage locked,
	 *                       a token that cannot be refreshed); nothing is sent
	 */
	Optional<char[]> secret() throws CoreException;
}
