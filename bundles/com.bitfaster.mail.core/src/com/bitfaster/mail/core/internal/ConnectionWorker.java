package com.bitfaster.mail.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AuthenticationMethodDescriptor;
import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerStatistics;
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
	private final java.util.function.Supplier<ServerStatistics> statistics;

	ConnectionWorker(Lane lane, SendQueue queue, ServerRegistry registry, MailExtensions extensions,
			java.util.function.Supplier<ServerStatistics> statistics) {
		this.statistics = statistics;
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
			SendQuota.Block[] block = new SendQuota.Block[1];
			while ((chunk = queue.take(lane, room(), block)) != null) {
				SendQueue.Settings settings = queue.current(lane);
				long connecting = System.nanoTime();
				String problem = connect(settings);
				if (problem != null) {
					for (Delivery d : chunk) {
						record(d.pending.recipients().stream()
								.map(a -> new RecipientOutcome(a, Status.DEFERRED, 0, problem)).toList(), connecting);
					}
					queue.closeBlock(lane, block[0], 0);
					queue.connectFailed(lane, chunk, problem);
					return;
				}
				int handed = -1;
				try {
					handed = send(chunk, block[0]);
				} finally {
					// Even when the transport threw: the block counts what was handed over (all of it if unknown).
					queue.closeBlock(lane, block[0], handed < 0 ? block[0] == null ? 0 : block[0].count : handed);
				}
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
		MailServer server = connection == null ? queue.current(lane).server() : connectedTo;
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

	/** The server's credentials, from its authentication method, asked for when a connection is opened. */
	private Credentials credentials(MailServer server) throws CoreException {
		AuthenticationMethodDescriptor method = extensions.authenticationMethod(server.authMethod())
				.orElseThrow(() -> new CoreException(org.eclipse.core.runtime.Status
						.error(NLS.bind(Messages.Sender_unknownAuthMethod, server.authMethod()))));
		return method.authenticationMethod().credentials(server, registry);
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

	/** @return how many of the chunk's messages were handed over */
	private int send(List<Delivery> chunk, SendQuota.Block block) {
		List<Envelope> envelopes = new ArrayList<>(chunk.size());
		IdentityHashMap<Envelope, Delivery> byEnvelope = new IdentityHashMap<>();
		for (Delivery d : chunk) {
			d.beginAttempt(lane.id);
			envelopes.add(d.pending);
			byEnvelope.put(d.pending, d);
		}
		boolean reused = sent > 0;
		sent += chunk.size();
		// Once settled, a delivery may already be another worker's (back in the queue): only this set says which
		// ones this worker is done with.
		Set<Delivery> settled = Collections.newSetFromMap(new IdentityHashMap<>());
		boolean[] lost = new boolean[1];
		int[] handed = new int[1];
		// A connection sends its messages one after another: each one's latency runs from the previous answer.
		long[] since = { System.nanoTime() };
		String failure = null;
		try {
			connection.send(envelopes, new TransportConnection.Listener() {
				@Override
				public void handingOver(Envelope envelope) {
					Delivery d = byEnvelope.get(envelope);
					if (block != null && System.currentTimeMillis() > block.handOverBy) {
						// The quota counts this chunk only until its deadline: not handed over, so retried later.
						throw new IllegalStateException(Messages.Quota_blockExpired);
					}
					// The caller's record comes first: if it fails, the exception stops the transport before the ".".
					envelope.handingOver();
					handed[0]++;
					if (d != null) {
						d.handedOver = true;
					}
				}

				@Override
				public void delivered(Envelope envelope, List<RecipientOutcome> outcomes) {
					Delivery d = byEnvelope.get(envelope);
					if (d != null && settled.add(d)) {
						record(outcomes, since[0]);
						since[0] = System.nanoTime();
						boolean stale = reused && settled.size() == 1;
						settle(d, outcomes, lost[0], stale);
						lost[0] |= connection == null || !connection.isUsable();
					}
				}
			});
		} catch (RuntimeException | LinkageError e) {
			ILog.of(ConnectionWorker.class).error("The transport of " + lane.id + " failed while sending", e); //$NON-NLS-1$ //$NON-NLS-2$
			failure = e.toString();
		}
		for (Delivery d : chunk) {
			if (!settled.contains(d)) {
				// No outcome from the transport: after the handover the server may have it, before it it has nothing.
				disconnect(); // in an unknown state
				String why = failure == null ? Messages.Sender_noReport : failure;
				Status status = d.handedOver ? Status.UNKNOWN : Status.DEFERRED;
				String reply = d.handedOver ? NLS.bind(Messages.Sender_transportFailedAfterHandover, why)
						: NLS.bind(Messages.Sender_transportFailed, why);
				settled.add(d);
				List<RecipientOutcome> outcomes = d.pending.recipients().stream()
						.map(a -> new RecipientOutcome(a, status, 0, reply)).toList();
				record(outcomes, since[0]);
				settle(d, outcomes, lost[0], false);
				lost[0] = true;
			}
		}
		return handed[0];
	}

	/** Records an attempt's outcomes for the Servers overview; a failing record never stops a send. */
	private void record(List<RecipientOutcome> outcomes, long startNanos) {
		ServerStatistics s = statistics.get();
		if (s != null && !outcomes.isEmpty()) {
			try {
				s.recordSend(lane.id, outcomes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
			} catch (RuntimeException e) {
				ILog.of(ConnectionWorker.class).warn("Recording a send failed", e); //$NON-NLS-1$
			}
		}
	}

	/**
	 * Decides what becomes of a delivery after an attempt: a result, a retry later, or back to the queue at once.
	 *
	 * @param notReached whether the connection was lost before this delivery's turn (it was not sent at all)
	 * @param stale      whether it was the first on a connection kept from before, which the server may have dropped
	 */
	private void settle(Delivery d, List<RecipientOutcome> outcomes, boolean notReached, boolean stale) {
		List<String> recipients = d.pending.recipients();
		List<String> deferred = new ArrayList<>();
		boolean serverSpoke = false;
		for (int i = 0; i < recipients.size(); i++) {
			String address = recipients.get(i);
			RecipientOutcome o = i < outcomes.size() ? outcomes.get(i)
					: new RecipientOutcome(address, d.handedOver ? Status.UNKNOWN : Status.DEFERRED, 0, Messages.Sender_noReport);
			if (!o.address().equals(address)) {
				o = new RecipientOutcome(address, o.status(), o.code(), o.reply());
			}
			serverSpoke |= o.code() > 0 || o.status() != Status.DEFERRED;
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
		boolean connectionLost = connection == null || !connection.isUsable();
		if (!serverSpoke && connectionLost && (notReached || (stale && !d.staleRetried))) {
			// Not sent: its connection went before it, or was a kept one the server had dropped (idle timeout).
			d.staleRetried |= stale;
			if (queue.requeueUnsent(d)) {
				return;
			}
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
