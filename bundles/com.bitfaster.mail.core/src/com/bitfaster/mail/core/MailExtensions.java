package com.bitfaster.mail.core;

import java.util.List;
import java.util.Optional;

/**
 * The installed encryption providers, transport types and authentication methods, as an OSGi service. Broken contributions (a missing
 * attribute, a duplicate id, a class that cannot be created) are logged and left out.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface MailExtensions {

	/** @return the encryption providers: the built-in none, ssl and starttls first, then the others by label */
	List<EncryptionProviderDescriptor> encryptionProviders();

	Optional<EncryptionProviderDescriptor> encryptionProvider(String id);

	List<TransportTypeDescriptor> transportTypes();

	Optional<TransportTypeDescriptor> transportType(String id);

	/** @return the authentication methods: the built-in password and oauth2 first, then the others by label */
	List<AuthenticationMethodDescriptor> authenticationMethods();

	Optional<AuthenticationMethodDescriptor> authenticationMethod(String id);
}
