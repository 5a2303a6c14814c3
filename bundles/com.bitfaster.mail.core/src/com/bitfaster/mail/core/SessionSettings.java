package com.bitfaster.mail.core;

import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

/**
 * A mail session being prepared for one server, handed to an {@link EncryptionProvider}.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface SessionSettings {

	MailServer server();

	/** @return the protocol whose properties are set, for example {@code smtp} (keys are {@code mail.smtp.*}) */
	String protocol();

	/** @return the Jakarta Mail session properties, to be changed by the provider */
	Properties properties();

	/**
	 * @return a socket factory that verifies the certificate chain against the system trust store, or accepts
	 *         exactly the server's pinned certificate when one is set
	 */
	SSLSocketFactory verifyingSocketFactory();
}
