package com.bitfaster.mail.smtp.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;

import org.eclipse.core.runtime.CoreException;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.smtp.internal.ConnectionTesterImpl;
import com.bitfaster.mail.smtp.internal.SmtpTransportType;
import com.bitfaster.mail.tests.support.TestRegistries;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A registry on a temporary folder with a throwaway secure store, the sender (three attempts, no backoff wait) and
 * the connection tester, all on the real SMTP contributions.
 */
final class Fixture {

	final ServerRegistryImpl registry;
	final MailExtensionsImpl extensions;
	final SenderServiceImpl sender;
	final ConnectionTesterImpl tester;

	Fixture(Path dir) throws IOException {
		extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		sender = new SenderServiceImpl(registry, extensions, new RetryPolicy(3, attempt -> 0));
		tester = new ConnectionTesterImpl(registry, extensions);
	}

	/**
	 * Closes the sender: its threads and timers end before the test's folder is deleted (a pool still closing wrote
	 * into it while JUnit deleted it).
	 */
	void close() {
		sender.close();
	}

	/** A plain SMTP server on loopback, saved in the registry. */
	MailServer server(String name, int port, String encryption, String username, String password) {
		return server(MailServer.builder().name(name).host("127.0.0.1").port(port).encryption(encryption) //$NON-NLS-1$
				.username(username).timeoutSeconds(5), password);
	}

	/**
	 * A server on loopback without encryption that signs in with a user name and password: allowed explicitly (the
	 * peer, GreenMail, offers no STARTTLS), so the password crosses the loopback readable.
	 */
	MailServer plaintextAuthServer(String name, int port, String username, String password) {
		return server(MailServer.builder().name(name).host("127.0.0.1").port(port) //$NON-NLS-1$
				.encryption(MailServer.ENCRYPTION_NONE).username(username).allowPlaintextAuth(true).timeoutSeconds(5),
				password);
	}

	MailServer server(MailServer.Builder builder, String password) {
		return registry.add(builder.build(), password == null ? null : password.toCharArray());
	}

	SendResult send(MimeMessage message, MailServer server) {
		return sender.send(message, server, new NullProgressMonitor());
	}

	/** Sends with one attempt only, through a sender of its own that is closed afterwards. */
	SendResult sendOnce(MimeMessage message, MailServer server) {
		SenderServiceImpl once = new SenderServiceImpl(registry, extensions, new RetryPolicy(1, attempt -> 0));
		try {
			return once.send(message, server, new NullProgressMonitor());
		} finally {
			once.close();
		}
	}

	List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers) {
		return sender.sendAll(messages, servers, null, new NullProgressMonitor());
	}

	/** Opens an SMTP connection the way the sender does, with the server's stored password if it has a user name. */
	TransportConnection connect(MailServer server) throws CoreException {
		SmtpTransportType smtp = new SmtpTransportType(id -> {
			try {
				Optional<EncryptionProviderDescriptor> d = extensions.encryptionProvider(id);
				return d.isPresent() ? Optional.of(d.get().provider()) : Optional.empty();
			} catch (CoreException e) {
				return Optional.empty();
			}
		});
		return smtp.connect(server, server.username().isEmpty() ? null : registry.password(server.id()).orElse(null));
	}

	/** @return an envelope of {@code message} from {@code sender} (empty: the null sender) to {@code recipients} */
	static Envelope envelope(MimeMessage message, String sender, String... recipients) throws MessagingException {
		return Envelope.of(message).sender(sender).recipients(List.of(recipients)).build();
	}

	DiagnosticReport test(MailServer server, String password) {
		return tester.test(server, password == null ? null : password.toCharArray(), null, new NullProgressMonitor());
	}

	static MimeMessage message(String subject, String... to) throws MessagingException {
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(new InternetAddress("sender@bitfaster.test")); //$NON-NLS-1$
		for (String t : to) {
			message.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
		}
		message.setSubject(subject, "UTF-8"); //$NON-NLS-1$
		message.setText("Hello from the test " + subject + ".\r\n", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		return message;
	}

	/** @return the report's steps as "name=VERDICT" lines, for assertion messages */
	static String describe(DiagnosticReport report) {
		StringBuilder sb = new StringBuilder();
		report.steps().forEach(s -> sb.append(s.name()).append('=').append(s.verdict()).append(": ").append(s.detail()).append('\n')); //$NON-NLS-1$
		sb.append("advice: ").append(report.advice()).append('\n').append(report.transcript()); //$NON-NLS-1$
		return sb.toString();
	}
}
