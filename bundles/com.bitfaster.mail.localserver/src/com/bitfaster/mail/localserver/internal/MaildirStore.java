package com.bitfaster.mail.localserver.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;

import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.localserver.LocalMailStore;
import com.bitfaster.mail.localserver.StoredMessage;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * {@link LocalMailStore} as one Maildir per mailbox under a folder: a message is written to {@code tmp/}, forced to
 * disk and renamed into {@code new/} (a reader such as mutt may move it to {@code cur/}, which is read too). The size
 * cap prunes the oldest messages first, under a lock the command line and the workbench share, down to nine tenths
 * of the cap, so the folders are listed once per tenth of the cap delivered, not once per message (a campaign to
 * thousands of mailboxes listed thousands of folders for each message).
 */
public final class MaildirStore implements LocalMailStore {

	private static final Session PARSE_SESSION = Session.getInstance(new Properties());
	private static final AtomicLong SEQUENCE = new AtomicLong();
	private static final long PID = ProcessHandle.current().pid();

	private final Path root;
	private volatile long capBytes;
	private final List<Consumer<StoredMessage>> listeners = new CopyOnWriteArrayList<>();
	private final List<Consumer<StoredMessage>> deletionListeners = new CopyOnWriteArrayList<>();
	/** Parsed summaries by file name: files never change once in {@code new/}. */
	private final Map<String, StoredMessage> summaries = new ConcurrentHashMap<>();
	/**
	 * The bytes all messages take, as this process knows it (-1: not counted yet). Another process deleting makes it
	 * too high, which only brings the next prune (a full count) earlier.
	 */
	private final AtomicLong knownTotal = new AtomicLong(-1);

	/** @param capBytes the most the messages may take together; 0 for no cap */
	public MaildirStore(Path root, long capBytes) {
		this.root = root;
		this.capBytes = capBytes;
	}

	public Path root() {
		return root;
	}

	public void setCapBytes(long capBytes) {
		this.capBytes = capBytes;
	}

