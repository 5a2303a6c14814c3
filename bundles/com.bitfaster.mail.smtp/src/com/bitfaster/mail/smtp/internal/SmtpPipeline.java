package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.Envelope.Dsn;
import com.bitfaster.mail.core.Envelope.Notify;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection.Listener;

import jakarta.mail.MessagingException;

/**
 * Sends envelopes on an SMTP connection taken over from Angus after sign-in: MAIL FROM, RCPT TO, DATA and the
 * dot-stuffed body, each recipient's outcome read from the replies.
 * <p>
 * With PIPELINING (RFC 2920) an envelope's commands go in one write, and the next envelope's go in the same write as
 * this message's final "." (RFC 2920 allows commands after the end of the data in a group), whatever their senders:
 * one write and one round trip per message. That next envelope starts with RSET, since it is written before the
 * server said whether it took this message. Without PIPELINING, one command at a time.
 * <p>
 * The listener hears of the handover right before the write that carries a message's final ".". A connection lost
 * before that leaves the message DEFERRED (the server has nothing), after it UNKNOWN (it may have it).
 */
final class SmtpPipeline {

	/** What the server offered in its last EHLO reply that changes what is written. */
	record Extensions(boolean pipelining, boolean size, boolean eightBitMime, boolean smtpUtf8, boolean dsn) {
	}

	private static final int START_MAIL_INPUT = 354;
	private static final int SERVICE_CLOSING = 421;
	private static final char[] HEX = "0123456789ABCDEF".toCharArray(); //$NON-NLS-1$

	private enum Stage {
		/** Nothing of it written. */
		NOT_STARTED,
		/** Its envelope written, not its final ".". */
		WRITTEN,
		/** Its final "." written, or being written: the server may have it. */
		HANDED_OVER,
		/** Its outcomes given to the listener. */
		REPORTED
	}

	/** One envelope's way through the dialogue. */
	private static final class Transaction {
		final Envelope envelope;
		final List<String> recipients;
		/** Each recipient's outcome once final; {@code null} while its RCPT is accepted or not yet answered. */
		final RecipientOutcome[] outcomes;
		Stage stage = Stage.NOT_STARTED;
		byte[] bytes;
		Dsn dsn;
		boolean utf8;
		/** An RSET went before its MAIL FROM: its reply comes first. */
		boolean resetFirst;
		int accepted;

		Transaction(Envelope envelope) {
			this.envelope = envelope;
			this.recipients = envelope.recipients();
			this.outcomes = new RecipientOutcome[recipients.size()];
		}
	}

	private final SmtpWire wire;
	private final Extensions extensions;
	private final Runnable disconnect;
	private boolean broken;
	/**
	 * RSET before the next MAIL FROM: a transaction was begun (MAIL FROM accepted) and not ended by a final ".", or
	 * its "." was refused (Postfix may keep such a transaction), or the next envelope goes before a "."'s reply.
	 */
	private boolean resetDue;

	/**
	 * @param disconnect closes the socket, when the dialogue cannot go on (a reply that ends it, a lost connection, a
	 *                   DATA that only hanging up abandons)
	 */
	SmtpPipeline(SmtpWire wire, Extensions extensions, Runnable disconnect) {
		this.wire = wire;
		this.extensions = extensions;
		this.disconnect = disconnect;
	}

	Extensions extensions() {
		return extensions;
	}

	/** @return whether the dialogue ended: the socket was closed, nothing more can be sent */
	boolean isBroken() {
		return broken;
	}

	/** Marks the dialogue ended and closes the socket. */
	void fail() {
		if (!broken) {
			broken = true;
			disconnect.run();
		}
	}

	/** Sends the envelopes in order and reports each one's outcomes exactly once, whatever happens. */
	void send(List<Envelope> envelopes, Listener listener) {
		Transaction[] transactions = new Transaction[envelopes.size()];
		for (int i = 0; i < transactions.length; i++) {
			transactions[i] = new Transaction(envelopes.get(i));
		}
		String notStarted = broken ? Messages.Smtp_notConnected : Messages.Smtp_notReached;
		boolean finished = false;
		try {
			if (!broken && wire.hasUnreadInput()) {
				// Nothing was asked: mostly a 421 the server sent before it closed the idle connection.
				notStarted = Messages.Smtp_notConnected;
				fail();
			}
			for (int i = 0; i < transactions.length && !broken; i++) {
				Transaction t = transactions[i];
				if (t.stage == Stage.REPORTED || t.stage == Stage.NOT_STARTED && !prepare(t, listener)) {
					continue;
				}
				if (extensions.pipelining()) {
					pipelined(transactions, i, listener);
				} else {
					oneByOne(transactions, i, listener);
				}
			}
			finished = true;
		} catch (IOException e) {
			finished = true;
			fail();
		} finally {
			if (!finished) {
				fail(); // a listener threw, or a bug: where the dialogue stands is unknown
			}
			reportTheRest(transactions, listener, notStarted);
		}
	}

