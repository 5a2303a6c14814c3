package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/** The built-in {@code smtp} transport type: Angus Mail connects and signs in, our own writer sends. */
public class SmtpTransportType implements TransportType {

	private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

	private final Function<String, Optional<EncryptionProvider>> providers;

	/** Created by the extension registry: encryption providers come from the {@link MailExtensions} service. */
	public SmtpTransportType() {
		this(SmtpTransportType::providerFromService);
	}

	public SmtpTransportType(Function<String, Optional<EncryptionProvider>> providers) {
		this.providers = providers;
	}

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		return List.of(); // host, port and encryption are checked by the core; SMTP has no settings of its own
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		SmtpSessionSettings settings = new SmtpSessionSettings(server, null);
		try {
			return open(settings, password, null);
		} catch (MessagingException e) {
			throw new CoreException(Status.error(SmtpErrors.explain(e, server, settings.presentedChain()).message()));
		}
	}

	/** Signs in with a password (or none), or with an OAuth2 access token through SASL XOAUTH2. */
	@Override
	public TransportConnection connect(MailServer server, Credentials credentials) throws CoreException {
		if (credentials.kind() == Credentials.Kind.OAUTH2_TOKEN) {
			return connectWithToken(server, credentials);
		}
		char[] secret = credentials.kind() == Credentials.Kind.NONE ? null : credentials.secret().orElse(null);
		try {
			return connect(server, secret);
		} finally {
			if (secret != null) {
				Arrays.fill(secret, '\0');
			}
		}
	}

	private TransportConnection connectWithToken(MailServer server, Credentials credentials) throws CoreException {
		// Asked now, for this connection: a token about to expire has just been refreshed.
		char[] token = credentials.secret()
				.orElseThrow(() -> new CoreException(Status.error(NLS.bind(Messages.Smtp_noToken, server.address()))));
		// The method on this copy tells the error messages that a token was refused, not a password.
		MailServer signingIn = server.toBuilder().username(credentials.username()).authMethod(MailServer.AUTH_OAUTH2)
				.build();
		SmtpSessionSettings settings = new SmtpSessionSettings(signingIn, null);
		settings.useXOAuth2();
		try {
			return open(settings, token, null);
		} catch (MessagingException e) {
			throw new CoreException(Status.error(SmtpErrors.explain(e, signingIn, settings.presentedChain()).message()));
		} finally {
			Arrays.fill(token, '\0');
		}
	}

	/**
	 * Prepares a session with the server's encryption provider, lets Angus connect and sign in (greeting, EHLO,
	 * STARTTLS, AUTH) and takes over the socket it talks through.
	 * <p>
	 * The socket is the last one this session's socket factories created (after STARTTLS, the TLS socket layered on
	 * the plain one): Angus has read every reply it asked for and flushed every command it wrote, so from here on
	 * its streams are ours. When the socket cannot be had (a factory named by class, which Angus makes itself, or a
	 * socket that is not the server's), messages go through Angus's public API instead, one command at a time.
	 *
	 * @param trace where the protocol dialogue is written, or {@code null}
	 */
	SmtpConnection open(SmtpSessionSettings settings, char[] password, PrintStream trace)
			throws MessagingException, CoreException {
		MailServer server = settings.server();
		EncryptionProvider provider = providers.apply(server.encryption()).orElseThrow(() -> new CoreException(
				Status.error(NLS.bind(Messages.Smtp_unknownEncryption, server.encryption()))));
		provider.configure(settings);
		if (!server.username().isEmpty() && !server.allowPlaintextAuth() && !settings.guaranteesTls()) {
			// Defence in depth behind validation: never AUTH without TLS unless the user allowed it, loopback too.
			throw new CoreException(Status.error(NLS.bind(Messages.Smtp_plaintextAuthRefused, server.address())));
		}
		settings.useNoDelaySockets();
		String whyThroughAngus = settings.recordSessionSockets();
		Session session = Session.getInstance(settings.properties());
		if (trace != null) {
			session.setDebugOut(trace);
			session.setDebug(true);
		}
		SMTPTransport transport = new SMTPTransport(session,
				new URLName(SmtpSessionSettings.PROTOCOL, null, -1, null, null, null));
		String user = server.username().isEmpty() ? null : server.username();
		// Jakarta Mail only takes the password as a String; it lives no longer than this call's session.
		String secret = user == null || password == null || settings.isXOAuth2() ? null : new String(password);
		transport.connect(server.host(), server.port(), settings.isXOAuth2() ? null : user, secret);
		if (settings.isXOAuth2()) {
			try {
				XOAuth2.signIn(transport, server.username(), password);
			} catch (MessagingException e) {
				try {
					transport.close();
				} catch (MessagingException | RuntimeException closing) {
					e.addSuppressed(closing);
				}
				throw e;
			}
		}
		Socket socket = settings.sessionSocket();
		if (whyThroughAngus == null) {
			whyThroughAngus = socketProblem(socket, server);
		}
		if (whyThroughAngus != null) {
			throughAngusOnce(server, whyThroughAngus);
			return SmtpConnection.throughAngus(transport, new AngusSender(transport, session), whyThroughAngus);
		}
		try {
			socket.setSoTimeout(server.timeoutSeconds() * 1000);
			SmtpWire wire = new SmtpWire(socket.getInputStream(), socket.getOutputStream(), trace);
			boolean pipelining = transport.supportsExtension("PIPELINING") //$NON-NLS-1$
					&& !"false".equals(session.getProperty(SmtpSessionSettings.PIPELINING)); //$NON-NLS-1$
			return SmtpConnection.overSocket(transport, socket, wire, new SmtpPipeline.Extensions(pipelining,
					transport.supportsExtension("SIZE"), transport.supportsExtension("8BITMIME"), //$NON-NLS-1$ //$NON-NLS-2$
					transport.supportsExtension("SMTPUTF8"), transport.supportsExtension("DSN"))); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (IOException e) {
			try {
				transport.close();
			} catch (MessagingException | RuntimeException closing) {
				e.addSuppressed(closing);
			}
			throw new MessagingException(e.getMessage(), e);
		}
	}

	/** @return why the socket cannot be taken over, or {@code null} when it is connected to the server */
	private static String socketProblem(Socket socket, MailServer server) {
		if (socket == null) {
			return Messages.Smtp_viaAngusNoSocket;
		}
		if (!socket.isConnected() || socket.isClosed() || socket.getPort() != server.port()
				|| !isAddressOf(socket.getInetAddress(), server.host())) {
			return NLS.bind(Messages.Smtp_viaAngusOtherSocket, server.address());
		}
		return null;
	}

	private static boolean isAddressOf(InetAddress address, String host) {
		try {
			return address != null && Arrays.asList(InetAddress.getAllByName(host)).contains(address);
		} catch (UnknownHostException e) {
			return false;
		}
	}

	/** Logs, once for each reason, that messages go through Angus without pipelining. */
	private static void throughAngusOnce(MailServer server, String why) {
		if (LOGGED.add(why)) {
			ILog.of(SmtpTransportType.class).warn(NLS.bind(Messages.Smtp_viaAngusLog, server.address(), why));
		}
	}

	private static Optional<EncryptionProvider> providerFromService(String id) {
		Bundle bundle = FrameworkUtil.getBundle(SmtpTransportType.class);
		BundleContext context = bundle == null ? null : bundle.getBundleContext();
		if (context == null) {
			return Optional.empty();
		}
		ServiceReference<MailExtensions> ref = context.getServiceReference(MailExtensions.class);
		if (ref == null) {
			return Optional.empty();
		}
		try {
			MailExtensions extensions = context.getService(ref);
			Optional<EncryptionProviderDescriptor> descriptor = extensions == null ? Optional.empty()
					: extensions.encryptionProvider(id);
			return descriptor.isPresent() ? Optional.of(descriptor.get().provider()) : Optional.empty();
		} catch (CoreException e) {
			return Optional.empty(); // already logged once by the descriptor
		} finally {
			context.ungetService(ref);
		}
	}
}
