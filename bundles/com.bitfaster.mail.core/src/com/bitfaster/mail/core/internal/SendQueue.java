package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;

/**
 * The messages waiting to be sent, from every job, and the servers' lanes. Workers (one per open connection, at most
 * {@code maxConnections} per server) take chunks of messages from it; a chunk goes out pipelined on one connection. A
 * message waiting for its retry sits on a timer, not in the queue, so it holds nothing else up. Workers wait on a
 * condition (no polling) and end after the idle time without work, closing their connection.
 */
final class SendQueue {

	/** The most messages a worker takes at once (and so the most in flight on one connection). */
	static final int MAX_CHUNK = 16;
	/** A bound, for safety only: each time a message goes back unsent, the one that failed before it used an attempt. */
	private static final int MAX_UNSENT_REQUEUES = 1000;
	/** How soon a quota file that could not be read or written is tried again. */
	private static final long QUOTA_ERROR_RETRY_MILLIS = 60_000;

	private final ReentrantLock lock = new ReentrantLock();
	private final Condition changed = lock.newCondition();
	private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
	private final Set<Delivery> waitingRetry = new HashSet<>();
	private final Map<String, Lane> lanes = new HashMap<>();
	private final ServerRegistry registry;
	private final ExecutorService threads;
	private final ScheduledExecutorService timers;
	private final RetryPolicy retry;
	private final long idleNanos;
	private final Function<Lane, Runnable> newWorker;
	private final SendQuota quota;
	private int workers;
	private boolean closed;

	SendQueue(ServerRegistry registry, ExecutorService threads, ScheduledExecutorService timers, RetryPolicy retry,
			long idleMillis, SendQuota quota, Function<Lane, Runnable> newWorker) {
		this.quota = quota;
		this.registry = registry;
		this.threads = threads;
		this.timers = timers;
		this.retry = retry;
		this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
		this.newWorker = newWorker;
	}

	RetryPolicy retry() {
		return retry;
	}

	/**
	 * Queues a job's deliveries and starts the workers they need.
	 *
	 * @param servers the job's servers as the caller has them; the registry's current settings win, a server the
	 *                registry does not know (never added) is used as given, a deleted one not at all
	 */
	void add(SendJobImpl job, List<MailServer> servers, List<Delivery> deliveries) {
		List<Delivery> refused = List.of();
		// Read before taking the lock: the registry calls serverChanged holding its own.
		List<MailServer> current = servers.stream().map(given -> registry.get(given.id()).orElse(given)).toList();
		lock.lock();
		try {
			job.attach(this);
			for (MailServer given : current) {
				Lane lane = lane(given.id());
				MailServer now = lane.removed ? null : given;
				if (!java.util.Objects.equals(now, lane.server)) {
					lane.server = now;
					lane.generation++;
				}
			}
			if (closed) {
				refused = deliveries;
			} else {
				ready.addAll(deliveries);
				if (!startWorkers(job, deliveries.size())) {
					job.lastProblem = Messages.Sender_noActiveServer;
				}
				refused = sweep();
				changed.signalAll();
			}
		} finally {
			lock.unlock();
		}
		finishAll(refused, closed ? Messages.Sender_cancelled : null);
	}

	/**
	 * Starts workers for {@code count} more messages of a job on its usable servers, up to each one's connection limit.
	 *
	 * @return whether the job has a usable server
	 */
	private boolean startWorkers(SendJobImpl job, int count) {
		boolean any = false;
		for (String id : job.serverIds) {
			Lane lane = lane(id);
			if (job.failedServers.contains(id) || !usable(lane)) {
				continue;
			}
			any = true;
			int wanted = Math.min(lane.maxConnections(), lane.workers + Math.max(0, count - lane.waiting));
			while (lane.workers < wanted) {
				try {
					threads.execute(newWorker.apply(lane));
				} catch (RejectedExecutionException e) {
					return any; // shutting down
				}
				lane.workers++;
				workers++;
			}
		}
		return any;
	}

	/** Starts the workers the queued messages need (after a server or a worker went). */
	private void startWorkersForQueued() {
		Map<SendJobImpl, Integer> queued = new HashMap<>();
		for (Delivery d : ready) {
			queued.merge(d.job, 1, Integer::sum);
		}
		queued.forEach(this::startWorkers);
	}

	private Lane lane(String id) {
		return lanes.computeIfAbsent(id, i -> new Lane(i, null));
	}

	private boolean usable(Lane lane) {
		return lane.server != null && registry.isActive(lane.server);
	}

	/**
	 * Takes ready deliveries out of the queue whose job has no usable server left; the caller finishes them.
	 */
	private List<Delivery> sweep() {
		List<Delivery> stranded = null;
		Map<SendJobImpl, Boolean> served = new HashMap<>();
		for (Iterator<Delivery> it = ready.iterator(); it.hasNext();) {
			Delivery d = it.next();
			boolean ok = served.computeIfAbsent(d.job, j -> j.serverIds.stream()
					.anyMatch(id -> !j.failedServers.contains(id) && usable(lane(id))));
			if (!ok) {
				it.remove();
				if (stranded == null) {
					stranded = new ArrayList<>();
				}
				stranded.add(d);
			}
		}
		return stranded == null ? List.of() : stranded;
	}

