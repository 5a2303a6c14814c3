package com.bitfaster.mail.ui.internal.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * A mailbox of the local mail server over POP3: the address is user name and password. Each call is one POP3
 * session. Blocking: call it from a job, never on the UI thread.
 */
public final class Pop3Mailbox {

	private static final String PROTOCOL = "pop3"; //$NON-NLS-1$
	private static final int TIMEOUT_MS = 15_000;

	private final String host;
	private final int port;
	private final String address;

	public Pop3Mailbox(String host, int port, String address) {
		this.host = host;
		this.port = port;
		this.address = address;
	}

	/** @return the messages of the mailbox, oldest first */
	public List<InboxMessage> list() throws MessagingException, IOException {
		return withFolder(Folder.READ_ONLY, folder -> {
			List<InboxMessage> result = new ArrayList<>();
			for (Message message : folder.getMessages()) {
				result.add(read(folder, message, rawSize(message)));
			}
			return result;
		});
	}

	/** Deletes the messages with these POP3 unique ids (DELE, then QUIT). @return how many were deleted */
	public int delete(Collection<String> uids) throws MessagingException, IOException {
		return withFolder(Folder.READ_WRITE, folder -> {
			int deleted = 0;
			for (Message message : folder.getMessages()) {
				if (uids.contains(folder.getUID(message))) {
					message.setFlag(Flags.Flag.DELETED, true);
					deleted++;
				}
			}
			return deleted;
		});
	}

	/** Deletes every message of the mailbox. @return how many were deleted */
	public int clear() throws MessagingException, IOException {
		return withFolder(Folder.READ_WRITE, folder -> {
			Message[] messages = folder.getMessages();
			for (Message message : messages) {
				message.setFlag(Flags.Flag.DELETED, true);
			}
			return messages.length;
		});
	}

	private interface FolderWork<T> {
		T run(POP3Folder folder) throws MessagingException, IOException;
	}

	private <T> T withFolder(int mode, FolderWork<T> work) throws MessagingException, IOException {
		Properties properties = new Properties();
		properties.setProperty("mail.pop3.connectiontimeout", Integer.toString(TIMEOUT_MS)); //$NON-NLS-1$
		properties.setProperty("mail.pop3.timeout", Integer.toString(TIMEOUT_MS)); //$NON-NLS-1$
		Session session = Session.getInstance(properties);
		// Jakarta Activation finds Angus's content handlers through the context class loader, which in OSGi cannot
		// see Angus: let it see Angus while messages are parsed.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(POP3Store.class.getClassLoader());
		try (POP3Store store = new POP3Store(session, new URLName(PROTOCOL, host, port, null, address, address))) {
			store.connect(host, port, address, address);
			POP3Folder folder = (POP3Folder) store.getFolder("INBOX"); //$NON-NLS-1$
			folder.open(mode);
			boolean ok = false;
			try {
				T result = work.run(folder);
				ok = true;
				return result;
			} finally {
				// Closing with expunge sends QUIT, which commits the DELEs; after a failure nothing is deleted.
				folder.close(ok && mode == Folder.READ_WRITE);
			}
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static InboxMessage read(POP3Folder folder, Message message, int size)
			throws MessagingException, IOException {
		Body body = new Body();
		body.collect(message);
		return new InboxMessage(folder.getUID(message), addresses(message.getFrom()),
				addresses(message.getAllRecipients()), message.getSubject() == null ? "" : message.getSubject(), //$NON-NLS-1$
				message.getSentDate(), size, headers(message), body.text.toString(),
				body.html.toString(), List.copyOf(body.attachments));
	}

	/**
	 * @return the size of the whole message, headers included, as retrieved (the server's POP3 LIST size counts the
	 *         body only)
	 */
	private static int rawSize(Message message) throws MessagingException, IOException {
		long[] count = { 0 };
		message.writeTo(new java.io.OutputStream() {
			@Override
			public void write(int b) {
				count[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) {
				count[0] += len;
			}
		});
		return (int) Math.min(Integer.MAX_VALUE, count[0]);
	}

	private static String addresses(Address[] addresses) {
		return addresses == null ? "" //$NON-NLS-1$
				: Stream.of(addresses).map(Pop3Mailbox::decoded).collect(Collectors.joining(", ")); //$NON-NLS-1$
	}

	private static String decoded(Address address) {
		try {
			return MimeUtility.decodeText(address.toString());
		} catch (java.io.UnsupportedEncodingException e) {
			return address.toString();
		}
	}

	private static String headers(Message message) throws MessagingException {
		StringBuilder text = new StringBuilder();
		Enumeration<Header> headers = message.getAllHeaders();
		while (headers.hasMoreElements()) {
			Header header = headers.nextElement();
			text.append(header.getName()).append(": ").append(header.getValue()).append('\n'); //$NON-NLS-1$
		}
		return text.toString();
	}

	/** Walks the MIME tree from streams (no content handlers needed): text, HTML and attachments. */
	private static final class Body {
		final StringBuilder text = new StringBuilder();
		final StringBuilder html = new StringBuilder();
		final List<InboxMessage.Attachment> attachments = new ArrayList<>();

		void collect(Part part) throws MessagingException, IOException {
			String fileName = part.getFileName();
			boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null
					|| part.isMimeType("message/rfc822"); //$NON-NLS-1$
			if (part.isMimeType("multipart/*") && !attachment) { //$NON-NLS-1$
				MimeMultipart multipart = new MimeMultipart(part.getDataHandler().getDataSource());
				for (int i = 0; i < multipart.getCount(); i++) {
					collect(multipart.getBodyPart(i));
				}
			} else if (attachment) {
				long size;
				try (InputStream in = part.getInputStream()) {
					size = in.transferTo(OutputStreamCounter.INSTANCE);
				}
				attachments.add(new InboxMessage.Attachment(fileName == null ? "" : decodedName(fileName), //$NON-NLS-1$
						new ContentType(part.getContentType()).getBaseType(), size));
			} else if (part.isMimeType("text/html")) { //$NON-NLS-1$
				append(html, part);
			} else if (part.isMimeType("text/*")) { //$NON-NLS-1$
				append(text, part);
			}
		}

		private static String decodedName(String name) {
			try {
				return MimeUtility.decodeText(name);
			} catch (java.io.UnsupportedEncodingException e) {
				return name;
			}
		}

		private static void append(StringBuilder target, Part part) throws MessagingException, IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (InputStream in = part.getInputStream()) {
				in.transferTo(bytes);
			}
			if (!target.isEmpty()) {
				target.append('\n');
			}
			target.append(bytes.toString(charset(part)));
		}

		private static Charset charset(Part part) {
			try {
				String name = new ContentType(part.getContentType()).getParameter("charset"); //$NON-NLS-1$
				return name == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(name));
			} catch (MessagingException | IllegalArgumentException e) {
				return StandardCharsets.UTF_8;
			}
		}
	}

	/** Counts what is written to it and keeps nothing. */
	private static final class OutputStreamCounter extends java.io.OutputStream {
		static final OutputStreamCounter INSTANCE = new OutputStreamCounter();

		@Override
		public void write(int b) {
			// counted by transferTo
		}

		@Override
		public void write(byte[] b, int off, int len) {
			// counted by transferTo
		}
	}
}
