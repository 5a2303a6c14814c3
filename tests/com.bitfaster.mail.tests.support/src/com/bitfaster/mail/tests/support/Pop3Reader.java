package com.bitfaster.mail.tests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

/** Reads a mailbox over POP3 (Angus), as a mail program would, to check what a server received. */
public final class Pop3Reader {

	private Pop3Reader() {
	}

	/** @return copies of the messages in {@code address}'s mailbox (user and password are the address) */
	public static List<MimeMessage> messages(String host, int port, String address) throws Exception {
		return messages(host, port, address, address);
	}

	/** @return copies of the messages in the mailbox, read after the store is closed */
	public static List<MimeMessage> messages(String host, int port, String user, String password) throws Exception {
		return withAngus(() -> {
			try (Store store = Session.getInstance(new Properties()).getStore("pop3")) { //$NON-NLS-1$
				store.connect(host, port, user, password);
				Folder inbox = store.getFolder("INBOX"); //$NON-NLS-1$
				inbox.open(Folder.READ_ONLY);
				try {
					List<MimeMessage> copies = new ArrayList<>();
					for (Message m : inbox.getMessages()) {
						copies.add(new MimeMessage((MimeMessage) m));
					}
					return copies;
				} finally {
					inbox.close(false);
				}
			}
		});
	}

	/**
	 * Deletes messages as a mail program that does not leave mail on the server: DELE for each message with this
	 * subject (every message when {@code subject} is null), then QUIT.
	 *
	 * @return how many were deleted
	 */
	public static int delete(String host, int port, String address, String subject) throws Exception {
		return withAngus(() -> {
			try (Store store = Session.getInstance(new Properties()).getStore("pop3")) { //$NON-NLS-1$
				store.connect(host, port, address, address);
				Folder inbox = store.getFolder("INBOX"); //$NON-NLS-1$
				inbox.open(Folder.READ_WRITE);
				int marked = 0;
				for (Message m : inbox.getMessages()) {
					if (subject == null || subject.equals(m.getSubject())) {
						m.setFlag(Flags.Flag.DELETED, true);
						marked++;
					}
				}
				inbox.close(true);
				return marked;
			}
		});
	}

	/** Work that may throw, run by {@link Pop3Reader#withAngus(Work)}. */
	public interface Work<T> {
		T run() throws Exception;
	}

	/** Runs {@code work} with Angus's class loader as the context loader, so Jakarta Mail finds its providers. */
	public static <T> T withAngus(Work<T> work) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
		try {
			return work.run();
		} finally {
			thread.setContextClassLoader(previous);
		}
	}
}
