package com.bitfaster.mail.core;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Each server's recent sends (outcomes and latency of the last {@link #RECENT} attempts) and its last connection test,
 * kept in the data folder next to the servers and shared by every program that sends (the workbench, the command
 * line). The {@link SenderService} records every attempt it makes; whoever runs a connection test records its verdict.
 * An OSGi service; records are written in the background, soon after they are made, and listeners are told then.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 * @since 1.5
 */
public interface ServerStatistics {

	/** How many send attempts are kept per server: the oldest go first. */
	int RECENT = 200;

	/** Records one attempt to send a message: its recipients' outcomes and how long the server took. */
	void recordSend(String serverId, java.util.List<RecipientOutcome> outcomes, long latencyMillis);

	/** Records a connection test's verdict. */
	void recordTest(String serverId, boolean passed, String summary);

	/**
	 * @return every server's record, as the file has it now with this program's records not yet written added
	 * @throws IOException when the file cannot be read (a damaged one is moved aside and reported, not thrown)
	 */
	Map<String, ServerStats> all() throws IOException;

	/** @return one server's record; an empty one when nothing is recorded for it */
	default ServerStats of(String serverId) throws IOException {
		return all().getOrDefault(serverId, ServerStats.empty(serverId));
	}

	/** Writes the records made so far and waits until they are on disk. */
	void flush() throws IOException;

	/** @return the last problem with the file (a damaged file moved aside, a failed write), for the user */
	Optional<String> problem();

	/** Adds a listener told (on a background thread) after this program's records were written. */
	void addListener(Runnable listener);

	void removeListener(Runnable listener);
}
