package com.bitfaster.mail.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.EncodedMessage;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.core.TransportTypeDescriptor;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The sender service: transport-neutral. Each call gives each server up to {@code maxConnections} worker threads
 * taking messages from a shared queue; a deferred message goes back to the queue after its backoff and may be taken
 * by any live server. Connections come from a pool that outlives the call (see {@link ConnectionPool}), so a campaign
 * sending batch after batch does not reconnect. A server that cannot be connected to is dropped for the rest of the
 * call, and its message goes back to the queue untouched (nothing was sent).
 */
@Component(service = SenderService.class)
public class SenderServiceImpl implements SenderService {

	private static final long POLL_MILLIS = 100;
	/** How long the calling thread lets results gather between reports while messages are being sent. */
	private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
	/** How long an unused connection stays open; below common server idle timeouts (Postfix: 300 s). */
	static final long IDLE_MILLIS = 30_000;

	private ServerRegistry registry;
	private MailExtensions extensions;
	private RetryPolicy retry = RetryPolicy.DEFAULT;
	private final Map<String, HourlyLimit> hourly = new ConcurrentHashMap<>();
	private final ConnectionPool pool;
	private final ServerRegistryListener listener = (kind, server) -> {
		if (kind != ServerRegistryListener.Kind.ADDED) {
			dropConnections(server.id()); // changed, deactivated, new password or deleted
		}
	};

	public SenderServiceImpl() {
		pool = new ConnectionPool(IDLE_MILLIS);
	}

	/** For tests: a sender with its own retry policy (a short backoff). */
	public SenderServiceImpl(ServerRegistry registry, MailExtensions extensions, RetryPolicy retry) {
		this(registry, extensions, retry, IDLE_MILLIS);
	}

	/** For tests: also how long unused connections stay open (0: closed after each call). */
	public SenderServiceImpl(ServerRegistry registry, MailExtensions extensions, RetryPolicy retry, long idleMillis) {
		this.registry = registry;
		this.extensions = extensions;
		this.retry = retry;
		this.pool = new ConnectionPool(idleMillis);
		registry.addListener(listener);
	}

	@Activate
	void activate() {
		registry.addListener(listener);
	}

	/** Closes the open connections; also for tests. */
	@Deactivate
	public void close() {
		registry.removeListener(listener);
		pool.close();
	}

	/** Closes the connections kept open to a server. */
	public void dropConnections(String serverId) {
		pool.drop(serverId);
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
	}

	@Reference
	void setExtensions(MailExtensions mailExtensions) {
		this.extensions = mailExtensions;
	}

	@Override
	public SendResult send(MimeMessage message, MailServer server, IProgressMonitor monitor) {
		return sendAll(List.of(message), List.of(server), null, monitor).get(0);
	}