	/** @return whether the envelope can be sent; when not, it has been reported */
	private boolean prepare(Transaction t, Listener listener) {
		try {
			t.bytes = t.envelope.bytes();
		} catch (MessagingException e) {
			report(t, listener, all(t, Status.DEFERRED, 0, String.valueOf(e.getMessage())));
			return false;
		}
		String wide = nonAscii(t.envelope);
		if (wide != null) {
			if (!extensions.smtpUtf8()) {
				report(t, listener, all(t, Status.REJECTED, 0, NLS.bind(Messages.Smtp_needsSmtpUtf8, wide)));
				return false;
			}
			t.utf8 = true;
		}
		t.dsn = extensions.dsn() ? t.envelope.dsn().orElse(null) : null;
		return true;
	}

	/** With PIPELINING: the envelope in one write (unless it went with the previous message's "."), then its replies. */
	private void pipelined(Transaction[] transactions, int i, Listener listener) throws IOException {
		Transaction t = transactions[i];
		if (t.stage == Stage.NOT_STARTED) {
			writeEnvelope(t);
			wire.flush();
		}
		if (t.resetFirst && !resetAccepted(t, listener)) {
			return;
		}
		int mail = wire.readReply();
		if (!positive(mail)) {
			refuseAll(t, mail);
			if (mail == SERVICE_CLOSING) {
				fail(); // the replies to the rest of the group will not come
				report(t, listener, outcomes(t));
				return;
			}
			for (int r = 0; r < t.recipients.size(); r++) {
				if (wire.readReply() == SERVICE_CLOSING) {
					fail();
					report(t, listener, outcomes(t));
					return;
				}
			}
			int data = wire.readReply();
			if (data == START_MAIL_INPUT || data == SERVICE_CLOSING) {
				fail(); // a server that wants a body without a transaction: only hanging up abandons it
			}
			report(t, listener, outcomes(t));
			return;
		}
		for (int r = 0; r < t.recipients.size(); r++) {
			int code = wire.readReply();
			if (code == SERVICE_CLOSING) {
				endTransaction(t, code);
				fail();
				report(t, listener, outcomes(t));
				return;
			}
			recipientReply(t, r, code);
		}
		afterData(transactions, i, wire.readReply(), listener);
	}

	/** Without PIPELINING: each command waits for its reply; DATA only when a recipient was accepted. */
	private void oneByOne(Transaction[] transactions, int i, Listener listener) throws IOException {
		Transaction t = transactions[i];
		if (resetDue) {
			resetDue = false;
			wire.command().append("RSET"); //$NON-NLS-1$
			wire.endCommand();
			wire.flush();
			if (!resetAccepted(t, listener)) {
				return;
			}
		}
		t.stage = Stage.WRITTEN;
		mailFrom(t);
		wire.flush();
		int mail = wire.readReply();
		if (!positive(mail)) {
			refuseAll(t, mail);
			if (mail == SERVICE_CLOSING) {
				fail();
			}
			report(t, listener, outcomes(t));
			return;
		}
		for (int r = 0; r < t.recipients.size(); r++) {
			rcptTo(t, t.recipients.get(r));
			wire.flush();
			int code = wire.readReply();
			if (code == SERVICE_CLOSING) {
				endTransaction(t, code);
				fail();
				report(t, listener, outcomes(t));
				return;
			}
			recipientReply(t, r, code);
		}
		if (t.accepted == 0) {
			resetDue = true;
			report(t, listener, outcomes(t));
			return;
		}
		wire.command().append("DATA"); //$NON-NLS-1$
		wire.endCommand();
		wire.flush();
		afterData(transactions, i, wire.readReply(), listener);
	}

