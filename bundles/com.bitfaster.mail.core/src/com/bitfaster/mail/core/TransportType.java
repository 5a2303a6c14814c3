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
	 * Opens a connection to a server that is reused for many messages. Never logs or reports the password.
	 *
	 * @param password the password, or {@code null} or empty when the server needs none
	 * @throws CoreException with a plain message for the user when the server cannot be reached, refuses the
	 *                       connection or the credentials, or is not secured as configured; nothing was sent
	 */
	TransportConnection connect(MailServer server, char[] password) throws CoreException;
}