	@Override
	public List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers, Consumer<SendResult> onResult,
			IProgressMonitor monitor) {
		SubMonitor progress = SubMonitor.convert(monitor, Messages.Sender_task, messages.size());
		Run run = new Run(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			Task task = new Task(i, messages.get(i));
			if (task.problem != null) {
				run.finish(task, task.problem);
			} else {
				run.pending.incrementAndGet();
				run.queue.add(task);
			}
		}
		List<MailServer> usable = servers.stream().filter(registry::isActive).toList();
		if (usable.isEmpty() && run.pending.get() > 0) {
			run.lastProblem = Messages.Sender_noActiveServer;
		}
		List<Thread> workers = new ArrayList<>();
		for (MailServer server : usable) {
			int connections = Math.max(1, Math.min(server.limits().maxConnections(), run.pending.get()));
			run.liveServers.incrementAndGet();
			AtomicInteger serverWorkers = new AtomicInteger(connections);
			for (int c = 0; c < connections; c++) {
				Worker worker = new Worker(run, server, serverWorkers);
				Thread thread = new Thread(worker, "BitFaster sender " + server.name() + " #" + (c + 1)); //$NON-NLS-1$ //$NON-NLS-2$
				thread.setDaemon(true);
				workers.add(thread);
			}
		}
		if (progress.isCanceled()) {
			workers.clear(); // cancelled before anything was sent
		}
		workers.forEach(Thread::start);
		try {
			while (!workers.isEmpty() && run.pending.get() > 0 && run.liveServers.get() > 0) {
				if (progress.isCanceled()) {
					run.stop = true;
					break;
				}
				SendResult done = run.done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (done != null) {
					report(done, onResult, progress);
					// Those that came meanwhile too: one wake-up of this thread for several results.
					List<SendResult> more = new ArrayList<>();
					run.done.drainTo(more);
					more.forEach(r -> report(r, onResult, progress));
					if (run.pending.get() > 0) {
						// Let a few results gather rather than being woken for each by another core (costly in VMs).
						LockSupport.parkNanos(GATHER_NANOS);
					}
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			run.stop = true;
			run.queue.add(run.wake); // workers waiting for a task stop at once
			for (Thread t : workers) {
				joinQuietly(t);
			}
		}
		String why = run.stopReason(progress.isCanceled());
		for (Task left; (left = run.queue.poll()) != null || (left = run.takeAnyDelayed()) != null;) {
			if (left != run.wake) {
				run.finish(left, why);
			}
		}
		for (SendResult done; (done = run.done.poll()) != null;) {
			report(done, onResult, progress);
		}
		return Arrays.asList(run.results);
	}

	private static void report(SendResult result, Consumer<SendResult> onResult, SubMonitor progress) {
		progress.worked(1);
		if (onResult != null) {
			onResult.accept(result);
		}
	}

	private static void joinQuietly(Thread t) {
		try {
			t.join();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The state of one {@link #sendAll} call, shared by its workers. */
	private final class Run {
		final SendResult[] results;
		final DelayQueue<Task> queue = new DelayQueue<>();
		final LinkedBlockingQueue<SendResult> done = new LinkedBlockingQueue<>();
		final AtomicInteger pending = new AtomicInteger();
		final AtomicInteger liveServers = new AtomicInteger();
		final Task wake = new Task();
		volatile boolean stop;
		volatile String lastProblem;

		Run(int size) {
			results = new SendResult[size];
		}

		String stopReason(boolean cancelled) {
			if (cancelled) {
				return Messages.Sender_cancelled;
			}
			return lastProblem == null ? Messages.Sender_cancelled : NLS.bind(Messages.Sender_noServer, lastProblem);
		}

		/** @return a task still waiting for its backoff, at once */
		Task takeAnyDelayed() {
			Task[] left = queue.toArray(new Task[0]);
			return left.length > 0 && queue.remove(left[0]) ? left[0] : null;
		}

		void finish(Task task, String why) {
			for (Address a : task.remaining) {
				String addr = a.toString();
				RecipientOutcome before = task.outcomes.get(addr);
				// A server's own reply (451 …) says more than why the run stopped; keep it.
				if (before == null || (why != null && before.code() == 0)) {
					task.outcomes.put(addr, new RecipientOutcome(addr, Status.DEFERRED, 0,
							why == null ? Messages.Sender_cancelled : why));
				}
			}
			List<RecipientOutcome> outcomes = new ArrayList<>(task.outcomes.values());
			String summary = outcomes.stream().filter(o -> o.status() != Status.ACCEPTED).findFirst()
					.map(o -> NLS.bind(Messages.Sender_summary, o.address(), o.reply())).orElse(why == null ? "" : why); //$NON-NLS-1$
			SendResult result = new SendResult(task.index, task.serverId, outcomes, task.attempts, summary);
			results[task.index] = result;
			done.add(result);
		}

		void complete(Task task) {
			finish(task, null);
			pending.decrementAndGet();
		}
	}

	/** One message and the recipients it still has to reach. */
	private static final class Task implements Delayed {
		final int index;
		final MimeMessage message;
		/** The message as written, encoded once for every attempt; made by the first worker to send it. */
		private MimeMessage encoded;
		final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
		List<Address> remaining = List.of();
		int attempts;
		String serverId;
		String problem;
		boolean staleRetried;
		long readyAt = System.nanoTime();

		/** The sentinel that wakes workers at the end of a call. */
		Task() {
			index = -1;
			message = null;
			readyAt = Long.MIN_VALUE / 2;
		}

		Task(int index, MimeMessage message) {
			this.index = index;
			this.message = message;
			try {
				Address[] all = message.getAllRecipients();
				if (all == null || all.length == 0) {
					problem = Messages.Sender_noRecipients;
				} else {
					remaining = List.of(all);
				}
			} catch (MessagingException e) {
				problem = NLS.bind(Messages.Sender_badMessage, e.getMessage());
			}
		}

		MimeMessage encoded() {
			if (encoded == null) {
				try {
					encoded = EncodedMessage.of(message);
				} catch (MessagingException | RuntimeException e) {
					encoded = message; // sending it reports the problem, as for any message that cannot be written
				}
			}
			return encoded;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(readyAt - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed o) {
			return Long.compare(readyAt, ((Task) o).readyAt);
		}
	}

	/** Sends queued messages to one server, each through a connection leased from the pool. */
	private final class Worker implements Runnable {
		private final Run run;
		private final MailServer server;
		private final AtomicInteger serverWorkers;

		Worker(Run run, MailServer server, AtomicInteger serverWorkers) {
			this.run = run;
			this.server = server;
			this.serverWorkers = serverWorkers;
		}

		@Override
		public void run() {
			HourlyLimit limit = hourly.computeIfAbsent(server.id(), id -> new HourlyLimit());
			ConnectionPool.Lease lease = null;
			Task next = null; // taken ahead: its envelope may already be written on the lease's connection
			try {
				// A task taken ahead is sent even after a stop: the server has its envelope, and leaving it would
				// abort a transaction the server has begun.
				while (next != null || (!run.stop && run.pending.get() > 0)) {
					Task task;
					if (next != null) {
						task = next;
						next = null;
					} else {
						if (!limit.acquire(server.limits().messagesPerHour(), () -> run.stop)) {
							break;
						}
						task = run.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
						if (task == run.wake) {
							run.queue.add(task);
							limit.release();
							break;
						}
						if (task == null) {
							limit.release();
							lease = release(lease); // nothing to send now: let others use the connection
							continue;
						}
						if (lease == null && !run.stop) {
							lease = pool.acquire(server, () -> run.stop);
						}
						if (lease == null || !ensureConnection(lease)) {
							limit.release();
							requeue(task); // nothing was sent: another server may take it
							break;
						}
					}
					next = takeNext(lease);
					sendOnce(task, lease.pooled, next);
					if (next != null && !lease.pooled.connection.isUsable()) {
						requeue(next); // the connection it went ahead on is gone: it is sent afresh
						next = null;
						lease.discard();
					}
					if (next == null && pool.isWantedElsewhere(lease)) {
						lease = release(lease); // another call waits for this server's connections
					}
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			} finally {
				if (next != null) {
					requeue(next);
					if (lease != null) {
						lease.discard();
					}
				}
				release(lease);
				if (serverWorkers.decrementAndGet() == 0) {
					run.liveServers.decrementAndGet();
				}
			}
		}

		private ConnectionPool.Lease release(ConnectionPool.Lease lease) {
			if (lease != null) {
				pool.release(lease);
			}
			return null;
		}

		private boolean ensureConnection(ConnectionPool.Lease lease) {
			ConnectionPool.Pooled p = lease.pooled;
			if (p != null && p.connection.isUsable() && p.hasRoom(server.limits(), 1)) {
				return true;
			}
			lease.discard();
			try {
				TransportTypeDescriptor descriptor = extensions.transportType(server.transportType())
						.orElseThrow(() -> new CoreException(org.eclipse.core.runtime.Status
								.error(NLS.bind(Messages.Sender_unknownTransport, server.transportType()))));
				TransportType type = descriptor.transportType();
				Optional<char[]> password = server.username().isEmpty() ? Optional.empty() : registry.password(server.id());
				char[] secret = password.orElse(null);
				try {
					lease.pooled = new ConnectionPool.Pooled(type.connect(server, secret));
				} finally {
					if (secret != null) {
						Arrays.fill(secret, '\0');
					}
				}
				return true;
			} catch (CoreException e) {
				run.lastProblem = NLS.bind(Messages.Sender_serverFailed, server.name(), e.getStatus().getMessage());
				return false;
			}
		}

		/**
		 * @return a task ready to go right after the one being sent, on the same connection, so that its envelope can
		 *         be written ahead; {@code null} with an hourly limit, at the connection's last message, when another
		 *         call waits for this server's connections, or unless another task is left for the other workers
		 */
		private Task takeNext(ConnectionPool.Lease lease) {
			if (run.stop || server.limits().messagesPerHour() > 0 || !lease.pooled.hasRoom(server.limits(), 2)
					|| pool.isWantedElsewhere(lease)) {
				return null;
			}
			Task next = run.queue.poll();
			if (next != null && (next == run.wake || run.queue.peek() == null)) {
				run.queue.add(next); // the last one: another worker, connection or server may be free for it
				return null;
			}
			return next;
		}

		private void requeue(Task task) {
			task.readyAt = System.nanoTime();
			run.queue.add(task);
		}

		private void sendOnce(Task task, ConnectionPool.Pooled pooled, Task next) {
			task.attempts++;
			task.serverId = server.id();
			boolean reused = pooled.sent > 0;
			TransportConnection connection = pooled.connection;
			List<RecipientOutcome> outcomes = next == null ? connection.send(task.encoded(), task.remaining)
					: connection.send(task.encoded(), task.remaining, next.encoded(), next.remaining);
			pooled.sent++;
			if (reused && !task.staleRetried && !connection.isUsable() && outcomes.stream()
					.allMatch(o -> o.status() == Status.DEFERRED && o.code() == 0)) {
				// A reused connection the server had dropped (idle timeout): try once more at once on a new one.
				task.staleRetried = true;
				task.attempts--;
				task.readyAt = System.nanoTime();
				run.queue.add(task);
				return;
			}
			List<Address> deferred = new ArrayList<>();
			for (int i = 0; i < outcomes.size(); i++) {
				RecipientOutcome outcome = outcomes.get(i);
				task.outcomes.put(outcome.address(), outcome);
				if (outcome.status() == Status.DEFERRED) {
					deferred.add(task.remaining.get(i));
				}
			}
			task.remaining = deferred;
			if (deferred.isEmpty() || task.attempts >= retry.maxAttempts() || run.stop) {
				run.complete(task);
				return;
			}
			task.readyAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retry.backoffMillis().applyAsLong(task.attempts));
			task.encoded = null; // not kept in memory while the task waits
			run.queue.add(task);
		}
	}
}
