package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.core.TransportTypeDescriptor;

/** One {@code transportType} element of {@code com.bitfaster.mail.core.transportTypes}. */
final class TransportTypeContribution implements TransportTypeDescriptor {

	private final String id;
	private final String label;
	private final String description;
	private final String contributor;
	private final LazyContribution<TransportType> type;

	TransportTypeContribution(IConfigurationElement element) {
		this.id = element.getAttribute(ExtensionReader.ATT_ID).strip();
		this.label = element.getAttribute(ExtensionReader.ATT_LABEL).strip();
		this.description = ExtensionReader.optional(element, ExtensionReader.ATT_DESCRIPTION);
		this.contributor = element.getContributor().getName();
		this.type = new LazyContribution<>(element, TransportType.class, id, MailExtensionsImpl.TRANSPORT_TYPES);
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
	public String contributor() {
		return contributor;
	}

	@Override
	public TransportType transportType() throws CoreException {
		return type.get();
	}

	boolean isBroken() {
		return type.isBroken();
	}

	@Override
	public String toString() {
		return label;
	}
}