	private static void finishAll(List<Delivery> deliveries, String why) {
		for (Delivery d : deliveries) {
			String reason = why;
			if (reason == null) {
				String problem = d.job.lastProblem;
				reason = problem == null || problem.equals(Messages.Sender_noActiveServer) ? Messages.Sender_noActiveServer
						: NLS.bind(Messages.Sender_noServer, problem);
			}
			d.job.finish(d, reason, true);
		}
	}

	/**
	 * Waits for work for a worker of {@code lane}. For a server with a rate limit the chunk is a block reserved from
	 * the shared quota: the worker must {@link #closeBlock close} it once the chunk is sent.
	 *
	 * @param room     how many more messages the worker's connection may carry
	 * @param reserved receives the chunk's quota block ({@code null} when the server has no rate limit)
	 * @return the deliveries to send, in order; {@code null} when the worker should end (idle, its server gone or
	 *         switched off, more workers than its connection limit, shutting down): it is then no longer counted
	 */
	List<Delivery> take(Lane lane, int room, SendQuota.Block[] reserved) throws InterruptedException {
		reserved[0] = null;
		lock.lock();
		try {
			long idleUntil = System.nanoTime() + idleNanos;
			lane.waiting++;
			try {
				while (true) {
					if (closed || !usable(lane) || lane.workers > lane.maxConnections()) {
						break;
					}
					MailServer server = lane.server;
					long now = System.nanoTime();
					int share = Math.max(1, (ready.size() + workers - 1) / Math.max(1, workers));
					int wanted = Math.min(MAX_CHUNK, Math.min(room, share));
					int matching = 0;
					for (Delivery d : ready) {
						if (serves(lane, d) && ++matching >= wanted) {
							break;
						}
					}
					if (matching == 0) {
						if (now - idleUntil >= 0) {
							break;
						}
						changed.awaitNanos(Math.max(1, idleUntil - now));
						continue;
					}
					int slots = matching;
					if (server.limits().hasRateLimit()) {
						// Work held back by a rate limit keeps the worker until the quota has room again.
						if (lane.quotaWaitUntil != 0 && lane.quotaWaitUntil - now > 0) {
							changed.awaitNanos(lane.quotaWaitUntil - now);
							continue;
						}
						lane.quotaWaitUntil = 0;
						SendQuota.Grant grant = reserve(server, matching);
						if (grant.block() == null) {
							long wait = Math.max(1, grant.retryAt() - System.currentTimeMillis());
							lane.quotaWaitUntil = now + TimeUnit.MILLISECONDS.toNanos(wait);
							if (lane.quotaWaitUntil == 0) {
								lane.quotaWaitUntil = 1;
							}
							continue;
						}
						reserved[0] = grant.block();
						slots = grant.block().count;
					}
					List<Delivery> chunk = new ArrayList<>(slots);
					for (Iterator<Delivery> it = ready.iterator(); it.hasNext() && chunk.size() < slots;) {
						Delivery d = it.next();
						if (serves(lane, d)) {
							it.remove();
							chunk.add(d);
						}
					}
					return chunk;
				}
				lane.workers--;
				workers--;
				return null;
			} finally {
				lane.waiting--;
			}
		} finally {
			lock.unlock();
		}
	}

	private static boolean serves(Lane lane, Delivery d) {
		return d.job.serverIds.contains(lane.id) && !d.job.failedServers.contains(lane.id);
	}

	/** Reserves from the shared quota; a quota that cannot be read or written sends nothing (and says so). */
	private SendQuota.Grant reserve(MailServer server, int wanted) {
		try {
			return quota.reserve(server, wanted);
		} catch (IOException e) {
			String problem = NLS.bind(Messages.Quota_unavailable, server.name(), e.toString());
			ILog.of(SendQueue.class).error(problem, e);
			return new SendQuota.Grant(null, System.currentTimeMillis() + QUOTA_ERROR_RETRY_MILLIS, problem);
		}
	}

	/**
	 * Closes a chunk's quota block ({@code used} of its messages were handed over, the rest go back) and wakes the
	 * workers that wait for quota. Called without the lock: it writes the quota file.
	 */
	void closeBlock(Lane lane, SendQuota.Block block, int used) {
		if (block == null) {
			return;
		}
		try {
			quota.close(block, used);
		} catch (IOException e) {
			// The block stays open in the file: it counts whole until its deadline, never less than was sent.
			ILog.of(SendQueue.class).error(NLS.bind(Messages.Quota_unavailable, block.serverId, e.toString()), e);
		}
		lock.lock();
		try {
			lane.quotaWaitUntil = 0;
			changed.signalAll();
		} finally {
			lock.unlock();
		}
	}

	/** @return the shared quota, for where a server stands */
	SendQuota quota() {
		return quota;
	}

	/** A server's settings at one generation. */
	record Settings(MailServer server, int generation) {
	}

