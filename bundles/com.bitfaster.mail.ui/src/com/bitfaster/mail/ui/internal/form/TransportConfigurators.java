package com.bitfaster.mail.ui.internal.form;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.ui.internal.Messages;

/**
 * Reads {@code com.bitfaster.mail.ui.transportConfigurators}: one descriptor per transport type. Contributions
 * without a transport type or class, and second contributions for the same type, are logged and left out.
 */
public final class TransportConfigurators {

	public static final String EXTENSION_POINT = "com.bitfaster.mail.ui.transportConfigurators"; //$NON-NLS-1$
	private static final String ELEMENT = "configurator"; //$NON-NLS-1$

	private static volatile TransportConfigurators instance;

	private final Map<String, TransportConfiguratorDescriptor> byType = new LinkedHashMap<>();

	TransportConfigurators(IExtensionRegistry registry) {
		for (IConfigurationElement element : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
			read(element);
		}
	}

	/** @return the configurators of the running platform, read on first use */
	public static TransportConfigurators get() {
		TransportConfigurators result = instance;
		if (result == null) {
			synchronized (TransportConfigurators.class) {
				if (instance == null) {
					instance = new TransportConfigurators(Platform.getExtensionRegistry());
				}
				result = instance;
			}
		}
		return result;
	}

	private void read(IConfigurationElement element) {
		String contributor = element.getContributor().getName();
		if (!ELEMENT.equals(element.getName())) {
			return;
		}
		String type = element.getAttribute(TransportConfiguratorDescriptor.ATT_TRANSPORT_TYPE);
		String className = element.getAttribute(TransportConfiguratorDescriptor.ATT_CLASS);
		if (type == null || type.isBlank() || className == null || className.isBlank()) {
			ILog.of(getClass()).error(NLS.bind(Messages.Configurators_missingAttribute, contributor));
			return;
		}
		if (byType.containsKey(type)) {
			ILog.of(getClass()).error(NLS.bind(Messages.Configurators_duplicate, type, contributor));
			return;
		}
		byType.put(type, new TransportConfiguratorDescriptor(element));
	}

	public Optional<TransportConfiguratorDescriptor> forType(String transportType) {
		return Optional.ofNullable(byType.get(transportType));
	}
}
