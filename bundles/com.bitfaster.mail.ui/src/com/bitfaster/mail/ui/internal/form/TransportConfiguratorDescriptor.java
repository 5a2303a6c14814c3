package com.bitfaster.mail.ui.internal.form;

import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ResourceLocator;

import com.bitfaster.mail.ui.TransportConfigurator;

/**
 * One contribution to {@code com.bitfaster.mail.ui.transportConfigurators}, read without loading its class; the
 * class is created for every editor or page that shows a server of its transport type.
 */
public final class TransportConfiguratorDescriptor {

	static final String ATT_TRANSPORT_TYPE = "transportType"; //$NON-NLS-1$
	static final String ATT_CLASS = "class"; //$NON-NLS-1$
	static final String ATT_ICON = "icon"; //$NON-NLS-1$

	private final IConfigurationElement element;
	private final String transportType;
	private ImageDescriptor icon;

	TransportConfiguratorDescriptor(IConfigurationElement element) {
		this.element = element;
		this.transportType = element.getAttribute(ATT_TRANSPORT_TYPE);
	}

	public String transportType() {
		return transportType;
	}

	public String contributor() {
		return element.getContributor().getName();
	}

	/** @return the icon of servers of this transport type, when the contribution names one */
	public synchronized Optional<ImageDescriptor> icon() {
		String path = element.getAttribute(ATT_ICON);
		if (icon == null && path != null && !path.isBlank()) {
			icon = ResourceLocator.imageDescriptorFromBundle(contributor(), path).orElse(null);
		}
		return Optional.ofNullable(icon);
	}

	/** @throws CoreException when the class cannot be created or is not a {@link TransportConfigurator} */
	public TransportConfigurator createConfigurator() throws CoreException {
		Object created = element.createExecutableExtension(ATT_CLASS);
		if (created instanceof TransportConfigurator configurator) {
			return configurator;
		}
		throw new CoreException(org.eclipse.core.runtime.Status.error(org.eclipse.osgi.util.NLS.bind(
				com.bitfaster.mail.ui.internal.Messages.Configurators_wrongType, created.getClass().getName(),
				contributor())));
	}
}
