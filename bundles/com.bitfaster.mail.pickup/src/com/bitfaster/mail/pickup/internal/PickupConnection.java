package com.bitfaster.mail.pickup.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.TransportConnection;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** A "connection" to a pickup directory: each message is written as one .eml file; nothing stays open. */
final class PickupConnection implements TransportConnection {

	private final PickupWriter writer;

	PickupConnection(PickupWriter writer) {
		this.writer = writer;
	}

	@Override
	public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
		RecipientOutcome.Status status;
		String reply;
		try {
			Path file = writer.write(message);
			status = RecipientOutcome.Status.ACCEPTED;
			reply = NLS.bind(Messages.written, file.getFileName());
		} catch (IOException | MessagingException e) {
			// Nothing was left in the directory: the message can be written again later.
			status = RecipientOutcome.Status.DEFERRED;
			reply = NLS.bind(Messages.writeFailed, e.getMessage());
		}
		RecipientOutcome.Status s = status;
		String r = reply;
		return recipients.stream().map(a -> new RecipientOutcome(a.toString(), s, 0, r)).toList();
	}

	@Override
	public boolean isUsable() {
		return true;
	}

	@Override
	public void close() {
		// nothing to close
	}
}
