package com.bitfaster.mail.smtp.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.Envelope.Dsn;
import com.bitfaster.mail.core.Envelope.Notify;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection.Listener;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends through Angus's public API, one command at a time, when the socket Angus talks through could not be taken
 * over (see {@link SmtpTransportType}): each envelope becomes an {@link SMTPMessage} with its return path and DSN
 * options. Angus does not tell how far a message got when the connection is lost, so such a message is UNKNOWN
 * unless Angus's own exception says the final "." was not reached.
 */
final class AngusSender {

	private static final int SERVICE_CLOSING = 421;

	private final SMTPTransport transport;
	private final Session session;
	private boolean broken;
	/** The envelope last handed to Angus. */
	private Envelope handedOver;

	AngusSender(SMTPTransport transport, Session session) {
		this.transport = transport;
		this.session = session;
	}

	boolean isBroken() {
		return broken;
	}

	void send(List<Envelope> envelopes, Listener listener) {
		int next = 0;
		try {
			while (next < envelopes.size()) {
				Envelope envelope = envelopes.get(next);
				List<RecipientOutcome> outcomes = broken ? all(envelope, Status.DEFERRED, 0, Messages.Smtp_notConnected)
						: send(envelope, listener);
				next++;
				listener.delivered(envelope, outcomes);
			}
		} finally {
			// Only when something threw: a listener, or Angus unexpectedly.
			for (int i = next; i < envelopes.size(); i++) {
				Envelope envelope = envelopes.get(i);
				listener.delivered(envelope, i == next && handedOver == envelope
						? all(envelope, Status.UNKNOWN, 0, Messages.Smtp_lostAfterBody)
						: all(envelope, Status.DEFERRED, 0, Messages.Smtp_notReached));
			}
		}
	}

	private List<RecipientOutcome> send(Envelope envelope, Listener listener) {
		List<String> recipients = envelope.recipients();
		SMTPMessage message;
		Address[] addresses = new Address[recipients.size()];
		try {
			checkAscii(envelope.sender());
			for (int i = 0; i < addresses.length; i++) {
				checkAscii(recipients.get(i));
				addresses[i] = new InternetAddress(recipients.get(i), false);
			}
		} catch (MessagingException e) {
			return all(envelope, Status.REJECTED, 0, e.getMessage());
		}
		try {
			message = new SMTPMessage(session, new ByteArrayInputStream(envelope.bytes()));
			message.setEnvelopeFrom(envelope.sender().isEmpty() ? "<>" : envelope.sender()); //$NON-NLS-1$
			Dsn dsn = envelope.dsn().orElse(null);
			if (dsn != null) {
				int notify = 0;
				for (Notify n : dsn.notifyOn()) {
					notify |= switch (n) {
					case SUCCESS -> SMTPMessage.NOTIFY_SUCCESS;
					case FAILURE -> SMTPMessage.NOTIFY_FAILURE;
					case DELAY -> SMTPMessage.NOTIFY_DELAY;
					};
				}
				message.setNotifyOptions(notify == 0 ? SMTPMessage.NOTIFY_NEVER : notify);
				message.setReturnOption(dsn.fullReturn() ? SMTPMessage.RETURN_FULL : SMTPMessage.RETURN_HDRS);
				if (!dsn.envelopeId().isEmpty() && transport.supportsExtension("DSN")) { //$NON-NLS-1$
					message.setMailExtension(SmtpPipeline.xtext(new StringBuilder("ENVID="), dsn.envelopeId()).toString()); //$NON-NLS-1$
				}
			}
		} catch (MessagingException e) {
			return all(envelope, Status.DEFERRED, 0, String.valueOf(e.getMessage()));
		}
		listener.handingOver(envelope);
		handedOver = envelope;
		try {
			transport.sendMessage(message, addresses);
			return all(envelope, Status.ACCEPTED, transport.getLastReturnCode(), reply(transport.getLastServerResponse()));
		} catch (IllegalStateException e) {
			// Angus: "Not connected" after the server went away between messages; nothing was sent.
			broken = true;
			return all(envelope, Status.DEFERRED, 0, Messages.Smtp_notConnected);
		} catch (SendFailedException e) {
			return outcomes(e, envelope);
		} catch (MessagingException e) {
			// An I/O failure somewhere in the message: Angus does not say whether the final "." left.
			broken = true;
			return all(envelope, Status.UNKNOWN, 0, Messages.Smtp_lostAfterBody);
		}
	}

	private static void checkAscii(String address) throws MessagingException {
		for (int i = 0; i < address.length(); i++) {
			if (address.charAt(i) > 127) {
				throw new MessagingException(NLS.bind(Messages.Smtp_needsSmtpUtf8, address));
			}
		}
	}

	private List<RecipientOutcome> outcomes(SendFailedException e, Envelope envelope) {
		Map<String, RecipientOutcome> refused = new HashMap<>();
		for (Exception n = e; n != null; n = n instanceof MessagingException m ? m.getNextException() : null) {
			if (n instanceof SMTPAddressFailedException af) {
				String addr = af.getAddress().getAddress();
				refused.put(addr, new RecipientOutcome(addr, RecipientOutcome.statusOf(af.getReturnCode()),
						af.getReturnCode(), reply(af.getMessage())));
				if (af.getReturnCode() == SERVICE_CLOSING) {
					broken = true;
				}
			}
		}
		Set<String> sent = new HashSet<>();
		if (e.getValidSentAddresses() != null) {
			for (Address a : e.getValidSentAddresses()) {
				sent.add(((InternetAddress) a).getAddress());
			}
		}
		int code = 0;
		String text = Messages.Smtp_notSent;
		String command = ""; //$NON-NLS-1$
		if (e instanceof SMTPSendFailedException sf) {
			code = sf.getReturnCode();
			text = reply(sf.getMessage());
			command = String.valueOf(sf.getCommand());
		}
		boolean died = code == -1;
		if (died || code == SERVICE_CLOSING) {
			broken = true;
		}
		List<RecipientOutcome> result = new ArrayList<>();
		for (String addr : envelope.recipients()) {
			if (refused.containsKey(addr)) {
				result.add(refused.get(addr));
			} else if (code >= 200 && code < 300) {
				result.add(sent.contains(addr) ? new RecipientOutcome(addr, Status.ACCEPTED, code, text)
						: new RecipientOutcome(addr, Status.DEFERRED, 0, Messages.Smtp_notSent));
			} else if (died) {
				// Angus names the command whose reply did not come: only after "." may the server have the message.
				result.add(command.equals(".") ? new RecipientOutcome(addr, Status.UNKNOWN, 0, Messages.Smtp_lostAfterBody) //$NON-NLS-1$
						: new RecipientOutcome(addr, Status.DEFERRED, 0, Messages.Smtp_lostBeforeBody));
			} else if (code > 0) {
				result.add(new RecipientOutcome(addr, RecipientOutcome.statusOf(code), code, text));
			} else {
				result.add(new RecipientOutcome(addr, Status.DEFERRED, 0, text));
			}
		}
		return result;
	}

	private static List<RecipientOutcome> all(Envelope envelope, Status status, int code, String reply) {
		return envelope.recipients().stream().map(a -> new RecipientOutcome(a, status, code, reply)).toList();
	}

	private static String reply(String serverResponse) {
		return serverResponse == null ? "" : serverResponse.strip(); //$NON-NLS-1$
	}
}
