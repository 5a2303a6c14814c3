package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import com.bitfaster.mail.core.AuthenticationMethod;
import com.bitfaster.mail.core.AuthenticationMethodDescriptor;

/** One {@code method} element of {@code com.bitfaster.mail.core.authenticationMethods}. */
final class AuthenticationMethodContribution extends Contribution<AuthenticationMethod>
		implements AuthenticationMethodDescriptor {

	AuthenticationMethodContribution(IConfigurationElement element) {
		super(element, AuthenticationMethod.class, MailExtensionsImpl.AUTHENTICATION_METHODS);
	}

	@Override
	public AuthenticationMethod authenticationMethod() throws CoreException {
		return instance();
	}
}
