package com.bitfaster.mail.core;

/**
 * Secures the connection to a server: contributed through the {@code com.bitfaster.mail.core.encryptionProviders}
 * extension point and created when first used.
 */
public interface EncryptionProvider {

	/**
	 * Adds this provider's settings (socket, TLS, whether STARTTLS is required) to a mail session about to be
	 * created for a server.
	 */
	void configure(SessionSettings settings);
}
