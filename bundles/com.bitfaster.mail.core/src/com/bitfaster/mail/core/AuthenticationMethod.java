package com.bitfaster.mail.core;

import java.util.List;

import org.eclipse.core.runtime.CoreException;

/**
 * How a connection to a server proves who it is: a contribution to {@code com.bitfaster.mail.core.authenticationMethods}.
 * Built in: {@code password} (a user name and a password from secure storage) and {@code oauth2} (an OAuth2 access
 * token for SASL XOAUTH2, refreshed as needed). A third party can add another, for example a client certificate.
 * <p>
 * The method's own settings are {@link MailServer#authSettings()}; its secrets live in Equinox secure storage
 * ({@link ServerRegistry#secret(String, String)}), never in the settings.
 * </p>
 */
public interface AuthenticationMethod {

	/**
	 * The credentials a connection to {@code server} signs in with. Called when a connection is about to be opened;
	 * {@link Credentials#secret()} is asked by the transport right then, so a token can be fetched fresh each time.
	 *
	 * @param registry the server registry, for the server's secrets
	 * @throws CoreException with a plain message when the method cannot sign in at all (for example: not signed in)
	 */
	Credentials credentials(MailServer server, ServerRegistry registry) throws CoreException;

	/** @return the problems of the method's settings of {@code server}; empty when they are valid */
	default List<FieldProblem> validate(MailServer server) {
		return List.of();
	}
}
