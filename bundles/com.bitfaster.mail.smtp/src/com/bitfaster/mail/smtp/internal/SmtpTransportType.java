package com.bitfaster.mail.smtp.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

/** The built-in {@code smtp} transport type, on Angus Mail. */
public class SmtpTransportType implements TransportType {

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
			return new SmtpConnection(open(settings, password, null));
		} catch (MessagingException e) {
			throw new CoreException(Status.error(SmtpErrors.explain(e, server, settings.presentedChain()).message()));
		}
	}

	/**
	 * Prepares a session with the server's encryption provider and connects (greeting, EHLO, STARTTLS, AUTH).
	 *
	 * @param debug where Angus writes the protocol dialogue, or {@code null}
	 */
	TrackingSmtpTransport open(SmtpSessionSettings settings, char[] password, PrintStream debug)
			throws MessagingException, CoreException {
		MailServer server = settings.server();
		EncryptionProvider provider = providers.apply(server.encryption()).orElseThrow(() -> new CoreException(
				Status.error(NLS.bind(Messages.Smtp_unknownEncryption, server.encryption()))));
		provider.configure(settings);
		settings.useNoDelaySockets();
		Session session = Session.getInstance(settings.properties());
		if (debug != null) {
			session.setDebugOut(debug);
			session.setDebug(true);
		}
		TrackingSmtpTransport transport = new TrackingSmtpTransport(session);
		String user = server.username().isEmpty() ? null : server.username();
		// Jakarta Mail only takes the password as a String; it lives no longer than this call's session.
		String secret = user == null || password == null ? null : new String(password);
		transport.connect(server.host(), server.port(), user, secret);
		return transport;
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
