package com.bitfaster.mail.localserver.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.client.SmartClient;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalMailStore;
import com.bitfaster.mail.localserver.Mailboxes;
import com.bitfaster.mail.localserver.RehearsalRule;
import com.bitfaster.mail.localserver.RehearsalRule.Action;
import com.bitfaster.mail.localserver.RehearsalRules;
import com.bitfaster.mail.localserver.StoredMessage;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.commands.IdRange;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The local server: SMTP in through SubEthaSMTP, whose hooks at MAIL, RCPT and DATA apply the rehearsal rules, every
 * accepted message written to the {@link MaildirStore}; POP3 out through GreenMail, fed from the store at start and
 * with each new message; a message a POP3 client deletes (DELE, then QUIT) is deleted from the store, and one deleted
 * from the store is no longer served. Picks a free port when a preferred one is busy, and says so.
 */
public class EmbeddedMailServer implements LocalMailServer {

	private static final String HOST_NAME = "localhost"; //$NON-NLS-1$
	private static final int MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

	private final int preferredSmtpPort;
	private final int preferredPop3Port;
	private final MaildirStore store;
	private final PendingBounces pendingBounces;
	private volatile RuleEngine rules = new RuleEngine(RehearsalRules.NONE);
	private SMTPServer smtp;
	private GreenMail pop3;
	private ScheduledExecutorService bouncer;
	private int smtpPort;
	private int pop3Port;
	private String portNote;
	/** The stored message behind each GreenMail uid, by POP3 inbox, while POP3 runs. */
	private final Map<MailFolder, Map<Long, StoredMessage>> offered = new ConcurrentHashMap<>();
	/** Where each stored message ({@link #key}) is served over POP3, while POP3 runs. */
	private final Map<String, ServedAt> servedAt = new ConcurrentHashMap<>();

	private record ServedAt(MailFolder inbox, long uid) {
	}
	private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();

	public EmbeddedMailServer(MaildirStore store, int preferredSmtpPort, int preferredPop3Port) {
		this.store = store;
		this.pendingBounces = new PendingBounces(store.root());
		store.addDeletionListener(this::withdrawFromPop3);
		this.preferredSmtpPort = preferredSmtpPort;
		this.preferredPop3Port = preferredPop3Port;
	}

	@Override
	public LocalMailStore store() {
		return store;
	}

	@Override
	public void setRules(RehearsalRules rules) {
		this.rules = new RuleEngine(rules);
	}

	@Override
	public void addStateListener(Consumer<State> listener) {
		stateListeners.add(listener);
	}

	@Override
	public void removeStateListener(Consumer<State> listener) {
		stateListeners.remove(listener);
	}

	/** Tells the listeners, outside this server's lock (a listener may ask the server). */
	private void announce(State state) {
		for (Consumer<State> listener : stateListeners) {
			try {
				listener.accept(state);
			} catch (RuntimeException e) {
				ILog.of(getClass()).error(e.getMessage(), e);
			}
		}
	}

	@Override
	public void start() {
		boolean started;
		try {
			started = startServers();
		} catch (RuntimeException e) {
			announce(State.FAILED);
			throw e;
		}
		if (started) {
			announce(State.STARTED);
		}
	}

