package com.bitfaster.mail.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.LineOutputStream;

/**
 * One message on its way to a server: what SMTP calls the envelope (return path, recipients, DSN parameters), the
 * message, and the hooks the send path calls. Made once per message by a caller of the {@link SenderService}; every
 * attempt (retries, another server) sends the same bytes.
 * <p>
 * The bytes are the message written with CRLF line ends and without its Bcc header, then passed once through the
 * {@link Transform} when there is one (a DKIM signature, for example), on the first attempt, on a sender thread.
 */
public final class Envelope {

	/** Changes a message's bytes once before it is first sent, for example to add a signature header. */
	@FunctionalInterface
	public interface Transform {
		/**
		 * @param message the message as it would be sent (CRLF line ends, not dot-stuffed)
		 * @return the bytes to send instead; {@code message} itself when nothing changes
		 * @throws MessagingException when the message cannot be sent (it is then DEFERRED with this reason, nothing sent)
		 */
		byte[] apply(byte[] message) throws MessagingException;
	}

	/** When the server should send a delivery status notification (RFC 3461). */
	public enum Notify {
		SUCCESS, FAILURE, DELAY
	}

	/**
	 * Delivery status notification parameters (RFC 3461), used when the server offers DSN and ignored otherwise.
	 *
	 * @param notifyOn   when to notify; empty for NEVER
	 * @param fullReturn whether a bounce carries the whole message ({@code RET=FULL}) rather than its headers
	 * @param envelopeId the {@code ENVID}: an identifier returned in the notification (xtext is applied on writing);
	 *                   empty for none
	 */
	public record Dsn(java.util.Set<Notify> notifyOn, boolean fullReturn, String envelopeId) {
		public Dsn {
			notifyOn = java.util.Set.copyOf(notifyOn);
			envelopeId = Objects.requireNonNullElse(envelopeId, ""); //$NON-NLS-1$
		}
	}

	/** Headers left out of the bytes sent: Bcc would show every blind copy's address to every recipient. */
	private static final String[] NOT_SENT_HEADERS = { "Bcc", "Content-Length" }; //$NON-NLS-1$ //$NON-NLS-2$

	private final String sender;
	private final List<String> recipients;
	private final Dsn dsn;
	private final MimeMessage message;
	private final Transform transform;
	private final Runnable onHandover;
	/** The bytes as sent, shared with the envelopes made by {@link #withRecipients}: written and transformed once. */
	private final Bytes bytes;

	private static final class Bytes {
		volatile byte[] value;
	}

	private Envelope(Builder b) {
		this.sender = b.sender;
		this.recipients = List.copyOf(b.recipients);
		this.dsn = b.dsn;
		this.message = b.message;
		this.transform = b.transform;
		this.onHandover = b.onHandover;
		this.bytes = new Bytes();
	}

	private Envelope(Envelope of, List<String> recipients) {
		this.sender = of.sender;
		this.recipients = List.copyOf(recipients);
		this.dsn = of.dsn;
		this.message = of.message;
		this.transform = of.transform;
		this.onHandover = of.onHandover;
		this.bytes = of.bytes;
	}

	private Envelope(Envelope of, Transform then) {
		this.sender = of.sender;
		this.recipients = of.recipients;
		this.dsn = of.dsn;
		this.message = of.message;
		Transform first = of.transform;
		this.transform = first == null ? then : b -> then.apply(Objects.requireNonNull(first.apply(b), "transform")); //$NON-NLS-1$
		this.onHandover = of.onHandover;
		this.bytes = new Bytes();
	}

	/**
	 * @return this envelope with {@code then} applied to its bytes after its own transform (a signature added by the
	 *         sender service, say); its bytes are written and transformed anew, once
	 * @since 1.4
	 */
	public Envelope thenTransform(Transform then) {
		return new Envelope(this, Objects.requireNonNull(then, "then")); //$NON-NLS-1$
	}

	/**
	 * @return whether {@link #bytes()} has been computed already (by a thread preparing it ahead, say)
	 * @since 1.4
	 */
	public boolean bytesReady() {
		return bytes.value != null;
	}

	/**
	 * @return this envelope for some of its recipients only (those left for a retry), with the same bytes and hooks
	 */
	public Envelope withRecipients(List<String> some) {
		if (some.isEmpty() || !recipients.containsAll(some)) {
			throw new IllegalArgumentException("Not recipients of this envelope: " + some); //$NON-NLS-1$
		}
		return some.equals(recipients) ? this : new Envelope(this, some);
	}

