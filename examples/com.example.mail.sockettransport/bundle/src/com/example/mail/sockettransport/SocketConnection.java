package com.example.mail.sockettransport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.TransportConnection;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** One open handover connection, reused for many messages. */
final class SocketConnection implements TransportConnection {

	private final SmtpHandover handover;
	private boolean usable = true;

	SocketConnection(SmtpHandover handover) {
		this.handover = handover;
	}

	@Override
	public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
		List<RecipientOutcome> outcomes = new ArrayList<>();
		boolean handedOver = false;
		try {
			Address[] from = message.getFrom();
			String sender = from == null || from.length == 0 ? "" : ((InternetAddress) from[0]).getAddress();
			SmtpHandover.Reply mail = handover.command("MAIL FROM:<" + sender + ">");
			if (!mail.positive()) {
				handover.command("RSET");
				return all(recipients, RecipientOutcome.statusOf(mail.code()), mail.code(), mail.text());
			}
			List<Address> accepted = new ArrayList<>();
			List<RecipientOutcome> refused = new ArrayList<>();
			for (Address a : recipients) {
				SmtpHandover.Reply rcpt = handover.command("RCPT TO:<" + ((InternetAddress) a).getAddress() + ">");
				if (rcpt.positive()) {
					accepted.add(a);
				} else {
					refused.add(new RecipientOutcome(a.toString(), RecipientOutcome.statusOf(rcpt.code()), rcpt.code(),
							rcpt.text()));
				}
			}
			if (accepted.isEmpty()) {
				handover.command("RSET");
				return refused;
			}
			SmtpHandover.Reply data = handover.command("DATA");
			if (data.code() != 354) {
				handover.command("RSET");
				return all(recipients, RecipientOutcome.statusOf(data.code()), data.code(), data.text());
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			message.writeTo(bytes);
			handedOver = true;
			SmtpHandover.Reply end = handover.data(bytes.toByteArray());
			for (Address a : recipients) {
				RecipientOutcome no = refused.stream().filter(r -> r.address().equals(a.toString())).findFirst()
						.orElse(null);
				outcomes.add(no != null ? no
						: new RecipientOutcome(a.toString(), RecipientOutcome.statusOf(end.code()), end.code(),
								end.text()));
			}
			return outcomes;
		} catch (IOException | MessagingException | ClassCastException e) {
			usable = false;
			// After the message's bytes went out, the relay may have it: say so rather than send it twice.
			return all(recipients, handedOver ? RecipientOutcome.Status.UNKNOWN : RecipientOutcome.Status.DEFERRED, 0,
					e.getMessage());
		}
	}

	private static List<RecipientOutcome> all(List<? extends Address> recipients, RecipientOutcome.Status status,
			int code, String reply) {
		return recipients.stream().map(a -> new RecipientOutcome(a.toString(), status, code, reply)).toList();
	}

	@Override
	public boolean isUsable() {
		return usable && handover.isOpen();
	}

	@Override
	public void close() {
		try {
			handover.close();
		} catch (IOException e) {
			// closing a handover that failed: nothing left to report
		}
	}
}
