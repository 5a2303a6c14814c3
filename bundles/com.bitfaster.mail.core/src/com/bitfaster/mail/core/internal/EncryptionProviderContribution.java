package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;

/** One {@code provider} element of {@code com.bitfaster.mail.core.encryptionProviders}. */
final class EncryptionProviderContribution implements EncryptionProviderDescriptor {

	private final String id;
	private final String label;
	private final String description;
	private final int defaultPort;
	private final String contributor;
	private final LazyContribution<EncryptionProvider> provider;

	EncryptionProviderContribution(IConfigurationElement element, int defaultPort) {
		this.id = element.getAttribute(ExtensionReader.ATT_ID).strip();
		this.label = element.getAttribute(ExtensionReader.ATT_LABEL).strip();
		this.description = ExtensionReader.optional(element, ExtensionReader.ATT_DESCRIPTION);
		this.defaultPort = defaultPort;
		this.contributor = element.getContributor().getName();
		this.provider = new LazyContribution<>(element, EncryptionProvider.class, id, MailExtensionsImpl.ENCRYPTION_PROVIDERS);
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public String label() {
		return label;
	}

	@Override
	public String description() {
		return description;
	}

	@Override
	public int defaultPort() {
		return defaultPort;
	}

	@Override
	public String contributor() {
		return contributor;
	}

	@Override
	public EncryptionProvider provider() throws CoreException {
		return provider.get();
	}

	boolean isBroken() {
		return provider.isBroken();
	}

	@Override
	public String toString() {
		return label;
	}
}
