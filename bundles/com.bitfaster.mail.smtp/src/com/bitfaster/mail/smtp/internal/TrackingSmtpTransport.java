package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.LineOutputStream;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport, noting how far each message got: a connection lost after the final "." leaves delivery
 * unknown, one lost before it means the server has nothing. Also notes when Angus closed the connection itself.
 * <p>
 * With ESMTP PIPELINING (RFC 2920), when the server offers it, MAIL FROM, every RCPT TO and DATA are written at once
 * and Angus then reads their replies in order, as if it had sent each command by itself: a command already written is
 * not written again. When the message to follow is known and has the same sender, its envelope goes in the same write
 * as this message's final "." (RFC 2920 allows commands after the end of the data in a group): one round trip per
 * message instead of two. If Angus goes another way (a refused MAIL FROM, RSET, QUIT), the replies still due are read
 * first; a DATA already accepted is then abandoned by closing the connection, so no empty message is delivered.
 */
final class TrackingSmtpTransport extends SMTPTransport {

	enum Stage {
		IDLE, MAIL, RCPT, DATA, BODY
	}

	private volatile Stage stage = Stage.IDLE;
	private volatile boolean closed;
	private static final String DATA = "DATA"; //$NON-NLS-1$
	private static final String RSET = "RSET"; //$NON-NLS-1$
	/** The next reply is not to be read: the command it answers was not sent. */
	private boolean noReply;
	/** Angus's private stream to the server, to write a pipelined group in one go. */
	private static final Field SERVER_OUTPUT = serverOutputField();
	private final byte[] bodyBuffer = new byte[8 * 1024];
	private final boolean pipelining;
	/** The recipients to write right after the next MAIL FROM, or {@code null}. */
	private Address[] envelope;
	/** The recipients of the message to follow, whose envelope goes with this message's final ".", or {@code null}. */
	private Address[] following;
	/** The MAIL FROM command last written, as Angus made it. */
	private String mailFrom;
	/** Commands written ahead whose turn has not come in Angus's dialogue. */
	private final ArrayDeque<String> ahead = new ArrayDeque<>();
	private BodyBuffer body;

	TrackingSmtpTransport(Session session) {
		super(session, new URLName(SmtpSessionSettings.PROTOCOL, null, -1, null, null, null), SmtpSessionSettings.PROTOCOL, false);
		pipelining = !"false".equals(session.getProperty(SmtpSessionSettings.PIPELINING)); //$NON-NLS-1$
	}

	/**
	 * Sends a message, pipelining its envelope when the server offers PIPELINING.
	 *
	 * @see SMTPTransport#sendMessage
	 */
	synchronized void send(MimeMessage message, Address[] recipients, MimeMessage next, Address[] nextRecipients)
			throws MessagingException {
		envelope = pipelining && canPipeline(message, recipients) ? recipients : null;
		following = envelope != null && next != null && canPipeline(next, nextRecipients) && sameSender(message, next)
				? nextRecipients
				: null;
		try {
			sendMessage(message, recipients);
		} finally {
			envelope = null;
			following = null;
		}
	}

	/** @return whether Angus gives both messages the same MAIL FROM: the same first From address, exactly */
	private static boolean sameSender(MimeMessage message, MimeMessage next) throws MessagingException {
		Address[] from = message.getFrom();
		Address[] nextFrom = next.getFrom();
		return from != null && nextFrom != null && from.length > 0 && nextFrom.length > 0
				&& from[0] instanceof InternetAddress a && nextFrom[0] instanceof InternetAddress b
				&& a.getAddress() != null && a.getAddress().equals(b.getAddress());
	}

	/** @return whether the envelope Angus will send is known: plain addresses, no DSN options */
	private boolean canPipeline(MimeMessage message, Address[] recipients) {
		if (!supportsExtension("PIPELINING") || message instanceof SMTPMessage //$NON-NLS-1$
				|| session.getProperty("mail." + SmtpSessionSettings.PROTOCOL + ".dsn.notify") != null) { //$NON-NLS-1$ //$NON-NLS-2$
			return false;
		}
		for (Address a : recipients) {
			if (!(a instanceof InternetAddress ia) || ia.isGroup() || !isPlainAscii(ia.getAddress())) {
				return false;
			}
		}
		return true;
	}

