package com.bitfaster.mail.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.TransportConnection;

/**
 * Open connections kept between sends, per server: at most {@code maxConnections} open at once (idle or in use),
 * closed after an idle time, and dropped when the server's settings change or the pool is closed.
 */
final class ConnectionPool {

	private static final long POLL_MILLIS = 100;

	/** A connection and how many messages it has carried. */
	static final class Pooled {
		final TransportConnection connection;
		int sent;
		long idleSince;

		Pooled(TransportConnection connection) {
			this.connection = connection;
		}

		/** @return whether the connection may still send {@code more} messages under the server's per-connection limit */
		boolean hasRoom(ServerLimits limits, int more) {
			int perConnection = limits.messagesPerConnection();
			return perConnection <= 0 || sent + more <= perConnection;
		}
	}

	/** The right to use one connection to one server; return it with {@link ConnectionPool#release}. */
	final class Lease {
		private final ServerPool pool;
		/** The connection, or {@code null} until one is opened. */
		Pooled pooled;

		Lease(ServerPool pool, Pooled pooled) {
			this.pool = pool;
			this.pooled = pooled;
		}

		/** Closes the leased connection (broken, or used up); a new one may be set. */
		void discard() {
			if (pooled != null) {
				pooled.connection.close();
				pooled = null;
			}
		}
	}

	private static final class ServerPool {
		final MailServer server;
		final Semaphore permits;
		final ArrayDeque<Pooled> idle = new ArrayDeque<>();
		boolean closed;

		ServerPool(MailServer server) {
			this.server = server;
			this.permits = new Semaphore(Math.max(1, server.limits().maxConnections()), true);
		}
	}

	private final long idleNanos;
	private final Map<String, ServerPool> pools = new HashMap<>();
	private boolean closed;
	private boolean reapScheduled;

	ConnectionPool(long idleMillis) {
		this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
	}

	/**
	 * Waits for the right to use a connection to {@code server}, with an idle one when there is one.
	 *
	 * @return the lease, or {@code null} when {@code stop} became true while waiting
	 */
	Lease acquire(MailServer server, BooleanSupplier stop) throws InterruptedException {
		ServerPool pool;
		List<Pooled> stale = new ArrayList<>();
		synchronized (this) {
			pool = pools.get(server.id());
			if (pool == null || !pool.server.equals(server) || closed) {
				if (pool != null) {
					stale.addAll(retire(pool));
				}
				pool = new ServerPool(server);
				if (!closed) {
					pools.put(server.id(), pool);
				} else {
					pool.closed = true;
				}
			}
		}
		closeAll(stale);
		while (!pool.permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
			if (stop.getAsBoolean()) {
				return null;
			}
		}
		Pooled taken = null;
		synchronized (this) {
			long now = System.nanoTime();
			// Most recently used first, so connections beyond what is needed grow old and are closed.
			for (Pooled p; taken == null && (p = pool.idle.pollLast()) != null;) {
				if (now - p.idleSince < idleNanos && p.connection.isUsable()) {
					taken = p;
				} else {
					stale.add(p);
				}
			}
		}
		closeAll(stale);
		return new Lease(pool, taken);
	}

	/** @return whether another sender waits for a connection to the lease's server */
	boolean isWantedElsewhere(Lease lease) {
		return lease.pool.permits.hasQueuedThreads();
	}

	/** Gives a lease back: its connection is kept for the next send when it is still good. */
	void release(Lease lease) {
		Pooled p = lease.pooled;
		lease.pooled = null;
		boolean keep = false;
		if (p != null) {
			synchronized (this) {
				keep = !lease.pool.closed && idleNanos > 0 && p.connection.isUsable()
						&& p.hasRoom(lease.pool.server.limits(), 1);
				if (keep) {
					p.idleSince = System.nanoTime();
					lease.pool.idle.addLast(p);
					scheduleReap();
				}
			}
			if (!keep) {
				p.connection.close();
			}
		}
		lease.pool.permits.release(); // after the connection is back, so the next holder finds it
	}

	/**
	 * Closes the idle connections to a server and those in use once they come back. The closing (a QUIT each) happens
	 * in the background: this is called by registry listeners, possibly on the UI thread.
	 */
	void drop(String serverId) {
		List<Pooled> stale;
		synchronized (this) {
			ServerPool pool = pools.remove(serverId);
			stale = pool == null ? List.of() : retire(pool);
		}
		if (!stale.isEmpty()) {
			CompletableFuture.runAsync(() -> closeAll(stale));
		}
	}

	/** Closes every idle connection, and those in use once they come back; later leases are not kept. */
	void close() {
		List<Pooled> stale = new ArrayList<>();
		synchronized (this) {
			closed = true;
			for (ServerPool pool : pools.values()) {
				stale.addAll(retire(pool));
			}
			pools.clear();
		}
		closeAll(stale);
	}

	private static List<Pooled> retire(ServerPool pool) {
		pool.closed = true;
		List<Pooled> stale = new ArrayList<>(pool.idle);
		pool.idle.clear();
		return stale;
	}

	private static void closeAll(List<Pooled> connections) {
		for (Pooled p : connections) {
			p.connection.close();
		}
	}

	private void scheduleReap() {
		if (!reapScheduled) {
			reapScheduled = true;
			CompletableFuture.delayedExecutor(TimeUnit.NANOSECONDS.toMillis(idleNanos) + 1, TimeUnit.MILLISECONDS)
					.execute(this::reap);
		}
	}

	private void reap() {
		List<Pooled> stale = new ArrayList<>();
		synchronized (this) {
			reapScheduled = false;
			long now = System.nanoTime();
			boolean left = false;
			for (ServerPool pool : pools.values()) {
				for (var it = pool.idle.iterator(); it.hasNext();) {
					Pooled p = it.next();
					if (now - p.idleSince >= idleNanos || !p.connection.isUsable()) {
						it.remove();
						stale.add(p);
					} else {
						left = true;
					}
				}
			}
			if (left && !closed) {
				scheduleReap();
			}
		}
		closeAll(stale);
	}
}
