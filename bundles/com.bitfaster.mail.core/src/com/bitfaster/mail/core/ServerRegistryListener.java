package com.bitfaster.mail.core;

/** Told about every change of the {@link ServerRegistry}, on the thread that made the change. */
@FunctionalInterface
public interface ServerRegistryListener {

	/** What happened to a server. */
	enum Kind {
		ADDED, UPDATED, REMOVED
	}

	/**
	 * @param kind   what happened
	 * @param server the server after the change; for {@link Kind#REMOVED}, as it was
	 */
	void serverChanged(Kind kind, MailServer server);
}