	/**
	 * Stores a message in a mailbox, with {@code Return-Path}, {@code Delivered-To} and (when the recipient had a tag)
	 * {@code X-Original-To} headers first, as a delivering server does.
	 */
	public StoredMessage deliver(String mailbox, String envelopeFrom, String recipient, byte[] message) throws IOException {
		Path box = root.resolve(folderName(mailbox));
		Files.createDirectories(box.resolve("tmp")); //$NON-NLS-1$
		Files.createDirectories(box.resolve("new")); //$NON-NLS-1$
		Files.createDirectories(box.resolve("cur")); //$NON-NLS-1$
		Instant now = Instant.now();
		String name = now.getEpochSecond() + ".M" + (now.getNano() / 1000) + "P" + PID + "Q" + SEQUENCE.incrementAndGet() //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				+ ".bitfaster"; //$NON-NLS-1$
		StringBuilder added = new StringBuilder();
		added.append("Return-Path: <").append(envelopeFrom).append(">\r\n"); //$NON-NLS-1$ //$NON-NLS-2$
		added.append("Delivered-To: ").append(mailbox).append("\r\n"); //$NON-NLS-1$ //$NON-NLS-2$
		if (!recipient.equalsIgnoreCase(mailbox)) {
			added.append("X-Original-To: ").append(recipient).append("\r\n"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		Path tmp = box.resolve("tmp").resolve(name); //$NON-NLS-1$
		try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			out.write(ByteBuffer.wrap(added.toString().getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer body = ByteBuffer.wrap(message);
			while (body.hasRemaining()) {
				out.write(body);
			}
			out.force(true);
		}
		Path target = box.resolve("new").resolve(name); //$NON-NLS-1$
		Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
		StoredMessage stored = summary(mailbox, target);
		long cap = capBytes;
		if (cap > 0) {
			long total = knownTotal.get() < 0 ? countedTotal() : knownTotal.addAndGet(stored.size());
			if (total > cap) {
				prune();
			}
		}
		tell(listeners, stored);
		return stored;
	}

	/** Deletes the oldest messages until all take no more than nine tenths of the cap. */
	void prune() throws IOException {
		try (CrossProcessLock lock = CrossProcessLock.acquire(root.resolve(".lock"))) { //$NON-NLS-1$
			List<StoredMessage> all = list();
			long total = all.stream().mapToLong(StoredMessage::size).sum();
			long lowWater = capBytes - capBytes / 10;
			for (int i = all.size() - 1; i >= 0 && total > lowWater; i--) {
				deleteFile(all.get(i));
				total -= all.get(i).size();
			}
			knownTotal.set(total);
		}
	}

	private long countedTotal() {
		long total = list().stream().mapToLong(StoredMessage::size).sum();
		knownTotal.set(total);
		return total;
	}

	/** @return the names of the mailbox folders, also of those with no message left */
	public List<String> mailboxFolders() {
		List<String> names = new ArrayList<>();
		if (Files.isDirectory(root)) {
			try (DirectoryStream<Path> boxes = Files.newDirectoryStream(root, Files::isDirectory)) {
				boxes.forEach(box -> names.add(box.getFileName().toString()));
			} catch (IOException e) {
				ILog.of(getClass()).error(e.getMessage(), e);
			}
		}
		return names;
	}

	@Override
	public List<StoredMessage> list() {
		List<StoredMessage> all = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return all;
		}
		try (DirectoryStream<Path> boxes = Files.newDirectoryStream(root, Files::isDirectory)) {
			for (Path box : boxes) {
				String mailbox = box.getFileName().toString();
				for (String sub : new String[] { "new", "cur" }) { //$NON-NLS-1$ //$NON-NLS-2$
					Path dir = box.resolve(sub);
					if (!Files.isDirectory(dir)) {
						continue;
					}
					try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
						for (Path file : files) {
							try {
								all.add(summary(mailbox, file));
							} catch (NoSuchFileException gone) {
								// deleted by another process meanwhile
							}
						}
					}
				}
			}
		} catch (IOException e) {
			ILog.of(getClass()).error(e.getMessage(), e);
		}
		all.sort(Comparator.comparing(StoredMessage::date).thenComparing(StoredMessage::id).reversed());
		return all;
	}

	@Override
	public byte[] read(StoredMessage message) throws IOException {
		Path file = find(message);
		if (file == null) {
			throw new NoSuchFileException(message.mailbox() + "/" + message.id()); //$NON-NLS-1$
		}
		return Files.readAllBytes(file);
	}

	@Override
	public void delete(StoredMessage message) throws IOException {
		if (deleteFile(message) && knownTotal.get() >= 0) {
			knownTotal.addAndGet(-message.size());
		}
	}

	private boolean deleteFile(StoredMessage message) throws IOException {
		Path file = find(message);
		boolean deleted = file != null && Files.deleteIfExists(file);
		summaries.remove(message.mailbox() + "/" + message.id()); //$NON-NLS-1$
		if (deleted) {
			tell(deletionListeners, message);
		}
		return deleted;
	}

	private void tell(List<Consumer<StoredMessage>> toTell, StoredMessage message) {
		for (Consumer<StoredMessage> listener : toTell) {
			try {
				listener.accept(message);
			} catch (RuntimeException e) {
				ILog.of(getClass()).error(e.getMessage(), e);
			}
		}
	}

	@Override
	public void clear() throws IOException {
		try (CrossProcessLock lock = CrossProcessLock.acquire(root.resolve(".lock"))) { //$NON-NLS-1$
			for (StoredMessage message : list()) {
				deleteFile(message);
			}
			knownTotal.set(0);
		}
	}

	@Override
	public long totalSize() {
		return countedTotal();
	}

	@Override
	public void addListener(Consumer<StoredMessage> listener) {
		listeners.add(listener);
	}

	@Override
	public void removeListener(Consumer<StoredMessage> listener) {
		listeners.remove(listener);
	}

	@Override
	public void addDeletionListener(Consumer<StoredMessage> listener) {
		deletionListeners.add(listener);
	}

	@Override
	public void removeDeletionListener(Consumer<StoredMessage> listener) {
		deletionListeners.remove(listener);
	}

	private Path find(StoredMessage message) throws IOException {
		Path box = root.resolve(folderName(message.mailbox()));
		Path inNew = box.resolve("new").resolve(message.id()); //$NON-NLS-1$
		if (Files.exists(inNew)) {
			return inNew;
		}
		Path cur = box.resolve("cur"); //$NON-NLS-1$
		if (Files.isDirectory(cur)) {
			// A reader moved it to cur/ and appended its flags (":2,S").
			try (DirectoryStream<Path> files = Files.newDirectoryStream(cur, message.id() + "*")) { //$NON-NLS-1$
				for (Path file : files) {
					return file;
				}
			}
		}
		return null;
	}

	private StoredMessage summary(String mailbox, Path file) throws IOException {
		String fileName = file.getFileName().toString();
		String id = fileName.contains(":") ? fileName.substring(0, fileName.indexOf(':')) : fileName; //$NON-NLS-1$
		String key = mailbox + "/" + id; //$NON-NLS-1$
		StoredMessage known = summaries.get(key);
		if (known != null) {
			return known;
		}
		byte[] bytes = Files.readAllBytes(file);
		Instant date = receivedAt(id, file);
		StoredMessage parsed;
		try {
			MimeMessage message = new MimeMessage(PARSE_SESSION, new ByteArrayInputStream(bytes));
			String returnPath = header(message, "Return-Path").replaceAll("^<|>$", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			String to = header(message, "To"); //$NON-NLS-1$
			parsed = new StoredMessage(id, mailbox, returnPath, header(message, "From"), to.isEmpty() ? mailbox : to, //$NON-NLS-1$
					header(message, "Subject"), date, bytes.length, hasAttachments(message)); //$NON-NLS-1$
		} catch (MessagingException | RuntimeException e) {
			parsed = new StoredMessage(id, mailbox, "", "", mailbox, "", date, bytes.length, false); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		summaries.put(key, parsed);
		return parsed;
	}

	private static String header(MimeMessage message, String name) throws MessagingException {
		String value = message.getHeader(name, ", "); //$NON-NLS-1$
		if (value == null) {
			return ""; //$NON-NLS-1$
		}
		try {
			return MimeUtility.decodeText(MimeUtility.unfold(value)).strip();
		} catch (IOException e) {
			return value.strip();
		}
	}

	/** Walks the parts from their raw bytes: in OSGi, Activation cannot always find Angus's content handlers. */
	static boolean hasAttachments(Part part) throws MessagingException, IOException {
		if (part.isMimeType("multipart/*")) { //$NON-NLS-1$
			InputStream raw = part instanceof MimeMessage m ? m.getRawInputStream()
					: ((MimeBodyPart) part).getRawInputStream();
			MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(raw, part.getContentType()));
			for (int i = 0; i < multipart.getCount(); i++) {
				if (hasAttachments(multipart.getBodyPart(i))) {
					return true;
				}
			}
			return false;
		}
		return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
	}

	private static Instant receivedAt(String id, Path file) throws IOException {
		// Maildir names start with the delivery time: "SECONDS.M<micros>P<pid>..."
		try {
			int dot = id.indexOf('.');
			long seconds = Long.parseLong(id.substring(0, dot));
			long micros = id.charAt(dot + 1) == 'M'
					? Long.parseLong(id.substring(dot + 2, id.indexOf('P', dot))) : 0;
			return Instant.ofEpochSecond(seconds, micros * 1000);
		} catch (RuntimeException notOurs) {
			return Files.getLastModifiedTime(file).toInstant();
		}
	}

	/** A mailbox's folder: the address itself, with characters a file name cannot hold replaced. */
	static String folderName(String mailbox) {
		String name = mailbox.replaceAll("[/\\\\\\x00-\\x1f]", "_"); //$NON-NLS-1$ //$NON-NLS-2$
		return name.startsWith(".") ? "_" + name.substring(1) : name; //$NON-NLS-1$ //$NON-NLS-2$
	}
}