	/** @return whether a command part needs none of Angus's checks: ASCII, no line breaks */
	private static boolean isPlainAscii(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c > 127 || c == '\r' || c == '\n') {
				return false;
			}
		}
		return true;
	}

	/** @return the RCPT TO command Angus sends for an address */
	private static String rcptTo(Address a) {
		String address = ((InternetAddress) a).getAddress();
		return "RCPT TO:" + (address.startsWith("<") || address.endsWith(">") ? address : "<" + address + ">"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	@Override
	protected void sendCommand(String cmd) throws MessagingException {
		if (cmd.equals(ahead.peekFirst())) {
			ahead.removeFirst(); // already written; its reply is the next one
			return;
		}
		if (dropRepliesAhead()) {
			if (RSET.equals(cmd)) {
				// Angus resets after the server refused a message: the connection is closed instead, and the
				// refusal it is about to report must stay the error, with its code and text.
				noReply = true;
				return;
			}
			throw new MessagingException("Abandoned an accepted DATA"); //$NON-NLS-1$
		}
		if (".".equals(cmd) && following != null && mailFrom != null) { //$NON-NLS-1$
			// The end of this message and the next one's envelope; Angus reads the reply to "." now.
			Address[] recipients = following;
			following = null;
			writeGroup(cmd, mailFrom, recipients);
			return;
		}
		if (envelope == null || !cmd.startsWith("MAIL FROM:")) { //$NON-NLS-1$
			super.sendCommand(cmd);
			return;
		}
		Address[] recipients = envelope;
		envelope = null;
		mailFrom = cmd;
		writeGroup(null, cmd, recipients);
	}

	/**
	 * Writes an envelope, after {@code first} when not {@code null}, and notes the envelope's commands as written
	 * ahead: their replies come after the reply to the first command written.
	 */
	private void writeGroup(String first, String mail, Address[] recipients) throws MessagingException {
		List<String> group = new ArrayList<>(recipients.length + 3);
		if (first != null) {
			group.add(first);
		}
		group.add(mail);
		for (Address a : recipients) {
			group.add(rcptTo(a));
		}
		group.add(DATA);
		OutputStream out = serverOutput();
		if (out != null && isPlainAscii(mail)) {
			// One write, so the server reads the group at once and answers with one write: replies split over
			// several writes can wait for a delayed ACK (40 ms) in the server's Nagle algorithm.
			StringBuilder text = new StringBuilder();
			for (String c : group) {
				text.append(c).append("\r\n"); //$NON-NLS-1$
			}
			try {
				out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
				out.flush();
			} catch (IOException e) {
				throw new MessagingException("Can't send command to SMTP host", e); //$NON-NLS-1$
			}
		} else {
			for (String c : group) {
				super.sendCommand(c); // each leaves at once: the socket has TCP_NODELAY
			}
		}
		ahead.addAll(group.subList(1, group.size()));
	}

	/** @return Angus's buffered stream to the server, or {@code null} when it cannot be reached */
	private OutputStream serverOutput() {
		try {
			return SERVER_OUTPUT == null ? null : (OutputStream) SERVER_OUTPUT.get(this);
		} catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}

	private static Field serverOutputField() {
		try {
			Field f = SMTPTransport.class.getDeclaredField("serverOutput"); //$NON-NLS-1$
			f.setAccessible(true);
			return f.getType() == OutputStream.class ? f : null;
		} catch (ReflectiveOperationException | RuntimeException e) {
			return null; // another Angus version: the commands are written one by one
		}
	}

	/**
	 * Reads, and drops, the replies to commands written ahead that Angus did not go on with.
	 *
	 * @return whether a DATA among them was accepted: the server waits for a body nobody wants to send, and only a
	 *         disconnect abandons it, so the connection has been closed
	 */
	private boolean dropRepliesAhead() throws MessagingException {
		boolean dataAccepted = false;
		while (!ahead.isEmpty()) {
			String cmd = ahead.removeFirst();
			int code = super.readServerResponse();
			if (code == -1) {
				ahead.clear();
				return false;
			}
			dataAccepted = DATA.equals(cmd) && code == 354;
		}
		if (dataAccepted) {
			close();
		}
		return dataAccepted;
	}

	@Override
	protected int readServerResponse() throws MessagingException {
		if (noReply) {
			noReply = false;
			return -1; // the RSET not sent; Angus ignores its reply
		}
		return super.readServerResponse();
	}

	Stage stage() {
		return stage;
	}

	void resetStage() {
		stage = Stage.IDLE;
	}

	/** @return whether Angus closed the connection (after an I/O error, or a close) */
	boolean wasClosed() {
		return closed;
	}

	@Override
	protected void mailFrom() throws MessagingException {
		stage = Stage.MAIL;
		super.mailFrom();
	}

	@Override
	protected void rcptTo() throws MessagingException {
		stage = Stage.RCPT;
		super.rcptTo();
	}

	@Override
	protected OutputStream data() throws MessagingException {
		stage = Stage.DATA;
		body = new BodyBuffer(super.data(), bodyBuffer);
		return body;
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
		if (body != null) {
			body.flush(); // still before the final ".": a failure here leaves nothing at the server
			body = null;
		}
		stage = Stage.BODY;
		super.finishData();
	}

	@Override
	public synchronized void close() throws MessagingException {
		ahead.clear(); // QUIT need not wait for replies due
		super.close();
	}

	@Override
	protected void notifyConnectionListeners(int type) {
		if (type == ConnectionEvent.CLOSED) {
			closed = true;
		}
		super.notifyConnectionListeners(type);
	}

	/**
	 * Jakarta Mail writes text bodies a byte at a time, and Angus's dot-stuffing stream is fast only for blocks. Being
	 * a LineOutputStream also spares Jakarta Mail a provider lookup per message.
	 */
	private static final class BodyBuffer extends OutputStream implements LineOutputStream {
		private static final boolean ALLOW_UTF8 = Boolean.getBoolean("mail.mime.allowutf8"); //$NON-NLS-1$
		private static final byte[] CRLF = { '\r', '\n' };
		private final OutputStream out;
		private final byte[] buffer;
		private int count;

		BodyBuffer(OutputStream out, byte[] buffer) {
			this.out = out;
			this.buffer = buffer;
		}

		@Override
		public void write(int b) throws IOException {
			if (count == buffer.length) {
				drain();
			}
			buffer[count++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (len > buffer.length - count) {
				drain();
				if (len >= buffer.length) {
					out.write(b, off, len);
					return;
				}
			}
			System.arraycopy(b, off, buffer, count, len);
			count += len;
		}

		@Override
		public void writeln(String line) throws IOException {
			write(line.getBytes(ALLOW_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
			writeln();
		}

		@Override
		public void writeln() throws IOException {
			write(CRLF, 0, CRLF.length);
		}

		private void drain() throws IOException {
			if (count > 0) {
				out.write(buffer, 0, count);
				count = 0;
			}
		}

		@Override
		public void flush() throws IOException {
			drain();
			out.flush();
		}
	}
}
