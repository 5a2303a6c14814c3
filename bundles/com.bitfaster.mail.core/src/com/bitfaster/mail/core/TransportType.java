package com.bitfaster.mail.core;

import java.util.List;

import org.eclipse.core.runtime.CoreException;

/**
 * A way of sending messages (SMTP, a pickup directory, …): contributed through the
 * {@code com.bitfaster.mail.core.transportTypes} extension point and created when first used.
 */
public interface TransportType {

	/**
	 * Checks the settings specific to this type ({@link MailServer#transportSettings()}, and whether host, port or
	 * encryption apply).
	 *
	 * @return the problems found; empty when the settings are valid
	 */
	List<FieldProblem> validateSettings(MailServer server);

	/** @return whether servers of this type connect to a host and port (and so use encryption and credentials) */
	default boolean usesNetwork() {
		return true;
	}

	/**
	 * Says in a few words where a server of this type sends to, for listings and messages (the command line's
	 * {@code servers list}, "Added ..."): {@code host:port} for a type that {@link #usesNetwork() uses the network};
	 * otherwise its settings ({@code key=value, ...}) or, without settings, the type's id. A type whose settings say
	 * it better (a folder, an account) overrides this.
	 *
	 * @return one line, never {@code null}
	 * @since 1.2
	 */
	default String describe(MailServer server) {
		if (usesNetwork()) {
			return server.address();
		}
		if (server.transportSettings().isEmpty()) {
			return server.transportType();
		}
		return server.transportSettings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()) //$NON-NLS-1$
				.collect(java.util.stream.Collectors.joining(", ")); //$NON-NLS-1$
	}

	/**
	 * Opens a connection to a server that is reused for many messages. Never logs or reports the password.
	 *
	 * @param password the password, or {@code null} or empty when the server needs none
	 * @throws CoreException with a plain message for the user when the server cannot be reached, refuses the
	 *                       connection or the credentials, or is not secured as configured; nothing was sent
	 */
	TransportConnection connect(MailServer server, char[] password) throws CoreException;

	/**
	 * Opens a connection signing in with {@code credentials}, asked for now (a token is fetched fresh for each
	 * connection). The default takes the secret as a password and calls {@link #connect(MailServer, char[])}; a
	 * transport that supports other kinds of credentials (OAuth2 tokens) overrides this.
	 *
	 * @throws CoreException as {@link #connect(MailServer, char[])}, and when the credentials cannot be had or are
	 *                       of a kind this transport does not support
	 */
	default TransportConnection connect(MailServer server, Credentials credentials) throws CoreException {
		if (credentials.kind() == Credentials.Kind.OAUTH2_TOKEN) {
			throw new CoreException(org.eclipse.core.runtime.Status.error(org.eclipse.osgi.util.NLS
					.bind(com.bitfaster.mail.core.internal.Messages.Sender_noOAuth2, server.transportType())));
		}
		char[] secret = credentials.secret().orElse(null);
		try {
			return connect(server, secret);
		} finally {
			if (secret != null) {
				java.util.Arrays.fill(secret, '\0');
			}
		}
	}
}