	/** Goes on after DATA's reply: the body when the server waits for it, else the transaction ends here. */
	private void afterData(Transaction[] transactions, int i, int data, Listener listener) throws IOException {
		Transaction t = transactions[i];
		if (data == START_MAIL_INPUT) {
			if (t.accepted == 0) {
				// A body is expected though no recipient was accepted: hanging up abandons it, nothing is delivered.
				fail();
				report(t, listener, outcomes(t));
				return;
			}
			sendBody(transactions, i, listener);
			return;
		}
		if (data == SERVICE_CLOSING || data < 400 || data >= 600) {
			if (data == SERVICE_CLOSING) {
				endTransaction(t, data);
			} else {
				endTransaction(t, Status.DEFERRED, 0, NLS.bind(Messages.Smtp_badReply, wire.replyText()));
			}
			fail();
			report(t, listener, outcomes(t));
			return;
		}
		endTransaction(t, data);
		resetDue = true;
		report(t, listener, outcomes(t));
	}

	/**
	 * The body, then, right after the listener heard of the handover, the final "." in one write with the next
	 * envelope (with PIPELINING), then the reply that says whether the server took the message.
	 */
	private void sendBody(Transaction[] transactions, int i, Listener listener) throws IOException {
		Transaction t = transactions[i];
		wire.body(t.bytes);
		Transaction next = extensions.pipelining() ? nextToWrite(transactions, i + 1, listener) : null;
		listener.handingOver(t.envelope);
		t.stage = Stage.HANDED_OVER;
		wire.endOfData();
		if (next != null) {
			// Written before the reply to "." is known, and a server may keep a transaction whose end it refused
			// (Postfix after its end-of-data restrictions): RSET first, whatever that reply will be.
			resetDue = true;
			writeEnvelope(next);
		}
		wire.flush();
		int code = wire.readReply();
		if (code >= 200 && code < 300 || code >= 400 && code < 600) {
			endTransaction(t, code);
			if (code == SERVICE_CLOSING) {
				fail();
			} else if (code >= 400 && next == null) {
				resetDue = true;
			}
		} else {
			endTransaction(t, Status.UNKNOWN, 0, NLS.bind(Messages.Smtp_badReply, wire.replyText()));
			fail();
		}
		report(t, listener, outcomes(t));
	}

	/** @return the next envelope that can be sent, those before it that cannot having been reported */
	private Transaction nextToWrite(Transaction[] transactions, int from, Listener listener) {
		for (int j = from; j < transactions.length; j++) {
			Transaction t = transactions[j];
			if (t.stage == Stage.NOT_STARTED && prepare(t, listener)) {
				return t;
			}
		}
		return null;
	}

	/**
	 * @return whether RSET was accepted; if not, the dialogue ends (the server's state is unknown) and a 421 (the
	 *         server closing, after so many messages say) is the envelope's reply
	 */
	private boolean resetAccepted(Transaction t, Listener listener) throws IOException {
		int code = wire.readReply();
		if (positive(code)) {
			return true;
		}
		fail();
		if (code == SERVICE_CLOSING) {
			refuseAll(t, code);
			report(t, listener, outcomes(t));
		}
		return false;
	}

	/** Adds an envelope's commands to the output: RSET first when a transaction was left open. */
	private void writeEnvelope(Transaction t) throws IOException {
		if (resetDue) {
			resetDue = false;
			t.resetFirst = true;
			wire.command().append("RSET"); //$NON-NLS-1$
			wire.endCommand();
		}
		t.stage = Stage.WRITTEN;
		mailFrom(t);
		for (String recipient : t.recipients) {
			rcptTo(t, recipient);
		}
		wire.command().append("DATA"); //$NON-NLS-1$
		wire.endCommand();
	}

	private void mailFrom(Transaction t) throws IOException {
		StringBuilder c = wire.command().append("MAIL FROM:<").append(t.envelope.sender()).append('>'); //$NON-NLS-1$
		if (extensions.size()) {
			c.append(" SIZE=").append(t.bytes.length); //$NON-NLS-1$
		}
		if (extensions.eightBitMime() && hasEightBit(t.bytes)) {
			c.append(" BODY=8BITMIME"); //$NON-NLS-1$
		}
		if (t.utf8) {
			c.append(" SMTPUTF8"); //$NON-NLS-1$
		}
		if (t.dsn != null) {
			c.append(t.dsn.fullReturn() ? " RET=FULL" : " RET=HDRS"); //$NON-NLS-1$ //$NON-NLS-2$
			if (!t.dsn.envelopeId().isEmpty()) {
				xtext(c.append(" ENVID="), t.dsn.envelopeId()); //$NON-NLS-1$
			}
		}
		wire.endCommand();
	}

