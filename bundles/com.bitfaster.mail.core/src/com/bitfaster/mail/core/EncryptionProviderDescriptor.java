package com.bitfaster.mail.core;

import org.eclipse.core.runtime.CoreException;

/**
 * A contribution to {@code com.bitfaster.mail.core.encryptionProviders}, read without loading its class.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface EncryptionProviderDescriptor {

	/** The id of the built-in provider for plain connections. */
	String NONE = "none"; //$NON-NLS-1$
	/** The id of the built-in provider for implicit TLS. */
	String SSL = "ssl"; //$NON-NLS-1$
	/** The id of the built-in provider for required STARTTLS. */
	String STARTTLS = "starttls"; //$NON-NLS-1$

	String id();

	String label();

	String description();

	int defaultPort();

	/** @return the id of the contributing bundle */
	String contributor();

	/**
	 * Creates the provider on first call and returns the same instance afterwards.
	 *
	 * @throws CoreException when the class cannot be created; the failure is logged once
	 */
	EncryptionProvider provider() throws CoreException;
}
