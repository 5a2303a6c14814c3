package com.bitfaster.mail.core.internal;

import com.bitfaster.mail.core.MailServer;

/**
 * What the {@link SendQueue} knows of one server: its settings as the registry has them now, how many workers
 * (connections) it has and, for a rate-limited server, until when its
 * shared quota ({@link SendQuota}) has no room. Guarded by the queue's lock.
 */
final class Lane {

	final String id;
	/** The server's current settings; {@code null} once it was deleted. */
	MailServer server;
	/** Counts changes of the server: a worker whose connection is of an older generation reconnects. */
	int generation;
	/** Whether the registry deleted the server: it is not used again, even when a caller still names it. */
	boolean removed;
	int workers;
	/** Workers waiting for work. */
	int waiting;
	/** When ({@code System.nanoTime()}) to ask the server's quota again; 0 to ask at once. */
	long quotaWaitUntil;

	Lane(String id, MailServer server) {
		this.id = id;
		this.server = server;
	}

	int maxConnections() {
		return server == null ? 0 : Math.max(1, server.limits().maxConnections());
	}
}
