package com.bitfaster.mail.smtp.internal;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SessionSettings;

/** The session of one connection to one server; keeps the certificate chain the server presented. */
final class SmtpSessionSettings implements SessionSettings {

	static final String PROTOCOL = "smtp"; //$NON-NLS-1$
	/** Session property: "false" turns ESMTP PIPELINING off; on by default where the server offers it. */
	static final String PIPELINING = "mail." + PROTOCOL + ".bitfaster.pipelining"; //$NON-NLS-1$ //$NON-NLS-2$

	private final MailServer server;
	private final Properties properties = new Properties();
	private final Consumer<X509Certificate[]> observer;
	private volatile X509Certificate[] presented;
	private SSLSocketFactory factory;
	private volatile SSLSocket lastSocket;
	private volatile boolean recordSockets;
	/** The last socket this session's factories created: after STARTTLS, the TLS socket on the plain one. */
	private volatile Socket sessionSocket;
	private boolean xoauth2;

	SmtpSessionSettings(MailServer server, Consumer<X509Certificate[]> extraObserver) {
		this.server = server;
		this.observer = chain -> {
			presented = chain;
			if (extraObserver != null) {
				extraObserver.accept(chain);
			}
		};
		String p = "mail." + PROTOCOL; //$NON-NLS-1$
		long timeoutMillis = server.timeoutSeconds() * 1000L;
		properties.put(p + ".host", server.host()); //$NON-NLS-1$
		properties.put(p + ".port", Integer.toString(server.port())); //$NON-NLS-1$
		// One timeout for connect, read and write, so a stalled server never hangs a send.
		properties.put(p + ".connectiontimeout", Long.toString(timeoutMillis)); //$NON-NLS-1$
		properties.put(p + ".timeout", Long.toString(timeoutMillis)); //$NON-NLS-1$
		properties.put(p + ".writetimeout", Long.toString(timeoutMillis)); //$NON-NLS-1$
		properties.put(p + ".auth", Boolean.toString(!server.username().isEmpty())); //$NON-NLS-1$
		// Valid recipients still get the message when others are refused; each refusal is reported.
		properties.put(p + ".sendpartial", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		properties.put(p + ".quitwait", "false"); //$NON-NLS-1$ //$NON-NLS-2$
		// Angus's default would retry a failed verified handshake on a fresh socket with the JDK's factory.
		properties.put(p + ".socketFactory.fallback", "false"); //$NON-NLS-1$ //$NON-NLS-2$
		if (!server.heloName().isEmpty()) {
			properties.put(p + ".localhost", server.heloName()); //$NON-NLS-1$
		}
	}

	/**
	 * Signs in with SASL XOAUTH2 only, the "password" being the access token: Angus connects (EHLO, STARTTLS) without
	 * signing in, then {@link XOAuth2} signs in with the response on a line of its own, so tokens of several kilobytes
	 * (Microsoft's) never meet "Line too long".
	 */
	void useXOAuth2() {
		xoauth2 = true;
		properties.put("mail." + PROTOCOL + ".auth", "false"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	boolean isXOAuth2() {
		return xoauth2;
	}

	@Override
	public MailServer server() {
		return server;
	}

	@Override
	public String protocol() {
		return PROTOCOL;
	}

	@Override
	public Properties properties() {
		return properties;
	}

	@Override
	public synchronized SSLSocketFactory verifyingSocketFactory() {
		if (factory == null) {
			factory = new RecordingSocketFactory(Tls.socketFactory(server.host(), server.pinnedCertificate(), observer), s -> {
				NoDelaySocketFactory.noDelay(s);
				if (recordSockets && s instanceof SSLSocket ssl) {
					lastSocket = ssl;
				}
			});
		}
		return factory;
	}

	/**
	 * @return whether, as the encryption provider configured the session, every command after the greeting (AUTH
	 *         included) goes over TLS: implicit TLS, a TLS socket factory, or STARTTLS that is required (not merely
	 *         enabled, which Angus skips when the server does not offer it)
	 */
	boolean guaranteesTls() {
		String p = "mail." + PROTOCOL; //$NON-NLS-1$
		return "true".equals(properties.getProperty(p + ".ssl.enable")) //$NON-NLS-1$ //$NON-NLS-2$
				|| "true".equals(properties.getProperty(p + ".starttls.enable")) //$NON-NLS-1$ //$NON-NLS-2$
						&& "true".equals(properties.getProperty(p + ".starttls.required")) //$NON-NLS-1$ //$NON-NLS-2$
				|| properties.get(p + ".socketFactory") instanceof SSLSocketFactory; //$NON-NLS-1$
	}

	/**
	 * Plain sockets with TCP_NODELAY too, unless the provider chose implicit TLS or a factory of its own; they time
	 * their writes themselves, so Angus's write timeout is not needed for them.
	 */
	void useNoDelaySockets() {
		String p = "mail." + PROTOCOL; //$NON-NLS-1$
		if (!"true".equals(properties.getProperty(p + ".ssl.enable")) && !properties.containsKey(p + ".socketFactory") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				&& !properties.containsKey(p + ".socketFactory.class")) { //$NON-NLS-1$
			properties.put(p + ".socketFactory", new NoDelaySocketFactory(server.timeoutSeconds() * 1000L)); //$NON-NLS-1$
			properties.remove(p + ".writetimeout"); //$NON-NLS-1$
		}
	}

	/**
	 * Wraps the socket factories set as objects (ours, or an encryption provider's) so that the socket Angus talks
	 * through can be taken over once it has signed in, without reaching into Angus. Call after the provider
	 * configured the session, before connecting.
	 *
	 * @return why the connection cannot be taken over (a factory named by class, which Angus makes itself), or
	 *         {@code null}
	 */
	String recordSessionSockets() {
		String problem = null;
		String p = "mail." + PROTOCOL; //$NON-NLS-1$
		for (String key : List.of(p + ".socketFactory", p + ".ssl.socketFactory")) { //$NON-NLS-1$ //$NON-NLS-2$
			Object factory = properties.get(key);
			if (factory instanceof SSLSocketFactory ssl) {
				properties.put(key, new RecordingSocketFactory(ssl, s -> sessionSocket = s));
			} else if (factory instanceof SocketFactory plain) {
				properties.put(key, new RecordingPlainSocketFactory(plain, s -> sessionSocket = s));
			} else if (properties.getProperty(key + ".class") != null && problem == null) { //$NON-NLS-1$
				problem = NLS.bind(Messages.Smtp_viaAngusFactoryClass, key + ".class"); //$NON-NLS-1$
			}
		}
		return problem;
	}

	/** @return the last socket this session's factories created, or {@code null} */
	Socket sessionSocket() {
		return sessionSocket;
	}

	/** For diagnostics: remember the TLS sockets created, to report protocol and cipher. */
	synchronized void recordSockets() {
		recordSockets = true;
	}

	/** @return the last TLS socket created, or {@code null} */
	SSLSocket lastSocket() {
		return lastSocket;
	}

	/** @return the chain the server presented during the TLS handshake, or {@code null} when there was none */
	X509Certificate[] presentedChain() {
		return presented;
	}
}
