package com.bitfaster.mail.localserver.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalMailStore;
import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.localserver.RehearsalRules;

/**
 * The local mail server as a service, and its "Local Mail Server" entry in the server registry pointing at it
 * (recreated when it was deleted, its port updated when it moved). Passive: the workbench starts it once its window is
 * up ({@link LocalServerPreferences#autoStart()}), the command line when a command needs it, so that neither GreenMail
 * nor Angus Mail is loaded on the way to the window. Preferences of {@value #PREFERENCES_NODE}: {@code smtpPort},
 * {@code pop3Port}, {@code autoStart}, the rules and the size cap (applied when they change).
 */
@Component(service = LocalMailServer.class)
public class LocalMailServerComponent implements LocalMailServer {

	public static final String PREFERENCES_NODE = LocalServerPreferences.NODE;
	public static final String PREF_SMTP_PORT = LocalServerPreferences.SMTP_PORT;
	public static final String PREF_POP3_PORT = LocalServerPreferences.POP3_PORT;
	public static final String PREF_AUTO_START = LocalServerPreferences.AUTO_START;
	public static final String AUTO_START_PROPERTY = LocalServerPreferences.AUTO_START_PROPERTY;

	@Reference
	private ComponentServiceObjects<ServerRegistry> registryObjects;
	private EmbeddedMailServer server;
	private IEclipsePreferences preferences;
	/** Kept here so that listening creates no server (its class brings SubEthaSMTP and GreenMail). */
	private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
	private final IPreferenceChangeListener preferenceListener = event -> {
		if (LocalServerPreferences.RULES.equals(event.getKey()) || LocalServerPreferences.SIZE_CAP_MB.equals(event.getKey())) {
			applySettings();
		}
	};

	private synchronized EmbeddedMailServer server() {
		if (server == null) {
			preferences = InstanceScope.INSTANCE.getNode(PREFERENCES_NODE);
			String folder = preferences.get(LocalServerPreferences.MAIL_FOLDER, ""); //$NON-NLS-1$
			Path root = folder.isBlank()
					? Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath().resolve("mail") //$NON-NLS-1$
					: Path.of(folder);
			server = new EmbeddedMailServer(new MaildirStore(root, 0),
					preferences.getInt(PREF_SMTP_PORT, LocalServerPreferences.DEFAULT_SMTP_PORT),
					preferences.getInt(PREF_POP3_PORT, LocalServerPreferences.DEFAULT_POP3_PORT));
			applySettings();
			preferences.addPreferenceChangeListener(preferenceListener);
			server.addStateListener(state -> stateListeners.forEach(listener -> listener.accept(state)));
		}
		return server;
	}

	/** Reads the rules and the size cap from the preferences; rules that do not parse are logged and not used. */
	private void applySettings() {
		EmbeddedMailServer s = server;
		((MaildirStore) s.store()).setCapBytes(preferences.getLong(LocalServerPreferences.SIZE_CAP_MB,
				LocalServerPreferences.DEFAULT_SIZE_CAP_MB) * 1024 * 1024);
		try {
			s.setRules(RehearsalRules.parse(preferences.get(LocalServerPreferences.RULES, ""))); //$NON-NLS-1$
		} catch (RehearsalRules.SyntaxException e) {
			ILog.of(getClass()).warn(NLS.bind(Messages.badRules, e.getMessage()));
			s.setRules(RehearsalRules.NONE);
		}
	}

	@Deactivate
	synchronized void deactivate() {
		if (server != null) {
			preferences.removePreferenceChangeListener(preferenceListener);
			server.stop();
		}
	}

	@Override
	public LocalMailStore store() {
		return server().store();
	}

	@Override
	public void setRules(RehearsalRules rules) {
		server().setRules(rules);
	}

	@Override
	public void start() {
		EmbeddedMailServer s = server();
		s.start();
		ILog log = ILog.of(getClass());
		s.portNote().ifPresent(log::warn);
		log.info(NLS.bind(Messages.started, new Object[] { HOST, s.smtpPort(), s.pop3Port() }));
		ServerRegistry registry = registryObjects.getService();
		try {
			ensureRegistryEntry(registry, s.smtpPort());
		} finally {
			registryObjects.ungetService(registry);
		}
	}

	/** Adds the "Local Mail Server" entry, or points the existing one at the port in use. */
	static void ensureRegistryEntry(ServerRegistry registry, int smtpPort) {
		try {
			Optional<MailServer> existing = registry.get(SERVER_ID);
			if (existing.isEmpty()) {
				String name = Messages.serverName;
				if (registry.findByName(name).isPresent()) {
					name = name + " (built-in)"; //$NON-NLS-1$
				}
				registry.add(MailServer.builder().id(SERVER_ID).name(name).transportType("smtp").host(HOST) //$NON-NLS-1$
						.port(smtpPort).encryption("none").build(), null); //$NON-NLS-1$
			} else if (existing.get().port() != smtpPort || !HOST.equals(existing.get().host())) {
				registry.update(existing.get().toBuilder().host(HOST).port(smtpPort).build());
			}
		} catch (RuntimeException e) {
			ILog.of(LocalMailServerComponent.class).warn(NLS.bind(Messages.registryFailed, e.getMessage()), e);
		}
	}

	@Override
	public void stop() {
		server().stop();
	}

	@Override
	public void addStateListener(Consumer<State> listener) {
		stateListeners.add(listener);
	}

	@Override
	public void removeStateListener(Consumer<State> listener) {
		stateListeners.remove(listener);
	}

	@Override
	public synchronized boolean isRunning() {
		return server != null && server.isRunning(); // asking loads nothing of GreenMail
	}

	@Override
	public int smtpPort() {
		return server().smtpPort();
	}

	@Override
	public int pop3Port() {
		return server().pop3Port();
	}

	@Override
	public Optional<String> portNote() {
		return server().portNote();
	}
}
