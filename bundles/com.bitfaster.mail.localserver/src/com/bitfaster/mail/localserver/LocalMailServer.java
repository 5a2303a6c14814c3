package com.bitfaster.mail.localserver;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded local mail server: SMTP in, POP3 out, on the loopback interface only, so that a fresh installation can
 * send and read mail with no outside server. Every recipient address gets a mailbox (its {@code +tag} dropped); POP3
 * logs in with the address as both user name and password. Every message is kept on disk in its {@link #store()},
 * across restarts. {@link #setRules(RehearsalRules) Rehearsal rules} make it refuse, defer, drop or bounce mail on
 * purpose. An OSGi service.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface LocalMailServer {

	/** The id of the preconfigured "Local Mail Server" entry in the server registry. */
	String SERVER_ID = "local-mail-server"; //$NON-NLS-1$

	/** The address the server listens on. */
	String HOST = "127.0.0.1"; //$NON-NLS-1$

	boolean isRunning();

	/** @return the SMTP port while running */
	int smtpPort();

	/** @return the POP3 port while running */
	int pop3Port();

	/** @return when a configured port was busy, a sentence saying which port was used instead */
	Optional<String> portNote();

	/** Starts the server (again); does nothing when it runs. */
	void start();

	/** Stops the server; its mail stays in the store. */
	void stop();

	/** @return the kept mail, readable whether or not the server runs */
	LocalMailStore store();

	/** What the server announces to its {@link LocalMailServer#addStateListener(Consumer) state listeners}. */
	enum State {
		/** It listens now. */
		STARTED,
		/** It stopped listening; its mail stays in the store. */
		STOPPED,
		/** Starting it failed (the exception went to the caller of {@link LocalMailServer#start()}). */
		FAILED
	}

	/**
	 * Calls {@code listener} each time the server starts, stops or fails to start, on the thread that did it (a user
	 * interface hands it to its own thread). Adding a listener does not start the server nor load its libraries.
	 */
	void addStateListener(Consumer<State> listener);

	void removeStateListener(Consumer<State> listener);

	/** Applies these rules from the next SMTP transaction on (counters and random generators start again). */
	void setRules(RehearsalRules rules);
}
