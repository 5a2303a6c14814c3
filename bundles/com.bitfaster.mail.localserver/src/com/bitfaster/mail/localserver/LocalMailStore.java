package com.bitfaster.mail.localserver;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every message the local server accepted, kept on disk as one Maildir per mailbox ({@code FOLDER/<mailbox>/new/}),
 * readable with mutt or Python's {@code mailbox} module. A {@code +tag} in a recipient is dropped for the mailbox name.
 * Thread-safe; other processes writing the same folder (the command line next to the workbench) are seen at the next
 * {@link #list()}.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface LocalMailStore {

	/** @return every kept message, newest first */
	List<StoredMessage> list();

	/** @return the message as received (the headers the server added first) */
	byte[] read(StoredMessage message) throws IOException;

	/** Deletes one message; a message already gone is no error. */
	void delete(StoredMessage message) throws IOException;

	/** Deletes every message of every mailbox. */
	void clear() throws IOException;

	/** @return the bytes all kept messages take */
	long totalSize();

	/** Calls {@code listener} (on a server thread) with each message this process stores from now on. */
	void addListener(Consumer<StoredMessage> listener);

	void removeListener(Consumer<StoredMessage> listener);

	/**
	 * Calls {@code listener} (on the thread that deleted it) with each message this process deletes from now on: by
	 * {@link #delete(StoredMessage)}, {@link #clear()}, the size cap, or a POP3 client.
	 */
	void addDeletionListener(Consumer<StoredMessage> listener);

	void removeDeletionListener(Consumer<StoredMessage> listener);
}
