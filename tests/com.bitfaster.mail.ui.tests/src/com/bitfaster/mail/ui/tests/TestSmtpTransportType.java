package com.bitfaster.mail.ui.tests;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.eclipse.angus.mail.handlers.text_plain;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

import jakarta.activation.CommandMap;
import jakarta.activation.DataContentHandler;
import jakarta.activation.DataSource;
import jakarta.activation.MailcapCommandMap;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP transport for the compose tests (transport type {@code test-smtp}): plain Angus SMTP without TLS or
 * login, so the editor's mail goes through the real sender service to a real server (GreenMail) while the smtp bundle
 * stays out of the UI tests.
 */
public class TestSmtpTransportType implements TransportType {

	public static final String ID = "test-smtp"; //$NON-NLS-1$

	/**
	 * Does what the smtp bundle's AngusMailcapInstaller does in the product: makes Angus's content handlers available
	 * to every thread, so multipart messages can be written.
	 */
	static synchronized void installMailcap() {
		if (!(CommandMap.getDefaultCommandMap() instanceof AngusMailcap)) {
			try {
				CommandMap.setDefaultCommandMap(new AngusMailcap());
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		return List.of();
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		installMailcap();
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.sendpartial", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		properties.setProperty("mail.smtp.connectiontimeout", "10000"); //$NON-NLS-1$ //$NON-NLS-2$
		properties.setProperty("mail.smtp.timeout", "10000"); //$NON-NLS-1$ //$NON-NLS-2$
		SMTPTransport transport = new SMTPTransport(Session.getInstance(properties), null);
		try {
			withAngus(() -> {
				transport.connect(server.host(), server.port(), null, null);
				return null;
			});
		} catch (MessagingException e) {
			throw new CoreException(Status.error("Cannot connect: " + e.getMessage(), e)); //$NON-NLS-1$
		}
		return new Connection(transport);
	}

	private interface Work<T> {
		T run() throws MessagingException;
	}

	/** Lets Jakarta Activation see Angus's content handlers while a message is written. */
	private static <T> T withAngus(Work<T> work) throws MessagingException {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
		try {
			return work.run();
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static final class Connection implements TransportConnection {
		private final SMTPTransport transport;
		private boolean broken;

		Connection(SMTPTransport transport) {
			this.transport = transport;
		}

		@Override
		public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
			try {
				withAngus(() -> {
					transport.sendMessage(message, recipients.toArray(new Address[0]));
					return null;
				});
				return all(recipients, RecipientOutcome.Status.ACCEPTED, transport.getLastReturnCode(),
						transport.getLastServerResponse());
			} catch (SendFailedException e) {
				Map<String, RecipientOutcome> refused = new HashMap<>();
				for (Exception n = e; n != null; n = n instanceof MessagingException m ? m.getNextException() : null) {
					if (n instanceof SMTPAddressFailedException af) {
						String address = af.getAddress().toString();
						refused.put(address, new RecipientOutcome(address,
								RecipientOutcome.statusOf(af.getReturnCode()), af.getReturnCode(),
								af.getMessage().strip()));
					}
				}
				Set<String> sent = new HashSet<>();
				if (e.getValidSentAddresses() != null) {
					for (Address a : e.getValidSentAddresses()) {
						sent.add(a.toString());
					}
				}
				List<RecipientOutcome> outcomes = new ArrayList<>();
				for (Address a : recipients) {
					String address = a.toString();
					if (refused.containsKey(address)) {
						outcomes.add(refused.get(address));
					} else if (sent.contains(address)) {
						outcomes.add(new RecipientOutcome(address, RecipientOutcome.Status.ACCEPTED, 250,
								"accepted")); //$NON-NLS-1$
					} else {
						outcomes.add(new RecipientOutcome(address, RecipientOutcome.Status.DEFERRED, 0,
								String.valueOf(e.getMessage())));
					}
				}
				return outcomes;
			} catch (MessagingException e) {
				e.printStackTrace(); // in the test log: the test transport is not expected to fail
				broken = true;
				return all(recipients, RecipientOutcome.Status.DEFERRED, 0, String.valueOf(e.getMessage()));
			}
		}

		private static List<RecipientOutcome> all(List<? extends Address> recipients, RecipientOutcome.Status status,
				int code, String reply) {
			return recipients.stream().map(a -> new RecipientOutcome(a.toString(), status, code,
					reply == null ? "" : reply.strip())).toList(); //$NON-NLS-1$
		}

		@Override
		public boolean isUsable() {
			return !broken && transport.isConnected();
		}

		@Override
		public void close() {
			try {
				transport.close();
			} catch (MessagingException e) {
				// already gone
			}
		}
	}

	/** Angus's mailcap, with handler classes loaded by Angus's class loader (as in the smtp bundle). */
	static final class AngusMailcap extends MailcapCommandMap {
		private static final ClassLoader ANGUS = text_plain.class.getClassLoader();

		AngusMailcap() throws IOException {
			super(mailcap());
		}

		private static InputStream mailcap() throws IOException {
			InputStream in = ANGUS.getResourceAsStream("META-INF/mailcap"); //$NON-NLS-1$
			if (in == null) {
				throw new IOException("Angus Mail has no META-INF/mailcap"); //$NON-NLS-1$
			}
			return in;
		}

		@Override
		public synchronized DataContentHandler createDataContentHandler(String mimeType) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(ANGUS);
			try {
				return super.createDataContentHandler(mimeType);
			} finally {
				thread.setContextClassLoader(previous);
			}
		}

		@Override
		public synchronized DataContentHandler createDataContentHandler(String mimeType, DataSource ds) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(ANGUS);
			try {
				return super.createDataContentHandler(mimeType, ds);
			} finally {
				thread.setContextClassLoader(previous);
			}
		}
	}
}