	/**
	 * @return a builder for an envelope of {@code message}: its sender is the message's first From address and its
	 *         recipients its To, Cc and Bcc, until set otherwise
	 * @throws MessagingException when the message's addresses cannot be read
	 */
	public static Builder of(MimeMessage message) throws MessagingException {
		Builder b = new Builder(message);
		Address[] from = message.getFrom();
		if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia && ia.getAddress() != null) {
			b.sender = ia.getAddress();
		}
		Address[] all = message.getAllRecipients();
		if (all != null) {
			for (Address a : all) {
				b.recipients.add(a instanceof InternetAddress ia && ia.getAddress() != null ? ia.getAddress() : a.toString());
			}
		}
		return b;
	}

	/** @return the return path (SMTP {@code MAIL FROM}); empty for the null sender {@code <>} */
	public String sender() {
		return sender;
	}

	/** @return the addresses the message goes to (SMTP {@code RCPT TO}), in order */
	public List<String> recipients() {
		return recipients;
	}

	/** @return the DSN parameters, when the caller asked for notifications */
	public Optional<Dsn> dsn() {
		return Optional.ofNullable(dsn);
	}

	/** @return the message (for transports that hand a message on rather than bytes) */
	public MimeMessage message() {
		return message;
	}

	/**
	 * @return the bytes to send: the message with CRLF line ends, transformed once; the same array on every call
	 *         (do not change it)
	 * @throws MessagingException when the message cannot be written or the transform refuses it
	 */
	public byte[] bytes() throws MessagingException {
		byte[] b = bytes.value;
		if (b == null) {
			synchronized (bytes) {
				b = bytes.value;
				if (b == null) {
					Lines out = new Lines();
					try {
						// Encoded once here if the caller did not (EncodedMessage), and written to a LineOutputStream:
						// otherwise Jakarta Mail looks its stream provider up (ServiceLoader, SPI Fly in OSGi) per write.
						// Bcc is never written (its recipients are in the envelope only), as Angus's SMTP transport does.
						EncodedMessage.of(message).writeTo(out, NOT_SENT_HEADERS);
					} catch (IOException e) {
						throw new MessagingException(e.getMessage(), e);
					}
					b = out.toByteArray();
					if (transform != null) {
						b = Objects.requireNonNull(transform.apply(b), "transform"); //$NON-NLS-1$
					}
					bytes.value = b;
				}
			}
		}
		return b;
	}

	/**
	 * @return the message to hand to a transport that takes a {@link MimeMessage}: {@link #message()} itself when
	 *         there is no transform, otherwise one read from {@link #bytes()}
	 */
	public MimeMessage messageAsSent() throws MessagingException {
		if (transform == null) {
			return message;
		}
		Session session = message.getSession();
		return new MimeMessage(session, new ByteArrayInputStream(bytes()));
	}

	/** @return the recipients as addresses, for transports that take them so */
	public List<InternetAddress> recipientAddresses() {
		List<InternetAddress> list = new ArrayList<>(recipients.size());
		for (String r : recipients) {
			try {
				list.add(new InternetAddress(r, false));
			} catch (AddressException e) {
				throw new IllegalStateException(e); // checked when the envelope was built
			}
		}
		return list;
	}

	/**
	 * Runs the caller's handover callback. Called by the sender service when a transport tells its
	 * {@link TransportConnection.Listener} that the message is about to be handed over; transports call the listener,
	 * not this.
	 *
	 * @noreference This method is not intended to be referenced by transports.
	 */
	public void handingOver() {
		if (onHandover != null) {
			onHandover.run();
		}
	}

	/** The bytes of a message being written; header lines as Jakarta Mail writes them. */
	private static final class Lines extends ByteArrayOutputStream implements LineOutputStream {
		private static final boolean ALLOW_UTF8 = Boolean.getBoolean("mail.mime.allowutf8"); //$NON-NLS-1$

		Lines() {
			super(8192);
		}

		@Override
		public void writeln(String line) {
			writeBytes(line.getBytes(ALLOW_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
			writeln();
		}

		@Override
		public void writeln() {
			write('\r');
			write('\n');
		}
	}

	/** Makes an {@link Envelope}. */
	public static final class Builder {
		private final MimeMessage message;
		private String sender = ""; //$NON-NLS-1$
		private final List<String> recipients = new ArrayList<>();
		private Dsn dsn;
		private Transform transform;
		private Runnable onHandover;

		private Builder(MimeMessage message) {
			this.message = Objects.requireNonNull(message, "message"); //$NON-NLS-1$
		}

		/** @param address the return path; empty for the null sender */
		public Builder sender(String address) {
			this.sender = Objects.requireNonNull(address, "address"); //$NON-NLS-1$
			return this;
		}

		/** Replaces the recipients. */
		public Builder recipients(List<String> addresses) {
			recipients.clear();
			recipients.addAll(addresses);
			return this;
		}

		public Builder dsn(Dsn parameters) {
			this.dsn = parameters;
			return this;
		}

		public Builder transform(Transform bytesTransform) {
			this.transform = bytesTransform;
			return this;
		}

		/**
		 * @param callback called on a sender thread the moment before the message's final "." is written, once per
		 *                 attempt that gets that far; it must be quick (a campaign writes one unsynced record)
		 */
		public Builder onHandover(Runnable callback) {
			this.onHandover = callback;
			return this;
		}

		/**
		 * @throws MessagingException when there is no recipient, or an address (sender included) is not a plain
		 *                            address: no line breaks, no angle brackets, one {@code @} for recipients
		 */
		public Envelope build() throws MessagingException {
			if (recipients.isEmpty()) {
				throw new MessagingException(com.bitfaster.mail.core.internal.Messages.Sender_noRecipients);
			}
			check(sender, true);
			for (String r : recipients) {
				check(r, false);
			}
			return new Envelope(this);
		}

		private static void check(String address, boolean mayBeEmpty) throws MessagingException {
			if (address.isEmpty() && mayBeEmpty) {
				return;
			}
			for (int i = 0; i < address.length(); i++) {
				char c = address.charAt(i);
				if (c == '\r' || c == '\n' || c == '<' || c == '>' || c == ' ' || c == '\t' || c < 32) {
					throw new AddressException("Not a plain address", address); //$NON-NLS-1$
				}
			}
			int at = address.lastIndexOf('@');
			if (at <= 0 || at == address.length() - 1) {
				throw new AddressException("Not a plain address", address); //$NON-NLS-1$
			}
		}
	}
}
