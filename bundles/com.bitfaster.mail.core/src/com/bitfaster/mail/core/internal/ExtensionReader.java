package com.bitfaster.mail.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

/**
 * Reads the contributions to one extension point into descriptors: checks the required attributes, skips duplicate
 * ids and logs every contribution it skips. Loads no contributed class.
 */
final class ExtensionReader {

	static final String ATT_ID = "id"; //$NON-NLS-1$
	static final String ATT_LABEL = "label"; //$NON-NLS-1$
	static final String ATT_DESCRIPTION = "description"; //$NON-NLS-1$
	static final String ATT_CLASS = "class"; //$NON-NLS-1$
	static final String ATT_DEFAULT_PORT = "defaultPort"; //$NON-NLS-1$

	/** A descriptor, or a reason to skip the element. */
	interface Factory<D> extends Function<IConfigurationElement, D> {
	}

	private ExtensionReader() {
	}

	/**
	 * @param factory makes a descriptor from an element whose id, label and class are present; returns {@code null}
	 *                (after logging why) to skip it
	 * @return descriptors by id, in the registry's order
	 */
	static <D> Map<String, D> read(IExtensionRegistry registry, String point, String elementName,
			Factory<D> factory) {
		Map<String, D> result = new LinkedHashMap<>();
		Map<String, String> contributors = new LinkedHashMap<>();
		ILog log = ILog.of(ExtensionReader.class);
		for (IConfigurationElement element : registry.getConfigurationElementsFor(point)) {
			if (!elementName.equals(element.getName())) {
				continue;
			}
			String contributor = element.getContributor().getName();
			String missing = firstMissing(element, ATT_ID, ATT_LABEL, ATT_CLASS);
			if (missing != null) {
				log.warn(NLS.bind(Messages.Extension_missingAttribute, new Object[] { point, contributor, missing }));
				continue;
			}
			String id = element.getAttribute(ATT_ID).strip();
			if (result.containsKey(id)) {
				log.warn(NLS.bind(Messages.Extension_duplicate,
						new Object[] { id, point, contributor, contributors.get(id) }));
				continue;
			}
			D descriptor = factory.apply(element);
			if (descriptor != null) {
				result.put(id, descriptor);
				contributors.put(id, contributor);
			}
		}
		return result;
	}

	private static String firstMissing(IConfigurationElement element, String... attributes) {
		for (String attribute : attributes) {
			String value = element.getAttribute(attribute);
			if (value == null || value.isBlank()) {
				return attribute;
			}
		}
		return null;
	}

	static String optional(IConfigurationElement element, String attribute) {
		String value = element.getAttribute(attribute);
		return value == null ? "" : value.strip(); //$NON-NLS-1$
	}

}
