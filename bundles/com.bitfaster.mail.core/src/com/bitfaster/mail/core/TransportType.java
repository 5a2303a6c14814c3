package com.bitfaster.mail.core;

import java.util.List;

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
}
