package com.bitfaster.mail.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageSigner;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The sender service: transport-neutral. Its threads are its own, made when it is activated and stopped when it is
 * deactivated: an executor for the connection workers (one thread per open connection, see
 * {@link ConnectionWorker}) and one timer thread for retries. The parts: {@link SendQueue} (messages waiting, per
 * server lanes, connection limits, the shared quota of rate-limited servers: {@link SendQuota}), {@link ConnectionWorker} (a connection, its sends, the result of
 * each message), {@link SendJobImpl} (a caller's messages and their results), {@link RetryPolicy}.
 */
@Component(service = SenderService.class)
public class SenderServiceImpl implements SenderService {

	/** How long an unused connection stays open; below common server idle timeouts (Postfix: 300 s). */
	static final long IDLE_MILLIS = 30_000;
	/** How often a caller of {@link #sendAll} looks at its progress monitor for a cancel while it waits. */
	private static final long MONITOR_MILLIS = 100;
	/** How long a caller of {@link #sendAll} lets results gather between reports while messages are being sent. */
	private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private ServerRegistry registry;
	private MailExtensions extensions;
	private RetryPolicy retry = RetryPolicy.configured();
	private long idleMillis = IDLE_MILLIS;
	private ExecutorService threads;
	private ScheduledExecutorService timers;
	private SendQueue queue;
	/** Signs envelopes' bytes ahead of the connections, when there is a {@link MessageSigner}: one thread per core. */
	private ThreadPoolExecutor signing;
	private volatile MessageSigner signer;
	/** Where each attempt's outcomes and latency are recorded for the Servers overview; {@code null} for nowhere. */
	private volatile com.bitfaster.mail.core.ServerStatistics statistics;
	private final ServerRegistryListener listener = (kind, server) -> {
		SendQueue q = queue;
		if (q != null && kind != ServerRegistryListener.Kind.ADDED) {
			q.serverChanged(server.id(), kind == ServerRegistryListener.Kind.REMOVED); // changed, switched off, new password or deleted
		}
	};

	public SenderServiceImpl() {
	}

	/** For tests: a started sender with its own retry policy (a short backoff). */
	public SenderServiceImpl(ServerRegistry registry, MailExtensions extensions, RetryPolicy retry) {
		this(registry, extensions, retry, IDLE_MILLIS);
	}

	/** For tests: also how long unused connections stay open (0: closed as soon as there is no work). */
	public SenderServiceImpl(ServerRegistry registry, MailExtensions extensions, RetryPolicy retry, long idleMillis) {
		this.registry = registry;
		this.extensions = extensions;
		this.retry = retry;
		this.idleMillis = idleMillis;
		activate();
	}

	/**
	 * Where the servers' shared quota files are: next to {@code servers.json} (the registry's folder), or this
	 * bundle's state location for a registry not kept in a file.
	 */
	private java.nio.file.Path dataFolder() {
		if (registry instanceof ServerRegistryImpl impl && impl.folder() != null) {
			return impl.folder();
		}
		return org.eclipse.core.runtime.Platform
				.getStateLocation(org.osgi.framework.FrameworkUtil.getBundle(SenderServiceImpl.class)).toPath();
	}

	@Override
	public com.bitfaster.mail.core.ServerUsage usage(MailServer server) throws java.io.IOException {
		if (!server.limits().hasRateLimit()) {
			return com.bitfaster.mail.core.ServerUsage.UNLIMITED;
		}
		return queue.quota().usage(server);
	}

	@Override
	public com.bitfaster.mail.core.SharedQuota sharedQuota() {
		return queue.quota();
	}

	@Activate
	void activate() {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory named = r -> {
			Thread t = new Thread(r, "BitFaster sender #" + count.incrementAndGet()); //$NON-NLS-1$
			t.setDaemon(true);
			return t;
		};
		// A thread per open connection, kept a while for the next one; the connection limits bound their number.
		threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), named);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "BitFaster sender retries"); //$NON-NLS-1$
			t.setDaemon(true);
			return t;
		});
		timer.setRemoveOnCancelPolicy(true);
		timers = timer;
		AtomicInteger signers = new AtomicInteger();
		int cores = Runtime.getRuntime().availableProcessors();
		signing = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
			Thread t = new Thread(r, "BitFaster signer #" + signers.incrementAndGet()); //$NON-NLS-1$
			t.setDaemon(true);
			return t;
		});
		signing.allowCoreThreadTimeOut(true);
		queue = new SendQueue(registry, threads, timers, retry, idleMillis, new SendQuota(dataFolder()),
				lane -> new ConnectionWorker(lane, queue, registry, extensions, () -> statistics));
		registry.addListener(listener);
	}

	/**
	 * Stops: queued messages and those waiting for a retry end at once with their results, messages being sent
	 * finish, connections close; waits a little for the workers. Also for tests.
	 */
	@Deactivate
	public void close() {
		registry.removeListener(listener);
		queue.close();
		threads.shutdown();
		timers.shutdownNow();
		signing.shutdownNow();
		try {
			if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
				threads.shutdownNow();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Closes the connections kept open to a server (they reconnect for the next message). */
	public void dropConnections(String serverId) {
		queue.serverChanged(serverId, false);
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
	}

	@Reference
	void setExtensions(MailExtensions mailExtensions) {
		this.extensions = mailExtensions;
	}

	/** The message signer (DKIM), when one is installed; {@code null} for none (also for tests). */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	public void setSigner(MessageSigner messageSigner) {
		this.signer = messageSigner;
	}

	/** The record of each server's recent sends, when there is one; {@code null} for none (also for tests). */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	public void setStatistics(com.bitfaster.mail.core.ServerStatistics serverStatistics) {
		this.statistics = serverStatistics;
	}

	void unsetStatistics(com.bitfaster.mail.core.ServerStatistics serverStatistics) {
		if (this.statistics == serverStatistics) {
			this.statistics = null;
		}
	}

	void unsetSigner(MessageSigner messageSigner) {
		if (this.signer == messageSigner) {
			this.signer = null;
		}
	}

	@Override
	public SendResult send(MimeMessage message, MailServer server, IProgressMonitor monitor) {
		return sendAll(List.of(message), List.of(server), null, monitor).get(0);
	}

	@Override
	public SendJob submit(List<Envelope> given, List<MailServer> servers, Consumer<SendResult> onResult) {
		List<Envelope> envelopes = signed(given);
		SendJobImpl job = new SendJobImpl(servers.stream().map(MailServer::id).distinct().toList(), envelopes.size(), onResult);
		List<Delivery> deliveries = new ArrayList<>(envelopes.size());
		for (int i = 0; i < envelopes.size(); i++) {
			deliveries.add(new Delivery(job, i, envelopes.get(i)));
		}
		queue.add(job, servers, deliveries);
		return job;
	}

	/**
	 * @return the envelopes, those the signer signs with its transform after theirs; their bytes are being prepared on
	 *         the signing pool, in order, so that the connections find them ready (a connection that comes first
	 *         waits for the one being prepared, or prepares it itself)
	 */
	private List<Envelope> signed(List<Envelope> envelopes) {
		MessageSigner s = signer;
		if (s == null) {
			return envelopes;
		}
		List<Envelope> out = new ArrayList<>(envelopes.size());
		for (Envelope e : envelopes) {
			Envelope.Transform t;
			try {
				t = s.signerFor(e.message());
			} catch (MessagingException | RuntimeException ex) {
				// Not sent unsigned: the envelope fails with this reason (DEFERRED, nothing sent).
				MessagingException why = ex instanceof MessagingException me ? me
						: new MessagingException(String.valueOf(ex.getMessage()), ex);
				t = b -> {
					throw why;
				};
			}
			if (t == null) {
				out.add(e);
				continue;
			}
			Envelope signedEnvelope = e.thenTransform(t);
			out.add(signedEnvelope);
			try {
				signing.execute(() -> {
					try {
						signedEnvelope.bytes();
					} catch (MessagingException | RuntimeException ex) {
						// The connection meets the same failure when it asks for the bytes, and reports it.
					}
				});
			} catch (java.util.concurrent.RejectedExecutionException ex) {
				// Closing: a connection prepares the bytes itself if it still sends this message.
			}
		}
		return out;
	}

	@Override
	public List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers, Consumer<SendResult> onResult,
			IProgressMonitor monitor) {
		SubMonitor progress = SubMonitor.convert(monitor, Messages.Sender_task, messages.size());
		SendResult[] results = new SendResult[messages.size()];
		LinkedBlockingQueue<SendResult> done = new LinkedBlockingQueue<>();
		List<Envelope> envelopes = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			try {
				envelopes.add(Envelope.of(messages.get(i)).build());
				positions.add(i);
			} catch (MessagingException | RuntimeException e) {
				String why = e.getMessage() != null && e.getMessage().equals(Messages.Sender_noRecipients) ? e.getMessage()
						: NLS.bind(Messages.Sender_badMessage, e.getMessage());
				done.add(new SendResult(i, "", List.of(), 0, why)); //$NON-NLS-1$
			}
		}
		SendJob job = null;
		if (!envelopes.isEmpty()) {
			if (progress.isCanceled()) {
				for (int i = 0; i < envelopes.size(); i++) {
					done.add(cancelled(positions.get(i), envelopes.get(i)));
				}
			} else {
				job = submit(envelopes, servers, r -> done.add(new SendResult(positions.get(r.index()), r.serverId(),
						r.outcomes(), r.attempts(), r.message())));
			}
		}
		int left = messages.size();
		boolean interrupted = false;
		List<SendResult> arrived = new ArrayList<>();
		while (left > 0) {
			SendResult r;
			try {
				// The monitor has no callback: a cancel is noticed within MONITOR_MILLIS.
				r = done.poll(MONITOR_MILLIS, TimeUnit.MILLISECONDS);
			} catch (InterruptedException e) {
				interrupted = true; // stop sending, but every message still gets its result
				r = null;
			}
			if (r == null) {
				if (job != null && (interrupted || progress.isCanceled())) {
					job.cancel();
				}
				continue;
			}
			arrived.add(r);
			done.drainTo(arrived); // those that came meanwhile too: one wake-up of this thread for several
			for (SendResult a : arrived) {
				results[a.index()] = a;
				left--;
				progress.worked(1);
				if (onResult != null) {
					onResult.accept(a);
				}
			}
			arrived.clear();
			if (job != null && progress.isCanceled()) {
				job.cancel();
			}
			if (left > 0) {
				// Let a few results gather rather than being woken for each by another core (costly in VMs).
				LockSupport.parkNanos(GATHER_NANOS);
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return java.util.Arrays.asList(results);
	}

	private static SendResult cancelled(int index, Envelope envelope) {
		List<RecipientOutcome> outcomes = envelope.recipients().stream()
				.map(a -> new RecipientOutcome(a, Status.DEFERRED, 0, Messages.Sender_cancelled)).toList();
		return new SendResult(index, "", outcomes, 0, Messages.Sender_cancelled); //$NON-NLS-1$
	}
}
