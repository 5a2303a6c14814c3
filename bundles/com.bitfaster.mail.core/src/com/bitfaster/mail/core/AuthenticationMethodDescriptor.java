package com.bitfaster.mail.core;

import org.eclipse.core.runtime.CoreException;

/**
 * A contribution to {@code com.bitfaster.mail.core.authenticationMethods}, read without loading its class.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface AuthenticationMethodDescriptor {

	String id();

	String label();

	String description();

	/** @return the id of the contributing bundle */
	String contributor();

	/**
	 * Creates the method on first call and returns the same instance afterwards.
	 *
	 * @throws CoreException when the class cannot be created; the failure is logged once
	 */
	AuthenticationMethod authenticationMethod() throws CoreException;
}
