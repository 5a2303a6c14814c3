package com.bitfaster.mail.core;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;

import jakarta.mail.internet.MimeMessage;

/**
 * Sends messages through configured servers, for every caller (workbench, campaigns, command line). An OSGi service
 * that owns its threads: created when it is activated, stopped when it is deactivated; no thread per call.
 * <p>
 * Connections are opened once and reused, up to each server's {@link ServerLimits#maxConnections()} (shared by
 * concurrent calls), renewed after {@link ServerLimits#messagesPerConnection()} and reopened after a disconnect; they
 * stay open between calls until unused for 30 s or until the server's settings change.
 * The rate limits ({@link ServerLimits#messagesPerHour()}, {@link ServerLimits#messagesPerDay()},
 * {@link ServerLimits#warmUp()}) are shared by every program on the machine and kept across restarts: messages a limit
 * holds back wait in the queue until there is room. A 4xx reply is retried with backoff (the message waits for its
 * retry without holding the others), a 5xx reply is final. With several servers, a message moves on to the next
 * active server only when the failure happened before a server took it, so nothing is sent twice.
 * <p>
 * <b>Exactly one result per message.</b> Every message ends with one {@link SendResult}, whatever fails (a transport
 * throwing included): DEFERRED when it failed before it was handed over (the final "."), UNKNOWN when after it
 * without a reply; never DEFERRED after a handover, so a retry never sends twice.
 * <p>
 * <b>Live server changes.</b> Servers are used as the {@link ServerRegistry} has them now: a server deactivated,
 * edited or deleted while messages are being sent takes no new message (an edited one is reconnected with its new
 * settings); its connections close after the message in flight. Credentials are asked for each time a connection is
 * opened.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface SenderService {

	/** Sends one message to its recipients (To, Cc, Bcc) through one server. */
	SendResult send(MimeMessage message, MailServer server, IProgressMonitor monitor);

	/**
	 * Sends many messages through a pool of servers, each message to its To, Cc and Bcc with its first From address
	 * as the return path, and waits for every result.
	 *
	 * @param onResult called on the calling thread with each result as soon as it is final; may be {@code null}
	 * @return one result per message, in the order given; messages not sent because of cancellation are deferred
	 */
	List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers, Consumer<SendResult> onResult,
			IProgressMonitor monitor);

	/**
	 * Starts sending envelopes through a pool of servers and returns at once.
	 *
	 * @param servers  the servers that may be used, by id (their current settings are read from the registry)
	 * @param onResult called with each result as soon as it is final, on one of the service's threads (possibly
	 *                 several at once, never twice for the same message); it must not block for long
	 * @return the job, to wait for or cancel
	 */
	SendJob submit(List<Envelope> envelopes, List<MailServer> servers, Consumer<SendResult> onResult);

	/** Envelopes being sent by {@link SenderService#submit}. */
	interface SendJob {

		/**
		 * Waits until no message of the job is queued or being sent: each has its result or waits for a retry after
		 * its backoff. A caller sending batch after batch waits for this, not for the retries.
		 */
		void awaitAttempted() throws InterruptedException;

		/**
		 * {@link #awaitAttempted()} for at most a while, so a caller can look at its own cancel in between (a job whose
		 * messages wait for a server's hourly or daily quota may take hours).
		 *
		 * @return whether every message was attempted
		 */
		default boolean awaitAttempted(java.time.Duration timeout) throws InterruptedException {
			awaitAttempted();
			return true;
		}

		/** Waits for every result; returns them in the order the envelopes were given. */
		List<SendResult> await() throws InterruptedException;

		/**
		 * {@link #await()} for at most a while.
		 *
		 * @return whether every message has its result
		 */
		default boolean await(java.time.Duration timeout) throws InterruptedException {
			await();
			return true;
		}

		/**
		 * Stops the job: messages not yet handed to a server end DEFERRED with no attempt, messages waiting for a
		 * retry end with their last outcome; those being sent finish. Returns at once.
		 */
		void cancel();

		/** @return whether every message has its result */
		boolean isDone();
	}

	/**
	 * Where a server stands against its rate limits now (shared by every program on this machine). A server without a
	 * rate limit gives {@link ServerUsage#UNLIMITED} at once.
	 *
	 * @throws java.io.IOException when the shared record cannot be read
	 * @since 1.3
	 */
	default ServerUsage usage(MailServer server) throws java.io.IOException {
		return ServerUsage.UNLIMITED;
	}

	/**
	 * The shared, durable quota of keys other than servers (a campaign's recipient domains), kept in the same data
	 * folder as the servers' quota.
	 *
	 * @throws UnsupportedOperationException when this service keeps no shared quota
	 * @since 1.4
	 */
	default SharedQuota sharedQuota() {
		throw new UnsupportedOperationException("no shared quota"); //$NON-NLS-1$
	}
}
