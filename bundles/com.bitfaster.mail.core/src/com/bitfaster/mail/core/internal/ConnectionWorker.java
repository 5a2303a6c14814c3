package com.bitfaster.mail.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportTypeDescriptor;

/**
 * One connection to one server, and the thread (from the service's executor) that sends through it: takes a chunk of
 * messages from the {@link SendQueue}, sends it, decides each message's fate (result, retry later, back to the queue
 * unsent), and again, until there is no work for the idle time. Reconnects when the server's settings change; ends
 * when the server is switched off or deleted.
 */
final class ConnectionWorker implements Runnable {

	private final Lane lane;
	private final SendQueue queue;
	private final ServerRegistry registry;
	private final MailExtensions extensions;
	private TransportConnection connection;
	private int generation;
	private int sent;
	private MailServer connectedTo;

	ConnectionWorker(Lane lane, SendQueue queue, ServerRegistry registry, MailExtensions extensions) {
		this.lane = lane;
		this.queue = queue;
		this.registry = registry;
		this.extensions = extensions;
	}

	@Override
	public void run() {
		String name = Thread.currentThread().getName();
		Thread.currentThread().setName("BitFaster sender: " + lane.id); //$NON-NLS-1$
		boolean counted = true;
		try {
			List<Delivery> chunk;
			while ((chunk = queue.take(lane, room())) != null) {
				SendQueue.Settings settings = queue.current(lane);
				String problem = connect(settings);
				if (problem != null) {
					queue.connectFailed(lane, chunk, problem);
					return;
				}
				send(chunk);
			}
			counted = false; // take said to end, and no longer counts this worker
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (RuntimeException | Error e) {
			ILog.of(ConnectionWorker.class).error("A sender worker failed", e); //$NON-NLS-1$
			throw e;
		} finally {
			disconnect();
			if (counted) {
				queue.workerEnded(lane);
			}
			Thread.currentThread().setName(name);
		}
	}

	/** @return how many messages the connection may still carry (a fresh one's worth when it must be renewed) */
	private int room() {
		MailServer server = connectedTo;
		int limit = server == null ? 0 : server.limits().messagesPerConnection();
		if (limit <= 0) {
			return Integer.MAX_VALUE;
		}
		return connection != null && connection.isUsable() && sent < limit ? limit - sent : limit;
	}

	/** @return {@code null} when connected; otherwise why not */
	private String connect(SendQueue.Settings settings) {
		MailServer server = settings.server();
		if (server == null) {
			disconnect();
			return Messages.Sender_serverGone;
		}
		int limit = server.limits().messagesPerConnection();
		if (connection != null && generation == settings.generation() && connection.isUsable()
				&& (limit <= 0 || sent < limit)) {
			return null;
		}
		disconnect();
		try {
			TransportTypeDescriptor descriptor = extensions.transportType(server.transportType())
					.orElseThrow(() -> new CoreException(org.eclipse.core.runtime.Status
							.error(NLS.bind(Messages.Sender_unknownTransport, server.transportType()))));
			connection = descriptor.transportType().connect(server, credentials(server));
			if (connection == null) {
				throw new IllegalStateException("connect returned null"); //$NON-NLS-1$
			}
			generation = settings.generation();
			connectedTo = server;
			sent = 0;
			return null;
		} catch (CoreException e) {
			return NLS.bind(Messages.Sender_serverFailed, server.name(), e.getStatus().getMessage());
		} catch (RuntimeException | LinkageError e) {
			// A transport type's (or secure storage's) own failure: nothing was sent.
			ILog.of(ConnectionWorker.class).error("Connecting to " + server.name() + " failed", e); //$NON-NLS-1$ //$NON-NLS-2$
			return NLS.bind(Messages.Sender_serverFailed, server.name(), NLS.bind(Messages.Sender_transportFailed, e));
		}
	}

	/** The server's credentials, read from the registry when a connection is opened. */
	private Credentials credentials(MailServer server) {
		if (server.username().isEmpty()) {
			return Credentials.NONE;
		}
		return new Credentials() {
			@Override
			public Kind kind() {
				return Kind.PASSWORD;
			}

			@Override
			public String username() {
				return server.username();
			}

			@Override
			public Optional<char[]> secret() {
				return registry.password(server.id());
			}
		};
	}

	private void disconnect() {
		if (connection != null) {
			try {
				connection.close();
			} catch (RuntimeException e) {
				ILog.of(ConnectionWorker.class).warn("Closing a connection failed", e); //$NON-NLS-1$
			}
			connection = null;
		}
	}

	private void send(List<Delivery> chunk) {
		List<Envelope> envelopes = new ArrayList<>(chunk.size());
		java.util.IdentityHashMap<Envelope, Delivery> byEnvelope = new java.util.IdentityHashMap<>();
		for (Delivery d : chunk) {
			d.beginAttempt(lane.id);
			envelopes.add(d.pending);
			byEnvelope.put(d.pending, d);
		}
		sent += chunk.size();
		String failure = null;
		try {
			connection.send(envelopes, new TransportConnection.Listener() {
				@Override
				public void handingOver(Envelope envelope) {
					Delivery d = byEnvelope.get(envelope);
					// The caller's record comes first: if it fails, the exception stops the transport before the ".".
					envelope.handingOver();
					if (d != null) {
						d.handedOver = true;
					}
				}

				@Override
				public void delivered(Envelope envelope, List<RecipientOutcome> outcomes) {
					Delivery d = byEnvelope.get(envelope);
					if (d != null && d.reported == null) {
						d.reported = List.copyOf(outcomes);
						settle(d);
					}
				}
			});
		} catch (RuntimeException | LinkageError e) {
			ILog.of(ConnectionWorker.class).error("The transport of " + lane.id + " failed while sending", e); //$NON-NLS-1$ //$NON-NLS-2$
			failure = e.toString();
			disconnect(); // in an unknown state
		}
		for (Delivery d : chunk) {
			if (d.reported == null) {
				// No outcome from the transport: after the handover the server may have it, before it it has nothing.
				String why = failure == null ? Messages.Sender_noReport : failure;
				Status status = d.handedOver ? Status.UNKNOWN : Status.DEFERRED;
				String reply = d.handedOver ? NLS.bind(Messages.Sender_transportFailedAfterHandover, why)
						: NLS.bind(Messages.Sender_transportFailed, why);
				d.reported = d.pending.recipients().stream().map(a -> new RecipientOutcome(a, status, 0, reply)).toList();
				if (connection != null && failure == null) {
					disconnect();
				}
				settle(d);
			}
		}
	}

	/** Decides what becomes of a delivery after an attempt: a result, a retry later, or back to the queue at once. */
	private void settle(Delivery d) {
		List<RecipientOutcome> outcomes = d.reported;
		List<String> recipients = d.pending.recipients();
		List<String> deferred = new ArrayList<>();
		boolean serverSpoke = d.handedOver;
		for (int i = 0; i < recipients.size(); i++) {
			String address = recipients.get(i);
			RecipientOutcome o = i < outcomes.size() ? outcomes.get(i)
					: new RecipientOutcome(address, d.handedOver ? Status.UNKNOWN : Status.DEFERRED, 0, Messages.Sender_noReport);
			if (!o.address().equals(address)) {
				o = new RecipientOutcome(address, o.status(), o.code(), o.reply());
			}
			// Never DEFERRED after the handover without a reply from the server: a retry could send twice.
			if (o.status() == Status.DEFERRED && o.code() == 0 && d.handedOver) {
				o = new RecipientOutcome(address, Status.UNKNOWN, 0, o.reply());
			}
			serverSpoke |= o.code() > 0;
			d.outcomes.put(address, o);
			if (o.status() == Status.DEFERRED) {
				deferred.add(address);
			}
		}
		if (deferred.isEmpty()) {
			d.attempts++;
			d.job.finish(d, null, true);
			return;
		}
		d.pending = d.pending.withRecipients(deferred);
		boolean lost = connection == null || !connection.isUsable();
		if (!serverSpoke && lost && queue.requeueUnsent(d)) {
			return; // the connection went before the message did: at once on another one, not an attempt
		}
		d.attempts++;
		RetryPolicy retry = queue.retry();
		if (d.attempts < retry.maxAttempts()
				&& queue.retryLater(d, TimeUnit.MILLISECONDS.toMillis(retry.backoffMillis().applyAsLong(d.attempts)))) {
			return;
		}
		d.job.finish(d, null, true);
	}
}
