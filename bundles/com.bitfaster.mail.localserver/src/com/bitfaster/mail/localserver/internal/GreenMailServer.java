package com.bitfaster.mail.localserver.internal;

import com.bitfaster.mail.localserver.LocalServerPreferences;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** {@link LocalMailServer} on GreenMail. Picks a free port when a preferred one is busy, and says so. */
public class GreenMailServer implements LocalMailServer {

	public static final int DEFAULT_SMTP_PORT = LocalServerPreferences.DEFAULT_SMTP_PORT;
	public static final int DEFAULT_POP3_PORT = LocalServerPreferences.DEFAULT_POP3_PORT;

	private final int preferredSmtpPort;
	private final int preferredPop3Port;
	private GreenMail greenMail;
	private int smtpPort;
	private int pop3Port;
	private String portNote;

	public GreenMailServer(int preferredSmtpPort, int preferredPop3Port) {
		this.preferredSmtpPort = preferredSmtpPort;
		this.preferredPop3Port = preferredPop3Port;
	}

	@Override
	public synchronized void start() {
		if (greenMail != null) {
			return;
		}
		// A free port found here can be taken by another program before GreenMail binds it: then try new ones.
		for (int attempt = 1;; attempt++) {
			List<String> notes = new ArrayList<>();
			smtpPort = freePort(preferredSmtpPort, "SMTP", notes); //$NON-NLS-1$
			do {
				pop3Port = freePort(preferredPop3Port, "POP3", notes); //$NON-NLS-1$
			} while (pop3Port == smtpPort && preferredPop3Port != smtpPort);
			portNote = notes.isEmpty() ? null : String.join(" ", notes); //$NON-NLS-1$
			GreenMail server = new GreenMail(new ServerSetup[] { patient(new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP)),
					patient(new ServerSetup(pop3Port, HOST, ServerSetup.PROTOCOL_POP3)) });
			// No accounts to set up: each recipient gets a mailbox, and POP3 takes the address as user and password.
			server.withConfiguration(GreenMailConfiguration.aConfig());
			try {
				server.start();
				greenMail = server;
				return;
			} catch (IllegalStateException e) {
				server.stop();
				if (attempt == 3) {
					throw e;
				}
			}
		}
	}

	/**
	 * GreenMail's default of 2 s for its threads to accept was too short on a busy machine, and a failed start reads
	 * as a taken port here; 30 s bounds a hang without slowing a normal start.
	 */
	private static ServerSetup patient(ServerSetup setup) {
		setup.setServerStartupTimeout(30_000);
		return setup;
	}

	@Override
	public synchronized void stop() {
		if (greenMail != null) {
			greenMail.stop();
			greenMail = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return greenMail != null;
	}

	@Override
	public synchronized int smtpPort() {
		return smtpPort;
	}

	@Override
	public synchronized int pop3Port() {
		return pop3Port;
	}

	@Override
	public synchronized Optional<String> portNote() {
		return Optional.ofNullable(portNote);
	}

	/** @return {@code preferred} when it can be bound on the loopback address, otherwise a free port */
	static int freePort(int preferred, String protocol, List<String> notes) {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		if (preferred > 0) {
			try (ServerSocket probe = new ServerSocket(preferred, 1, loopback)) {
				probe.setReuseAddress(true);
				return preferred;
			} catch (IOException busy) {
				// fall through to a free port
			}
		}
		try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
			int port = probe.getLocalPort();
			if (preferred > 0) {
				notes.add(NLS.bind(Messages.portBusy, new Object[] { preferred, protocol, port }));
			}
			return port;
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
