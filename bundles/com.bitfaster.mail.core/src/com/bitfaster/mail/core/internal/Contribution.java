package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

/** The attributes every contribution of this bundle's extension points has, and its lazily created class. */
abstract class Contribution<T> {

	private final String id;
	private final String label;
	private final String description;
	private final String contributor;
	private final LazyContribution<T> instance;

	Contribution(IConfigurationElement element, Class<T> type, String point) {
		this.id = element.getAttribute(ExtensionReader.ATT_ID).strip();
		this.label = element.getAttribute(ExtensionReader.ATT_LABEL).strip();
		this.description = ExtensionReader.optional(element, ExtensionReader.ATT_DESCRIPTION);
		this.contributor = element.getContributor().getName();
		this.instance = new LazyContribution<>(element, type, id, point);
	}

	public String id() {
		return id;
	}

	public String label() {
		return label;
	}

	public String description() {
		return description;
	}

	public String contributor() {
		return contributor;
	}

	T instance() throws CoreException {
		return instance.get();
	}

	boolean isBroken() {
		return instance.isBroken();
	}

	@Override
	public String toString() {
		return label;
	}
}
