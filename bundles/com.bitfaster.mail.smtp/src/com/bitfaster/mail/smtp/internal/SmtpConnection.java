package com.bitfaster.mail.smtp.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/** One open SMTP connection; turns every reply, and every lost connection, into per-recipient outcomes. */
final class SmtpConnection implements TransportConnection {

	private static final int SERVICE_CLOSING = 421;

	private final TrackingSmtpTransport transport;
	private boolean broken;

	SmtpConnection(TrackingSmtpTransport transport) {
		this.transport = transport;
	}

	TrackingSmtpTransport transport() {
		return transport;
	}

	@Override
	public boolean isUsable() {
		return !broken && !transport.wasClosed();
	}

	@Override
	public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
		return send(message, recipients, null, List.of());
	}

	@Override
	public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients, MimeMessage next,
			List<? extends Address> nextRecipients) {
		if (!isUsable()) {
			return all(recipients, Status.DEFERRED, 0, Messages.Smtp_notConnected);
		}
		transport.resetStage();
		try {
			transport.send(message, recipients.toArray(new Address[0]), next, nextRecipients.toArray(new Address[0]));
			return all(recipients, Status.ACCEPTED, transport.getLastReturnCode(), reply(transport.getLastServerResponse()));
		} catch (IllegalStateException e) {
			// Angus: "Not connected" after the server went away between messages; nothing was sent.
			broken = true;
			return all(recipients, Status.DEFERRED, 0, Messages.Smtp_notConnected);
		} catch (SendFailedException e) {
			return outcomes(e, recipients);
		} catch (MessagingException e) {
			// An I/O failure: Angus has dropped the connection.
			broken = true;
			return lost(recipients);
		}
	}

	private List<RecipientOutcome> lost(List<? extends Address> recipients) {
		if (transport.stage() == TrackingSmtpTransport.Stage.BODY) {
			return all(recipients, Status.UNKNOWN, 0, Messages.Smtp_lostAfterBody);
		}
		return all(recipients, Status.DEFERRED, 0, Messages.Smtp_lostBeforeBody);
	}

	private List<RecipientOutcome> outcomes(SendFailedException e, List<? extends Address> recipients) {
		Map<String, RecipientOutcome> refused = new HashMap<>();
		for (Exception n = e; n != null; n = n instanceof MessagingException m ? m.getNextException() : null) {
			if (n instanceof SMTPAddressFailedException af) {
				String addr = af.getAddress().toString();
				refused.put(addr, new RecipientOutcome(addr, RecipientOutcome.statusOf(af.getReturnCode()),
						af.getReturnCode(), reply(af.getMessage())));
				if (af.getReturnCode() == SERVICE_CLOSING) {
					broken = true; // the server is closing this connection, whatever Angus managed to do after
				}
			}
		}
		Set<String> sent = new HashSet<>();
		if (e.getValidSentAddresses() != null) {
			for (Address a : e.getValidSentAddresses()) {
				sent.add(a.toString());
			}
		}
		int code = 0;
		String text = Messages.Smtp_notSent;
		if (e instanceof SMTPSendFailedException sf) {
			code = sf.getReturnCode();
			text = reply(sf.getMessage());
		}
		// A real reply (421 included) says the server did not take the message, even if it then hung up.
		boolean died = code == -1 || (code == 0 && transport.wasClosed());
		if (died || code == SERVICE_CLOSING || transport.wasClosed()) {
			broken = true;
		}
		List<RecipientOutcome> result = new ArrayList<>();
		for (Address a : recipients) {
			String addr = a.toString();
			if (refused.containsKey(addr)) {
				result.add(refused.get(addr));
			} else if (code >= 200 && code < 300) {
				result.add(sent.contains(addr) ? new RecipientOutcome(addr, Status.ACCEPTED, code, text)
						: new RecipientOutcome(addr, Status.DEFERRED, 0, Messages.Smtp_notSent));
			} else if (died) {
				result.addAll(lost(List.of(a)));
			} else if (code > 0) {
				result.add(new RecipientOutcome(addr, RecipientOutcome.statusOf(code), code, text));
			} else {
				result.add(new RecipientOutcome(addr, Status.DEFERRED, 0, text));
			}
		}
		return result;
	}

	private static List<RecipientOutcome> all(List<? extends Address> recipients, Status status, int code, String reply) {
		return recipients.stream().map(a -> new RecipientOutcome(a.toString(), status, code, reply)).toList();
	}

	private static String reply(String serverResponse) {
		return serverResponse == null ? "" : serverResponse.strip(); //$NON-NLS-1$
	}

	@Override
	public void close() {
		try {
			transport.close();
		} catch (MessagingException | RuntimeException e) {
			// Closing a connection that is already gone: nothing left to do.
		}
	}
}