	/** @return whether it started now (false: it ran already) */
	private synchronized boolean startServers() {
		if (smtp != null) {
			return false;
		}
		// A free port found here can be taken by another program before the server binds it: then try new ones.
		for (int attempt = 1;; attempt++) {
			List<String> notes = new ArrayList<>();
			smtpPort = freePort(preferredSmtpPort, "SMTP", notes); //$NON-NLS-1$
			do {
				pop3Port = freePort(preferredPop3Port, "POP3", notes); //$NON-NLS-1$
			} while (pop3Port == smtpPort && preferredPop3Port != smtpPort);
			portNote = notes.isEmpty() ? null : String.join(" ", notes); //$NON-NLS-1$
			SMTPServer smtpServer = SMTPServer.port(smtpPort).bindAddress(InetAddress.getLoopbackAddress())
					.hostName(HOST_NAME).softwareName("BitFaster local server").insertReceivedHeaders() //$NON-NLS-1$
					.maxMessageSize(MAX_MESSAGE_BYTES).messageHandlerFactory(Transaction::new).build();
			ServerSetup pop3Setup = new ServerSetup(pop3Port, HOST, ServerSetup.PROTOCOL_POP3);
			// GreenMail's default of 2 s for its thread to accept failed on a busy machine (and reads as a taken port here).
			pop3Setup.setServerStartupTimeout(30_000);
			GreenMail pop3Server = new GreenMail(pop3Setup);
			pop3Server.withConfiguration(GreenMailConfiguration.aConfig());
			try {
				smtpServer.start();
				pop3Server.start();
				smtp = smtpServer;
				pop3 = pop3Server;
				bouncer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "Local server bounces")); //$NON-NLS-1$
				break;
			} catch (RuntimeException e) {
				smtpServer.stop();
				pop3Server.stop();
				if (attempt == 3) {
					throw e;
				}
			}
		}
		for (StoredMessage message : store.list().reversed()) {
			try {
				offerToPop3(message, store.read(message));
			} catch (IOException e) {
				// deleted meanwhile
			}
		}
		// A mailbox emptied over POP3 still logs in after a restart: its folder stays.
		for (String mailbox : store.mailboxFolders()) {
			try {
				pop3User(mailbox);
			} catch (RuntimeException e) {
				ILog.of(getClass()).warn(e.getMessage(), e);
			}
		}
		// The bounces still due when the server last stopped (in this process or another one on the same folder).
		try {
			pendingBounces.all().forEach(this::scheduleBounce);
		} catch (IOException e) {
			ILog.of(getClass()).warn(NLS.bind(Messages.bounceFailed, pendingBounces.file(), e.getMessage()), e);
		}
		return true;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this) {
			if (smtp == null) {
				return;
			}
			executor = bouncer;
			executor.shutdownNow();
		}
		// The bounces not due yet stay in their file for the next start; one being sent (through this server, so not
		// under its lock) is let finish first.
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		synchronized (this) {
			if (smtp != null && bouncer == executor) {
				smtp.stop();
				pop3.stop();
				smtp = null;
				pop3 = null;
				offered.clear();
				servedAt.clear();
			} else {
				return; // stopped, or started again, by another thread meanwhile
			}
		}
		announce(State.STOPPED);
	}

	@Override
	public synchronized boolean isRunning() {
		return smtp != null;
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

	private synchronized void offerToPop3(StoredMessage message, byte[] bytes) {
		if (pop3 == null) {
			return;
		}
		try {
			GreenMailUser user = pop3User(message.mailbox());
			MailFolder inbox = pop3.getManagers().getImapHostManager().getInbox(user);
			Map<Long, StoredMessage> uids = offered.computeIfAbsent(inbox, folder -> {
				Map<Long, StoredMessage> map = new ConcurrentHashMap<>();
				folder.addListener(new ExpungeFollower(folder, map));
				return map;
			});
			long uid = inbox.appendMessage(
					new MimeMessage(jakarta.mail.Session.getInstance(new Properties()), new ByteArrayInputStream(bytes)),
					new Flags(), Date.from(message.date()));
			uids.put(uid, message);
			servedAt.put(key(message), new ServedAt(inbox, uid));
		} catch (MessagingException | FolderException | RuntimeException e) {
			ILog.of(getClass()).warn(e.getMessage(), e);
		}
	}

	private static String key(StoredMessage message) {
		return message.mailbox() + "/" + message.id(); //$NON-NLS-1$
	}

	/**
	 * A message deleted from the store (Delete, Clear, the cap) is not served over POP3 any more. Not under this
	 * server's lock: GreenMail calls the {@link ExpungeFollower}, which deletes from the store, under its own lock.
	 */
	private void withdrawFromPop3(StoredMessage message) {
		ServedAt at = servedAt.remove(key(message));
		Map<Long, StoredMessage> uids = at == null ? null : offered.get(at.inbox());
		if (uids == null || uids.remove(at.uid()) == null) {
			return; // not served, or deleted by a POP3 client
		}
		com.icegreen.greenmail.store.StoredMessage served = at.inbox().getMessage(at.uid());
		if (served != null) {
			served.setFlag(Flags.Flag.DELETED, true);
			at.inbox().expunge(new IdRange[] { new IdRange(at.uid()) });
		}
	}

	/** POP3 logs in with the address as user name and password. */
	private GreenMailUser pop3User(String mailbox) {
		GreenMailUser user = pop3.getUserManager().getUserByEmail(mailbox);
		return user != null ? user : pop3.setUser(mailbox, mailbox, mailbox);
	}

	/**
	 * Deletes from the store what a POP3 client expunged (DELE then QUIT): a bounce mailbox read with delete must not
	 * grow forever. GreenMail tells only the position of a message gone, so the uids no longer in the inbox are looked up.
	 */
	private final class ExpungeFollower implements FolderListener {
		private final MailFolder inbox;
		private final Map<Long, StoredMessage> uids;

		ExpungeFollower(MailFolder inbox, Map<Long, StoredMessage> uids) {
			this.inbox = inbox;
			this.uids = uids;
		}

		@Override
		public void expunged(int msn) {
			for (Map.Entry<Long, StoredMessage> entry : uids.entrySet()) {
				if (inbox.getMessage(entry.getKey()) == null && uids.remove(entry.getKey()) != null) {
					servedAt.remove(key(entry.getValue()));
					try {
						store.delete(entry.getValue());
					} catch (IOException e) {
						ILog.of(EmbeddedMailServer.class).warn(e.getMessage(), e);
					}
				}
			}
		}

		@Override
		public void added(int msn) {
			// offered by this server
		}

		@Override
		public void flagsUpdated(int msn, Flags flags, Long uid) {
			// deleted only at expunge: RSET undoes a DELE
		}

		@Override
		public void mailboxDeleted() {
			// not done over POP3
		}
	}

	private void deliver(String envelopeFrom, List<String> recipients, byte[] message) throws IOException {
		for (String recipient : recipients) {
			String mailbox = Mailboxes.withoutTag(recipient);
			StoredMessage stored = store.deliver(mailbox, envelopeFrom, recipient, message);
			offerToPop3(stored, store.read(stored));
		}
	}

	/** One SMTP transaction (SubEthaSMTP makes one handler per message). */
	private final class Transaction implements MessageHandler {
		private final MessageContext context;
		private final RuleEngine engine = rules;
		private String sender = ""; //$NON-NLS-1$
		private final List<String> recipients = new ArrayList<>();

		Transaction(MessageContext context) {
			this.context = context;
		}

		@Override
		public void from(String from) throws RejectException {
			sender = from == null ? "" : from; //$NON-NLS-1$
			Optional<RuleEngine.Refusal> refusal = engine.atMail(sender);
			if (refusal.isPresent()) {
				throw new RejectException(refusal.get().code(), refusal.get().text());
			}
		}

		@Override
		public void recipient(String recipient) throws RejectException {
			Optional<RuleEngine.Refusal> refusal = engine.atRcpt(recipient);
			if (refusal.isPresent()) {
				throw new RejectException(refusal.get().code(), refusal.get().text());
			}
			recipients.add(recipient);
		}

		@Override
		public String data(InputStream data) throws RejectException, IOException {
			byte[] message = data.readAllBytes();
			Optional<RehearsalRule> close = engine.atData(recipients, Action.CLOSE);
			if (close.isPresent()) {
				// No reply at all: the client cannot know whether the message arrived.
				if (context instanceof Session session) {
					session.getSocket().setSoLinger(true, 0);
					session.closeSocket();
				}
				throw new DropConnectionException(421, "4.4.2 connection closed by rehearsal rule (line " //$NON-NLS-1$
						+ close.get().line() + ")"); //$NON-NLS-1$
			}
			Optional<RehearsalRule> reject = engine.atData(recipients, Action.REJECT);
			if (reject.isPresent()) {
				throw new RejectException(reject.get().code(), RuleEngine.status(reject.get().code())
						+ " message rejected by rehearsal rule (line " + reject.get().line() + ")"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			deliver(sender, recipients, message);
			for (String recipient : recipients) {
				engine.ruleFor(recipient).filter(r -> r.action() == Action.BOUNCE)
						.ifPresent(rule -> keepBounce(rule, sender, recipient, message));
			}
			return null;
		}

		@Override
		public void done() {
			// nothing held per transaction
		}
	}

	/** Writes the bounce to its file first, so that it is not lost when the server stops before it is due. */
	private void keepBounce(RehearsalRule rule, String sender, String recipient, byte[] message) {
		if (sender.isEmpty()) {
			return; // never bounce a bounce
		}
		PendingBounces.Bounce bounce = new PendingBounces.Bounce(UUID.randomUUID().toString(),
				System.currentTimeMillis() + rule.delay().toMillis(), sender, recipient, rule.line(), headersOf(message));
		try {
			pendingBounces.add(bounce);
		} catch (IOException e) {
			ILog.of(EmbeddedMailServer.class).warn(NLS.bind(Messages.bounceFailed, sender, e.getMessage()), e);
			return;
		}
		scheduleBounce(bounce);
	}

	private synchronized void scheduleBounce(PendingBounces.Bounce bounce) {
		if (bouncer == null || bouncer.isShutdown()) {
			return; // stopped meanwhile: sent at the next start
		}
		ScheduledExecutorService executor = bouncer;
		int port = smtpPort;
		long delay = Math.max(0, bounce.dueMillis() - System.currentTimeMillis());
		executor.schedule(() -> sendPending(executor, port, bounce), delay, TimeUnit.MILLISECONDS);
	}

	private void sendPending(ScheduledExecutorService executor, int port, PendingBounces.Bounce bounce) {
		try {
			if (!pendingBounces.take(bounce.id())) {
				return; // sent already, by another process serving the same folder
			}
		} catch (IOException e) {
			ILog.of(EmbeddedMailServer.class).warn(NLS.bind(Messages.bounceFailed, bounce.sender(), e.getMessage()), e);
			return;
		}
		try {
			sendBounce(port, bounce);
		} catch (IOException | RuntimeException e) {
			if (executor.isShutdown()) {
				putBack(bounce); // the server stopped under it: send it at the next start
			} else {
				ILog.of(EmbeddedMailServer.class).warn(NLS.bind(Messages.bounceFailed, bounce.sender(), e.getMessage()), e);
			}
		}
	}

	private void putBack(PendingBounces.Bounce bounce) {
		try {
			pendingBounces.add(bounce);
		} catch (IOException e) {
			ILog.of(EmbeddedMailServer.class).warn(NLS.bind(Messages.bounceFailed, bounce.sender(), e.getMessage()), e);
		}
	}

	/** Sends the bounce through this server's own SMTP port, with the null sender. */
	private static void sendBounce(int port, PendingBounces.Bounce bounce) throws IOException {
		byte[] dsn = deliveryStatusNotification(bounce.ruleLine(), bounce.sender(), bounce.recipient(),
				bounce.originalHeaders());
		SmartClient client = SmartClient.createAndConnect(HOST, port, HOST_NAME);
		try {
			client.from(""); //$NON-NLS-1$
			client.to(bounce.sender());
			client.dataStart();
			client.dataWrite(dsn, dsn.length);
			client.dataEnd();
		} finally {
			client.quit();
		}
	}

	/** A delivery status notification (RFC 3464): a text part, the machine-readable status, the original's headers. */
	static byte[] deliveryStatusNotification(int ruleLine, String sender, String recipient, String originalHeaders) {
		String boundary = "dsn-" + UUID.randomUUID(); //$NON-NLS-1$
		String now = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
		String diagnostic = "550 5.1.1 <" + recipient + ">: mailbox unavailable (rehearsal rule, line " + ruleLine + ")"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String crlf = "\r\n"; //$NON-NLS-1$
		StringBuilder b = new StringBuilder();
		b.append("From: Mail Delivery System <MAILER-DAEMON@").append(HOST_NAME).append('>').append(crlf); //$NON-NLS-1$
		b.append("To: <").append(sender).append('>').append(crlf); //$NON-NLS-1$
		b.append("Subject: Undelivered Mail Returned to Sender").append(crlf); //$NON-NLS-1$
		b.append("Date: ").append(now).append(crlf); //$NON-NLS-1$
		b.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(HOST_NAME).append('>').append(crlf); //$NON-NLS-1$
		b.append("Auto-Submitted: auto-replied").append(crlf); //$NON-NLS-1$
		b.append("MIME-Version: 1.0").append(crlf); //$NON-NLS-1$
		b.append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"").append(boundary).append('"') //$NON-NLS-1$
				.append(crlf).append(crlf);
		b.append("--").append(boundary).append(crlf); //$NON-NLS-1$
		b.append("Content-Type: text/plain; charset=us-ascii").append(crlf).append(crlf); //$NON-NLS-1$
		b.append("Your message to <").append(recipient).append("> could not be delivered.").append(crlf); //$NON-NLS-1$ //$NON-NLS-2$
		b.append("(The local server rehearses a bounce: rule on line ").append(ruleLine).append(".)").append(crlf) //$NON-NLS-1$ //$NON-NLS-2$
				.append(crlf);
		b.append("--").append(boundary).append(crlf); //$NON-NLS-1$
		b.append("Content-Type: message/delivery-status").append(crlf).append(crlf); //$NON-NLS-1$
		b.append("Reporting-MTA: dns; ").append(HOST_NAME).append(crlf); //$NON-NLS-1$
		b.append("Arrival-Date: ").append(now).append(crlf).append(crlf); //$NON-NLS-1$
		b.append("Final-Recipient: rfc822; ").append(recipient).append(crlf); //$NON-NLS-1$
		b.append("Action: failed").append(crlf); //$NON-NLS-1$
		b.append("Status: 5.1.1").append(crlf); //$NON-NLS-1$
		b.append("Diagnostic-Code: smtp; ").append(diagnostic).append(crlf).append(crlf); //$NON-NLS-1$
		b.append("--").append(boundary).append(crlf); //$NON-NLS-1$
		b.append("Content-Type: text/rfc822-headers").append(crlf).append(crlf); //$NON-NLS-1$
		b.append(originalHeaders);
		b.append("--").append(boundary).append("--").append(crlf); //$NON-NLS-1$ //$NON-NLS-2$
		return b.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String headersOf(byte[] message) {
		String text = new String(message, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n"); //$NON-NLS-1$
		String headers = end < 0 ? text : text.substring(0, end + 2);
		return headers.endsWith("\r\n") ? headers : headers + "\r\n"; //$NON-NLS-1$ //$NON-NLS-2$
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
