package com.bitfaster.mail.localserver.internal;

import java.util.Optional;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalServerPreferences;

/**
 * The local mail server as a service, and its "Local Mail Server" entry in the server registry pointing at it
 * (recreated when it was deleted, its port updated when it moved). Passive: the workbench starts it once its window is
 * up ({@link LocalServerPreferences#autoStart()}), the command line when a command needs it, so that neither GreenMail
 * nor Angus Mail is loaded on the way to the window. Preferences of {@value #PREFERENCES_NODE}: {@code smtpPort},
 * {@code pop3Port}, {@code autoStart}.
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
	private GreenMailServer server;

	private synchronized GreenMailServer server() {
		if (server == null) {
			IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode(PREFERENCES_NODE);
			server = new GreenMailServer(prefs.getInt(PREF_SMTP_PORT, GreenMailServer.DEFAULT_SMTP_PORT),
					prefs.getInt(PREF_POP3_PORT, GreenMailServer.DEFAULT_POP3_PORT));
		}
		return server;
	}

	@Deactivate
	synchronized void deactivate() {
		if (server != null) {
			server.stop();
		}
	}

	@Override
	public void start() {
		GreenMailServer s = server();
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