	/** @return the lane's server and generation now, for a worker about to use a connection */
	Settings current(Lane lane) {
		lock.lock();
		try {
			return new Settings(lane.server, lane.generation);
		} finally {
			lock.unlock();
		}
	}

	/** The worker's server could not be connected to: its chunk goes back to the queue for the jobs' other servers. */
	void connectFailed(Lane lane, List<Delivery> chunk, String problem) {
		List<Delivery> stranded;
		lock.lock();
		try {
			for (int i = chunk.size() - 1; i >= 0; i--) {
				Delivery d = chunk.get(i);
				d.job.failedServers.add(lane.id);
				d.job.lastProblem = problem;
				ready.addFirst(d);
			}
			stranded = sweep();
			for (Delivery d : chunk) {
				if (!stranded.contains(d)) {
					startWorkers(d.job, 1);
				}
			}
			changed.signalAll();
		} finally {
			lock.unlock();
		}
		finishAll(stranded, null);
	}

	/** A worker ends other than by {@link #take} saying so. */
	void workerEnded(Lane lane) {
		lock.lock();
		try {
			lane.workers--;
			workers--;
			if (!closed) {
				startWorkersForQueued();
			}
			changed.signalAll();
		} finally {
			lock.unlock();
		}
	}

	/** A delivery goes back to the queue at once: it was not sent (its connection was lost before it). */
	boolean requeueUnsent(Delivery d) {
		if (d.requeuedUnsent >= MAX_UNSENT_REQUEUES || d.job.isCancelled()) {
			return false;
		}
		d.requeuedUnsent++;
		lock.lock();
		try {
			if (closed) {
				return false;
			}
			ready.addFirst(d);
			startWorkers(d.job, 1);
			changed.signalAll();
			return true;
		} finally {
			lock.unlock();
		}
	}

	/** A deferred delivery waits for its retry on a timer, not in the queue. */
	boolean retryLater(Delivery d, long delayMillis) {
		lock.lock();
		try {
			if (closed || d.job.isCancelled()) {
				return false;
			}
			waitingRetry.add(d);
		} finally {
			lock.unlock();
		}
		d.job.inactive();
		try {
			timers.schedule(() -> retryDue(d), delayMillis, TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			retryDue(d); // shutting down: it ends now
		}
		return true;
	}

	private void retryDue(Delivery d) {
		List<Delivery> stranded;
		lock.lock();
		try {
			if (!waitingRetry.remove(d)) {
				return; // ended meanwhile (cancelled, shut down)
			}
			if (closed || d.job.isCancelled()) {
				stranded = null;
			} else {
				d.job.activeAgain();
				ready.addLast(d);
				startWorkers(d.job, 1);
				stranded = sweep();
				changed.signalAll();
				d = null;
			}
		} finally {
			lock.unlock();
		}
		if (d != null) {
			d.job.finish(d, null, false);
		}
		finishAll(stranded == null ? List.of() : stranded, null);
	}

	/** Ends a job's deliveries that are queued or waiting for a retry. */
	void cancel(SendJobImpl job) {
		List<Delivery> queued = new ArrayList<>();
		List<Delivery> waiting = new ArrayList<>();
		lock.lock();
		try {
			for (Iterator<Delivery> it = ready.iterator(); it.hasNext();) {
				Delivery d = it.next();
				if (d.job == job) {
					it.remove();
					queued.add(d);
				}
			}
			for (Iterator<Delivery> it = waitingRetry.iterator(); it.hasNext();) {
				Delivery d = it.next();
				if (d.job == job) {
					it.remove();
					waiting.add(d);
				}
			}
			changed.signalAll();
		} finally {
			lock.unlock();
		}
		queued.forEach(d -> job.finish(d, Messages.Sender_cancelled, true));
		waiting.forEach(d -> job.finish(d, null, false));
	}

	/** The registry changed a server: workers reconnect with its new settings, or end when it can no longer be used. */
	void serverChanged(String id, boolean removed) {
		List<Delivery> stranded;
		MailServer now = removed ? null : registry.get(id).orElse(null);
		lock.lock();
		try {
			Lane lane = lanes.get(id);
			if (lane == null) {
				return;
			}
			lane.removed |= removed;
			lane.server = removed ? null : now != null ? now : lane.server;
			lane.generation++;
			stranded = sweep();
			startWorkersForQueued(); // the queued messages may now need another server's workers
			changed.signalAll();
		} finally {
			lock.unlock();
		}
		finishAll(stranded, null);
	}

	/** Ends everything: queued and waiting deliveries get their results, workers end after their chunk. */
	void close() {
		List<Delivery> queued;
		List<Delivery> waiting;
		lock.lock();
		try {
			closed = true;
			queued = new ArrayList<>(ready);
			ready.clear();
			waiting = new ArrayList<>(waitingRetry);
			waitingRetry.clear();
			changed.signalAll();
		} finally {
			lock.unlock();
		}
		finishAll(queued, Messages.Sender_cancelled);
		waiting.forEach(d -> d.job.finish(d, null, false));
	}
}
