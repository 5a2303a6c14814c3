package com.bitfaster.mail.core;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Tests the connection to a server step by step ("Test Connection"): resolve, connect, greeting, EHLO, TLS, AUTH and
 * optionally a test message. An OSGi service; the password is read from the {@link ServerRegistry}.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface ConnectionTester {

	/**
	 * @param server        the settings to test, which need not be saved yet
	 * @param password      the password to use, or {@code null} to use the stored one
	 * @param testRecipient when not {@code null}, a test message is sent to this address
	 * @return the report; never throws for a failing server
	 */
	DiagnosticReport test(MailServer server, char[] password, String testRecipient, IProgressMonitor monitor);
}
