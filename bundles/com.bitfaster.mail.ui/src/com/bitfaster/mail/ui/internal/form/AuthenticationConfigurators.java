package com.bitfaster.mail.ui.internal.form;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.ui.AuthenticationConfigurator;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * Reads {@code com.bitfaster.mail.ui.authenticationConfigurators}: one contribution per authentication method, read
 * without loading its class. Contributions without a method or class, and second contributions for the same method,
 * are logged and left out (as {@link TransportConfigurators} does for transport types).
 */
public final class AuthenticationConfigurators {

	public static final String EXTENSION_POINT = "com.bitfaster.mail.ui.authenticationConfigurators"; //$NON-NLS-1$
	private static final String ELEMENT = "configurator"; //$NON-NLS-1$
	private static final String ATT_METHOD = "method"; //$NON-NLS-1$
	private static final String ATT_CLASS = "class"; //$NON-NLS-1$

	private static volatile AuthenticationConfigurators instance;

	private final Map<String, IConfigurationElement> byMethod = new LinkedHashMap<>();

	AuthenticationConfigurators(IExtensionRegistry registry) {
		for (IConfigurationElement element : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
			read(element);
		}
	}

	/** @return the configurators of the running platform, read on first use */
	public static AuthenticationConfigurators get() {
		AuthenticationConfigurators result = instance;
		if (result == null) {
			synchronized (AuthenticationConfigurators.class) {
				if (instance == null) {
					instance = new AuthenticationConfigurators(Platform.getExtensionRegistry());
				}
				result = instance;
			}
		}
		return result;
	}

	private void read(IConfigurationElement element) {
		if (!ELEMENT.equals(element.getName())) {
			return;
		}
		String contributor = element.getContributor().getName();
		String method = element.getAttribute(ATT_METHOD);
		String className = element.getAttribute(ATT_CLASS);
		if (method == null || method.isBlank() || className == null || className.isBlank()) {
			ILog.of(getClass()).error(NLS.bind(Messages.AuthConfigurators_missingAttribute, contributor));
			return;
		}
		if (byMethod.containsKey(method)) {
			ILog.of(getClass()).error(NLS.bind(Messages.AuthConfigurators_duplicate, method, contributor));
			return;
		}
		byMethod.put(method, element);
	}

	/** @return whether a configurator is contributed for the method, without loading it */
	public boolean has(String method) {
		return byMethod.containsKey(method);
	}

	/** @return the contributing bundle of the method's configurator */
	public Optional<String> contributor(String method) {
		return Optional.ofNullable(byMethod.get(method)).map(e -> e.getContributor().getName());
	}

	/**
	 * @return a new configurator for the method; empty when none is contributed
	 * @throws CoreException when the class cannot be created or is not an {@link AuthenticationConfigurator}
	 */
	public Optional<AuthenticationConfigurator> create(String method) throws CoreException {
		IConfigurationElement element = byMethod.get(method);
		if (element == null) {
			return Optional.empty();
		}
		Object created = element.createExecutableExtension(ATT_CLASS);
		if (created instanceof AuthenticationConfigurator configurator) {
			return Optional.of(configurator);
		}
		throw new CoreException(Status.error(NLS.bind(Messages.AuthConfigurators_wrongType,
				created.getClass().getName(), element.getContributor().getName())));
	}
}
