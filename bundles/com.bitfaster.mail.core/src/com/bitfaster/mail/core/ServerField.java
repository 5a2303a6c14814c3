package com.bitfaster.mail.core;

/** The settings of a {@link MailServer} that validation can report a problem for. */
public enum ServerField {
	NAME, TRANSPORT_TYPE, HOST, PORT, USERNAME, PASSWORD, TIMEOUT, ENCRYPTION, INACTIVE_UNTIL, MAX_CONNECTIONS,
	MESSAGES_PER_CONNECTION, MESSAGES_PER_HOUR, HELO_NAME, PINNED_CERTIFICATE, TRANSPORT_SETTING,
	/** Encryption {@code none} with a user name, without the user's explicit permission. */
	ALLOW_PLAINTEXT_AUTH,
	/** The authentication method. */
	AUTH_METHOD,
	/** A setting of the authentication method; {@link FieldProblem#settingKey()} says which. */
	AUTH_SETTING,
	/** @since 1.3 */
	MESSAGES_PER_DAY,
	/** @since 1.3 */
	WARM_UP
}
