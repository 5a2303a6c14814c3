package com.bitfaster.mail.core;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's configured mail servers: one OSGi service shared by the workbench, campaigns and the command
 * line. Every change is validated, written to disk atomically and announced to listeners. Passwords are kept in
 * Equinox secure storage, never with the other settings.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface ServerRegistry {

	/** @return all servers, sorted by name */
	List<MailServer> servers();

	Optional<MailServer> get(String id);

	/** @return the server with this name, compared case-insensitively */
	Optional<MailServer> findByName(String name);

	/**
	 * Adds a server and, when {@code password} is not {@code null}, stores its password.
	 *
	 * @throws ServerValidationException when a setting is invalid or the name is taken
	 * @throws IllegalStateException     when the registry is read-only (see {@link #loadProblem()})
	 */
	MailServer add(MailServer server, char[] password);

	/**
	 * Replaces the settings of the server with the same id.
	 *
	 * @throws ServerValidationException when a setting is invalid or the name is taken by another server
	 * @throws java.util.NoSuchElementException when there is no server with that id
	 */
	MailServer update(MailServer server);

	/** @return every problem the server's settings would have if it were saved now; empty when it can be saved */
	List<FieldProblem> validate(MailServer server);

	/** Stores, or with {@code null} removes, the password of a server. */
	void setPassword(String id, char[] password);

	/** @return the stored password of a server */
	Optional<char[]> password(String id);

	/**
	 * @param key the secret's name, for example an authentication method's {@code oauth2.refreshToken}
	 * @return a secret of a server from secure storage (a fresh copy the caller clears)
	 * @throws java.util.NoSuchElementException when there is no server with that id
	 * @throws IllegalStateException            when secure storage cannot be read
	 */
	Optional<char[]> secret(String id, String key);

	/**
	 * Stores secrets of a server in secure storage in one write; a {@code null} or empty value removes that key.
	 * Listeners are not told (a token refresh is not a change of the server's settings).
	 *
	 * @throws java.util.NoSuchElementException when there is no server with that id
	 * @throws IllegalStateException            when secure storage cannot be written
	 */
	void setSecrets(String id, java.util.Map<String, char[]> secrets);

	/**
	 * Copies every setting of a server, its password included, to a new server with a new id and a new unique name
	 * such as "Campaign Server (copy)".
	 */
	MailServer duplicate(String id);

	/** Deletes a server and its password. */
	void delete(String id);

	MailServer activate(String id);

	MailServer deactivate(String id);

	/** Deactivates a server until {@code until}; after it the server is active again by itself. */
	MailServer deactivateUntil(String id, Instant until);

	/** @return whether the server may be used now */
	boolean isActive(MailServer server);

	/** @return the servers that may be used now, sorted by name */
	List<MailServer> activeServers();

	/**
	 * @return a message for the user when the stored servers could not be read as they were (a corrupt file moved
	 *         aside, a file from a newer version that is left untouched); empty when loading went well
	 */
	Optional<String> loadProblem();

	/** @return whether changes are refused, because the file on disk is from a newer version */
	boolean isReadOnly();

	/** Writes the servers with these ids (all when empty) as JSON, without passwords. */
	void exportServers(Collection<String> ids, Writer out) throws IOException;

	/**
	 * Reads servers exported by {@link #exportServers}; servers whose name is taken are not imported but reported.
	 *
	 * @param renameConflicts when {@code true}, a server whose name is taken is imported under a new unique name
	 */
	ImportResult importServers(Reader in, boolean renameConflicts) throws IOException;

	void addListener(ServerRegistryListener listener);

	void removeListener(ServerRegistryListener listener);
}
