package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;

/** One {@code provider} element of {@code com.bitfaster.mail.core.encryptionProviders}. */
final class EncryptionProviderContribution extends Contribution<EncryptionProvider> implements EncryptionProviderDescriptor {

	private final int defaultPort;

	EncryptionProviderContribution(IConfigurationElement element, int defaultPort) {
		super(element, EncryptionProvider.class, MailExtensionsImpl.ENCRYPTION_PROVIDERS);
		this.defaultPort = defaultPort;
	}

	@Override
	public int defaultPort() {
		return defaultPort;
	}

	@Override
	public EncryptionProvider provider() throws CoreException {
		return instance();
	}
}
