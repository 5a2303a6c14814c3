package com.bitfaster.mail.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/**
 * A contributed class that is created on first use only, once; a failure to create it is logged once and remembered,
 * so the contribution is left out from then on.
 */
final class LazyContribution<T> {

	private final IConfigurationElement element;
	private final Class<T> type;
	private final String id;
	private final String point;
	private T instance;
	private CoreException failure;

	LazyContribution(IConfigurationElement element, Class<T> type, String id, String point) {
		this.element = element;
		this.type = type;
		this.id = id;
		this.point = point;
	}

	synchronized T get() throws CoreException {
		if (instance != null) {
			return instance;
		}
		if (failure != null) {
			throw failure;
		}
		String className = element.getAttribute(ExtensionReader.ATT_CLASS);
		String contributor = element.getContributor().getName();
		try {
			Object created = element.createExecutableExtension(ExtensionReader.ATT_CLASS);
			if (!type.isInstance(created)) {
				throw new CoreException(Status.error(NLS.bind(Messages.Extension_wrongType,
						new Object[] { className, contributor, type.getName() })));
			}
			instance = type.cast(created);
			return instance;
		} catch (CoreException | RuntimeException | LinkageError e) {
			failure = new CoreException(Status.error(NLS.bind(Messages.Extension_createFailed,
					new Object[] { id, className, contributor, point }), e));
			ILog.of(LazyContribution.class).log(failure.getStatus());
			throw failure;
		}
	}

	synchronized boolean isBroken() {
		return failure != null;
	}
}