	private void rcptTo(Transaction t, String recipient) throws IOException {
		StringBuilder c = wire.command().append("RCPT TO:<").append(recipient).append('>'); //$NON-NLS-1$
		if (t.dsn != null) {
			c.append(" NOTIFY="); //$NON-NLS-1$
			if (t.dsn.notifyOn().isEmpty()) {
				c.append("NEVER"); //$NON-NLS-1$
			} else {
				String separator = ""; //$NON-NLS-1$
				for (Notify n : Notify.values()) {
					if (t.dsn.notifyOn().contains(n)) {
						c.append(separator).append(n.name());
						separator = ","; //$NON-NLS-1$
					}
				}
			}
			if (isAscii(recipient)) {
				xtext(c.append(" ORCPT=rfc822;"), recipient); //$NON-NLS-1$
			}
		}
		wire.endCommand();
	}

	/** RFC 3461's xtext: printable ASCII but "+" and "=" as is, every other byte (of UTF-8) as "+XX". */
	static StringBuilder xtext(StringBuilder c, String text) {
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			if (b >= 33 && b <= 126 && b != '+' && b != '=') {
				c.append((char) b);
			} else {
				c.append('+').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		return c;
	}

	private void recipientReply(Transaction t, int r, int code) {
		if (positive(code)) {
			t.accepted++;
		} else {
			t.outcomes[r] = new RecipientOutcome(t.recipients.get(r), RecipientOutcome.statusOf(code), code, wire.replyText());
		}
	}

	/** Every recipient gets the reply: MAIL FROM was refused. */
	private void refuseAll(Transaction t, int code) {
		String text = wire.replyText();
		Status status = RecipientOutcome.statusOf(code);
		for (int r = 0; r < t.outcomes.length; r++) {
			t.outcomes[r] = new RecipientOutcome(t.recipients.get(r), status, code, text);
		}
	}

	/** The recipients still open (accepted, or not yet answered) get the reply that ends the transaction. */
	private void endTransaction(Transaction t, int code) {
		endTransaction(t, RecipientOutcome.statusOf(code), code, wire.replyText());
	}

	private static void endTransaction(Transaction t, Status status, int code, String text) {
		for (int r = 0; r < t.outcomes.length; r++) {
			if (t.outcomes[r] == null) {
				t.outcomes[r] = new RecipientOutcome(t.recipients.get(r), status, code, text);
			}
		}
	}

	/** Reports the envelopes not reported yet, by how far each got; rethrows the first listener failure. */
	private void reportTheRest(Transaction[] transactions, Listener listener, String notStarted) {
		RuntimeException failure = null;
		for (Transaction t : transactions) {
			if (t.stage == Stage.REPORTED) {
				continue;
			}
			switch (t.stage) {
			case NOT_STARTED -> endTransaction(t, Status.DEFERRED, 0, notStarted);
			case WRITTEN -> endTransaction(t, Status.DEFERRED, 0, Messages.Smtp_lostBeforeBody);
			default -> endTransaction(t, Status.UNKNOWN, 0, Messages.Smtp_lostAfterBody);
			}
			try {
				report(t, listener, outcomes(t));
			} catch (RuntimeException e) {
				if (failure == null) {
					failure = e;
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static void report(Transaction t, Listener listener, List<RecipientOutcome> outcomes) {
		t.stage = Stage.REPORTED;
		listener.delivered(t.envelope, outcomes);
	}

	private static List<RecipientOutcome> outcomes(Transaction t) {
		return Arrays.asList(t.outcomes.clone());
	}

	private static List<RecipientOutcome> all(Transaction t, Status status, int code, String text) {
		endTransaction(t, status, code, text);
		return outcomes(t);
	}

	private static boolean positive(int code) {
		return code >= 200 && code < 300;
	}

	private static boolean hasEightBit(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean isAscii(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) > 127) {
				return false;
			}
		}
		return true;
	}

	/** @return the envelope's first address (sender or recipient) that is not ASCII, or {@code null} */
	private static String nonAscii(Envelope envelope) {
		if (!isAscii(envelope.sender())) {
			return envelope.sender();
		}
		for (String r : envelope.recipients()) {
			if (!isAscii(r)) {
				return r;
			}
		}
		return null;
	}
}
