package com.bitfaster.mail.core;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;

import jakarta.mail.internet.MimeMessage;

/**
 * Sends messages through configured servers, for every caller (workbench, campaigns, command line). An OSGi service.
 * <p>
 * Connections are opened once and reused, up to each server's {@link ServerLimits#maxConnections()} (shared by
 * concurrent calls), renewed after {@link ServerLimits#messagesPerConnection()} and reopened after a disconnect; they
 * stay open between calls until unused for 30 s or until the server's settings change.
 * {@link ServerLimits#messagesPerHour()} is honoured. A 4xx reply is retried with backoff, a 5xx reply is final. With several servers, a message moves on to
 * the next active server only when the failure happened before a server accepted it, so nothing is sent twice.
 * Inactive servers are never used. Passwords are read from the {@link ServerRegistry}.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface SenderService {

	/** Sends one message to its recipients (To, Cc, Bcc) through one server. */
	SendResult send(MimeMessage message, MailServer server, IProgressMonitor monitor);

	/**
	 * Sends many messages through a pool of servers.
	 *
	 * @param onResult called on the calling thread with each result as soon as it is final; may be {@code null}
	 * @return one result per message, in the order given; messages not sent because of cancellation are deferred
	 */
	List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers, Consumer<SendResult> onResult,
			IProgressMonitor monitor);
}
