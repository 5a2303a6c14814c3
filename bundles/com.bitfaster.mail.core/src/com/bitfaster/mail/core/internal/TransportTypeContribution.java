package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.core.TransportTypeDescriptor;

/** One {@code transportType} element of {@code com.bitfaster.mail.core.transportTypes}. */
final class TransportTypeContribution extends Contribution<TransportType> implements TransportTypeDescriptor {

	TransportTypeContribution(IConfigurationElement element) {
		super(element, TransportType.class, MailExtensionsImpl.TRANSPORT_TYPES);
	}

	@Override
	public TransportType transportType() throws CoreException {
		return instance();
	}
}
