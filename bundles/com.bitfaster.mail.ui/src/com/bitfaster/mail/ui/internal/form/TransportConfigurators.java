package com.bitfaster.mail.ui.internal.form;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.IExtensionPoint;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.IRegistryEventListener;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.ui.internal.Messages;

/**
 * Reads {@code com.bitfaster.mail.ui.transportConfigurators}: one descriptor per transport type. Contributions
 * without a transport type or class, and second contributions for the same type, are logged and left out. The
 * platform's instance reads again whenever a plug-in contributing to the point comes or goes, as core's readers do.
 */
public final class TransportConfigurators implements IRegistryEventListener {

	public static final String EXTENSION_POINT = "com.bitfaster.mail.ui.transportConfigurators"; //$NON-NLS-1$
	private static final String ELEMENT = "configurator"; //$NON-NLS-1$

	private static volatile TransportConfigurators instance;

	private final IExtensionRegistry registry;
	private volatile Map<String, TransportConfiguratorDescriptor> byType = Map.of();

	TransportConfigurators(IExtensionRegistry registry) {
		this.registry = registry;
		reload();
	}

	/** @return the configurators of the running platform, read on first use and followed from then on */
	public static TransportConfigurators get() {
		TransportConfigurators result = instance;
		if (result == null) {
			synchronized (TransportConfigurators.class) {
				if (instance == null) {
					TransportConfigurators created = new TransportConfigurators(Platform.getExtensionRegistry());
					created.registry.addListener(created, EXTENSION_POINT);
					instance = created;
				}
				result = instance;
			}
		}
		return result;
	}

	/** Stops following the platform's registry (the UI bundle stops); a later {@link #get()} reads it afresh. */
	public static void close() {
		synchronized (TransportConfigurators.class) {
			if (instance != null) {
				instance.registry.removeListener(instance);
				instance = null;
			}
		}
	}

	private void reload() {
		Map<String, TransportConfiguratorDescriptor> read = new LinkedHashMap<>();
		for (IConfigurationElement element : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
			read(element, read);
		}
		byType = read;
	}

	@Override
	public void added(IExtension[] extensions) {
		reload();
	}

	@Override
	public void removed(IExtension[] extensions) {
		reload();
	}

	@Override
	public void added(IExtensionPoint[] extensionPoints) {
		reload();
	}

	@Override
	public void removed(IExtensionPoint[] extensionPoints) {
		reload();
	}

	private void read(IConfigurationElement element, Map<String, TransportConfiguratorDescriptor> byType) {
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
