package com.bitfaster.mail.bounces.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.bitfaster.mail.bounces.BounceMailbox;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * Reads the bounce mailbox over IMAP or POP3 with Angus, TLS always (implicit or required STARTTLS), logging in with
 * a password or SASL XOAUTH2 (the access token in place of the password), and hands each
 * message not handled before to a {@link Handler} in batches. IMAP: a batch is moved to {@value #PROCESSED_FOLDER}
 * (or flagged \Deleted and expunged when the server cannot move) only after the handler returned, so after the journal
 * is synced. POP3 cannot move or flag: the handler's {@link SeenKeys} (UIDLs) say what was handled; messages stay.
 */
public final class MailboxReader {

	public static final String PROCESSED_FOLDER = "BitFaster-Processed"; //$NON-NLS-1$
	static final int BATCH = 100;
	private static final String TIMEOUT_MILLIS = "30000"; //$NON-NLS-1$

	/** Takes one batch of messages; returns the keys of those it handled (the others stay in the mailbox). */
	public interface Handler {
		/** @param messages key (Message-ID or UIDL) and raw bytes of each message */
		List<String> handle(List<RawMessage> messages) throws IOException;
	}

	/** The server's certificate was refused; the message says why, for the user. */
	public static final class CertificateProblem extends MessagingException {
		private static final long serialVersionUID = 1L;

		CertificateProblem(String message, Exception cause) {
			super(message, cause);
		}
	}

	/** One message: its key for idempotence, and its bytes. */
	public record RawMessage(String key, byte[] bytes) {
	}

	private final BounceMailbox mailbox;
	private final char[] password;

	/** @param password the password, or the OAuth2 access token when the mailbox logs in with OAuth2 */
	public MailboxReader(BounceMailbox mailbox, char[] password) {
		this.mailbox = mailbox;
		this.password = password;
	}

	/** Connects and logs in, then disconnects: the Test button. */
	public void test() throws MessagingException, GeneralSecurityException {
		try (Store store = connect()) {
			Folder inbox = store.getFolder("INBOX"); //$NON-NLS-1$
			inbox.open(Folder.READ_ONLY);
			inbox.close(false);
		}
	}

	/**
	 * Reads every message not in {@code seen}.
	 *
	 * @return how many messages the mailbox holds (read or not) in INBOX
	 */
	public int read(SeenKeys seen, Handler handler, IProgressMonitor monitor)
			throws MessagingException, GeneralSecurityException, IOException {
		SubMonitor progress = SubMonitor.convert(monitor, 100);
		try (Store store = connect()) {
			progress.worked(5);
			Folder inbox = store.getFolder("INBOX"); //$NON-NLS-1$
			inbox.open(Folder.READ_WRITE);
			try {
				Message[] all = inbox.getMessages();
				// One round trip for every message's key instead of one per message.
				jakarta.mail.FetchProfile keyFetch = new jakarta.mail.FetchProfile();
				keyFetch.add(UIDFolder.FetchProfileItem.UID); // POP3: one UIDL
				if (inbox instanceof UIDFolder) {
					keyFetch.add("Message-ID"); //$NON-NLS-1$
				}
				inbox.fetch(all, keyFetch);
				List<Message> fresh = new ArrayList<>();
				List<String> keys = new ArrayList<>();
				List<String> present = new ArrayList<>();
				List<Message> handledBefore = new ArrayList<>();
				for (Message m : all) {
					String key = key(inbox, m);
					present.add(key);
					if (!seen.contains(key)) {
						fresh.add(m);
						keys.add(key);
					} else {
						handledBefore.add(m);
					}
				}
				seen.retainOnly(present);
				SubMonitor loop = progress.split(95).setWorkRemaining(Math.max(1, fresh.size()));
				Folder processed = mailbox.protocol() == BounceMailbox.Protocol.IMAP ? processedFolder(store) : null;
				if (processed != null) {
					// Handled by a read that stopped before it could move them (a crash, a lost connection).
					moveOut(inbox, processed, handledBefore.toArray(Message[]::new));
				}
				for (int from = 0; from < fresh.size(); from += BATCH) {
					if (loop.isCanceled()) {
						throw new OperationCanceledException();
					}
					int to = Math.min(fresh.size(), from + BATCH);
					List<RawMessage> batch = new ArrayList<>();
					List<byte[]> contents = contents(inbox, fresh.subList(from, to));
					for (int i = from; i < to; i++) {
						batch.add(new RawMessage(keys.get(i), contents.get(i - from)));
					}
					List<String> handled = handler.handle(batch);
					seen.addAll(handled);
					if (processed != null) {
						List<Message> done = new ArrayList<>();
						for (int i = from; i < to; i++) {
							if (handled.contains(keys.get(i))) {
								done.add(fresh.get(i));
							}
						}
						moveOut(inbox, processed, done.toArray(Message[]::new));
					}
					loop.worked(to - from);
				}
				return all.length;
			} finally {
				if (inbox.isOpen()) {
					inbox.close(true);
				}
			}
		}
	}

	private static void moveOut(Folder inbox, Folder processed, Message[] done) throws MessagingException {
		if (done.length == 0) {
			return;
		}
		if (inbox instanceof org.eclipse.angus.mail.imap.IMAPFolder imap) {
			try {
				imap.moveMessages(done, processed);
				return;
			} catch (MessagingException e) {
				// A server without MOVE (RFC 6851): copy, flag and expunge below.
			}
		}
		inbox.copyMessages(done, processed);
		inbox.setFlags(done, new Flags(Flags.Flag.DELETED), true);
		inbox.expunge();
	}

	private static Folder processedFolder(Store store) throws MessagingException {
		Folder f = store.getFolder(PROCESSED_FOLDER);
		if (!f.exists()) {
			f.create(Folder.HOLDS_MESSAGES);
		}
		return f;
	}

	/** POP3: the UIDL; IMAP: the Message-ID (stable across a move), else the UID with the folder's UIDVALIDITY. */
	private static String key(Folder folder, Message m) throws MessagingException {
		if (folder instanceof POP3Folder pop) {
			return "uidl:" + pop.getUID(m); //$NON-NLS-1$
		}
		String[] ids = m.getHeader("Message-ID"); //$NON-NLS-1$
		if (ids != null && ids.length > 0 && !ids[0].isBlank()) {
			return "id:" + ids[0].strip(); //$NON-NLS-1$
		}
		UIDFolder uf = (UIDFolder) folder;
		return "uid:" + uf.getUIDValidity() + ":" + uf.getUID(m); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/**
	 * @return the messages' bytes: over IMAP the whole batch in one FETCH (a round trip per message would bound the
	 *         rate at the server's latency), over POP3 one RETR each
	 */
	private static List<byte[]> contents(Folder folder, List<Message> messages) throws MessagingException, IOException {
		// By UID: a message's number no longer says where it is once the server moved earlier batches out.
		java.util.Map<Long, byte[]> byUid = new java.util.HashMap<>();
		if (folder instanceof org.eclipse.angus.mail.imap.IMAPFolder imap && !messages.isEmpty()) {
			long[] uids = new long[messages.size()];
			for (int i = 0; i < uids.length; i++) {
				uids[i] = imap.getUID(messages.get(i));
			}
			String set = org.eclipse.angus.mail.imap.protocol.UIDSet
					.toString(org.eclipse.angus.mail.imap.protocol.UIDSet.createUIDSets(uids));
			imap.doCommand(protocol -> {
				org.eclipse.angus.mail.iap.Response[] responses = protocol.command("UID FETCH " + set + " (UID BODY.PEEK[])", null); //$NON-NLS-1$ //$NON-NLS-2$
				for (org.eclipse.angus.mail.iap.Response r : responses) {
					if (r instanceof org.eclipse.angus.mail.imap.protocol.FetchResponse f) {
						org.eclipse.angus.mail.imap.protocol.UID uid = f.getItem(org.eclipse.angus.mail.imap.protocol.UID.class);
						org.eclipse.angus.mail.imap.protocol.BODY body = f.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
						if (uid != null && body != null && body.getByteArray() != null) {
							byUid.put(uid.uid, body.getByteArray().getNewBytes());
						}
					}
				}
				protocol.notifyResponseHandlers(responses); // new mail, flags: as the folder's own fetch does
				protocol.handleResult(responses[responses.length - 1]);
				return null;
			});
		}
		List<byte[]> contents = new ArrayList<>(messages.size());
		for (Message m : messages) {
			byte[] b = folder instanceof UIDFolder uf ? byUid.get(uf.getUID(m)) : null;
			contents.add(b != null ? b : bytes(m)); // POP3, or a message the FETCH did not return
		}
		return contents;
	}

	private static byte[] bytes(Message m) throws MessagingException, IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (m instanceof MimeMessage mm) {
			mm.writeTo(out);
		}
		return out.toByteArray();
	}

	private Store connect() throws MessagingException, GeneralSecurityException {
		boolean imap = mailbox.protocol() == BounceMailbox.Protocol.IMAP;
		boolean implicit = mailbox.security() == BounceMailbox.Security.IMPLICIT_TLS;
		String protocol = (imap ? "imap" : "pop3") + (implicit ? "s" : ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		String p = "mail." + protocol + "."; //$NON-NLS-1$ //$NON-NLS-2$
		Properties props = new Properties();
		props.put(p + "connectiontimeout", TIMEOUT_MILLIS); //$NON-NLS-1$
		props.put(p + "timeout", TIMEOUT_MILLIS); //$NON-NLS-1$
		props.put(p + "writetimeout", TIMEOUT_MILLIS); //$NON-NLS-1$
		java.util.concurrent.atomic.AtomicReference<String> certificateProblem = new java.util.concurrent.atomic.AtomicReference<>();
		props.put(p + "ssl.socketFactory", MailboxTls.socketFactory(mailbox.host(), mailbox.pinned(), certificateProblem::set)); //$NON-NLS-1$
		// A pinned certificate is trusted by its fingerprint alone, as the SMTP servers' are.
		props.put(p + "ssl.checkserveridentity", String.valueOf(mailbox.pinned().isEmpty())); //$NON-NLS-1$
		if (implicit) {
			props.put(p + "ssl.enable", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		} else {
			props.put(p + "starttls.enable", "true"); //$NON-NLS-1$ //$NON-NLS-2$
			props.put(p + "starttls.required", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		if (mailbox.oauth2()) {
			// SASL XOAUTH2 with the access token as the password; Angus considers it only when named here.
			props.put(p + "auth.mechanisms", "XOAUTH2"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		if (!imap) {
			// Angus POP3 fetches whole messages through RETR; TOP is not needed.
			props.put(p + "disabletop", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		Session session = Session.getInstance(props);
		Store store = session.getStore(protocol);
		try {
			store.connect(mailbox.host(), mailbox.port(), mailbox.user(), new String(password));
		} catch (MessagingException e) {
			String problem = certificateProblem.get();
			if (problem != null) {
				throw new CertificateProblem(problem, e);
			}
			throw e;
		}
		return store;
	}

	static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
