package com.bitfaster.mail.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.IExtensionPoint;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IRegistryEventListener;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.AuthenticationMethodDescriptor;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.TransportTypeDescriptor;

/**
 * Reads {@code encryptionProviders}, {@code transportTypes} and {@code authenticationMethods} and follows bundles that come and go.
 */
@Component(service = MailExtensions.class)
public class MailExtensionsImpl implements MailExtensions, IRegistryEventListener {

	public static final String ENCRYPTION_PROVIDERS = "com.bitfaster.mail.core.encryptionProviders"; //$NON-NLS-1$
	public static final String TRANSPORT_TYPES = "com.bitfaster.mail.core.transportTypes"; //$NON-NLS-1$
	public static final String AUTHENTICATION_METHODS = "com.bitfaster.mail.core.authenticationMethods"; //$NON-NLS-1$
	private static final List<String> BUILT_IN_METHODS = List.of(MailServer.AUTH_PASSWORD, MailServer.AUTH_OAUTH2);
	private static final List<String> BUILT_IN_ORDER = List.of(EncryptionProviderDescriptor.NONE,
			EncryptionProviderDescriptor.SSL, EncryptionProviderDescriptor.STARTTLS);

	private IExtensionRegistry registry;
	private volatile Map<String, EncryptionProviderContribution> providers = Map.of();
	private volatile Map<String, TransportTypeContribution> types = Map.of();
	private volatile Map<String, AuthenticationMethodContribution> methods = Map.of();

	public MailExtensionsImpl() {
	}

	/** Outside Declarative Services: reads the given registry at once. */
	public MailExtensionsImpl(IExtensionRegistry registry) {
		this.registry = registry;
		reload();
	}

	@Reference
	void setRegistry(IExtensionRegistry extensionRegistry) {
		this.registry = extensionRegistry;
	}

	@Activate
	void activate() {
		registry.addListener(this, ENCRYPTION_PROVIDERS);
		registry.addListener(this, TRANSPORT_TYPES);
		registry.addListener(this, AUTHENTICATION_METHODS);
		reload();
	}

	@Deactivate
	void deactivate() {
		registry.removeListener(this);
	}

	/** Reads the points again. */
	public final void reload() {
		providers = ExtensionReader.read(registry, ENCRYPTION_PROVIDERS, "provider", MailExtensionsImpl::provider); //$NON-NLS-1$
		types = ExtensionReader.read(registry, TRANSPORT_TYPES, "transportType", TransportTypeContribution::new); //$NON-NLS-1$
		methods = ExtensionReader.read(registry, AUTHENTICATION_METHODS, "method", //$NON-NLS-1$
				AuthenticationMethodContribution::new);
	}

	private static EncryptionProviderContribution provider(IConfigurationElement element) {
		String value = element.getAttribute(ExtensionReader.ATT_DEFAULT_PORT);
		String contributor = element.getContributor().getName();
		String id = element.getAttribute(ExtensionReader.ATT_ID);
		if (value == null || value.isBlank()) {
			ILog.of(MailExtensionsImpl.class).warn(NLS.bind(Messages.Extension_missingAttribute,
					new Object[] { ENCRYPTION_PROVIDERS, contributor, ExtensionReader.ATT_DEFAULT_PORT }));
			return null;
		}
		try {
			int port = Integer.parseInt(value.strip());
			if (port >= 1 && port <= 65535) {
				return new EncryptionProviderContribution(element, port);
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		ILog.of(MailExtensionsImpl.class).warn(NLS.bind(Messages.Extension_badPort, new Object[] { id, contributor, value }));
		return null;
	}

	@Override
	public List<EncryptionProviderDescriptor> encryptionProviders() {
		return providers.values().stream().filter(p -> !p.isBroken())
				.sorted(Comparator.comparingInt((EncryptionProviderContribution p) -> builtInRank(p.id()))
						.thenComparing(EncryptionProviderContribution::label, String.CASE_INSENSITIVE_ORDER))
				.<EncryptionProviderDescriptor>map(p -> p).toList();
	}

	private static int builtInRank(String id) {
		int i = BUILT_IN_ORDER.indexOf(id);
		return i < 0 ? BUILT_IN_ORDER.size() : i;
	}

	@Override
	public Optional<EncryptionProviderDescriptor> encryptionProvider(String id) {
		EncryptionProviderContribution p = providers.get(id);
		return p == null || p.isBroken() ? Optional.empty() : Optional.of(p);
	}

	@Override
	public List<TransportTypeDescriptor> transportTypes() {
		return types.values().stream().filter(t -> !t.isBroken())
				.sorted(Comparator.comparing(TransportTypeContribution::label, String.CASE_INSENSITIVE_ORDER))
				.<TransportTypeDescriptor>map(t -> t).toList();
	}

	@Override
	public Optional<TransportTypeDescriptor> transportType(String id) {
		TransportTypeContribution t = types.get(id);
		return t == null || t.isBroken() ? Optional.empty() : Optional.of(t);
	}

	@Override
	public List<AuthenticationMethodDescriptor> authenticationMethods() {
		return methods.values().stream().filter(m -> !m.isBroken())
				.sorted(Comparator.comparingInt((AuthenticationMethodContribution m) -> {
					int i = BUILT_IN_METHODS.indexOf(m.id());
					return i < 0 ? BUILT_IN_METHODS.size() : i;
				}).thenComparing(AuthenticationMethodContribution::label, String.CASE_INSENSITIVE_ORDER))
				.<AuthenticationMethodDescriptor>map(m -> m).toList();
	}

	@Override
	public Optional<AuthenticationMethodDescriptor> authenticationMethod(String id) {
		AuthenticationMethodContribution m = methods.get(id);
		return m == null || m.isBroken() ? Optional.empty() : Optional.of(m);
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
}
