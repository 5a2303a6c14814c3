package com.bitfaster.mail.core.internal;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.equinox.internal.security.storage.SecurePreferencesRoot;
import org.eclipse.equinox.internal.security.storage.SecurePreferencesWrapper;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.StorageException;

import com.bitfaster.mail.core.CrossProcessLock;

/**
 * Server passwords in Equinox secure storage, one node per server id under {@value #NODE}. Nothing secret is ever put
 * in an exception message.
 * <p>
 * Equinox reads its file once per process and writes it whole, so a process saving would drop what another one saved
 * meanwhile. Every access here therefore holds a cross-process lock on {@code <storage file>.lock}, re-reads the file
 * when it changed since this process last read or wrote it, and a change is flushed before the lock is released.
 * </p>
 */
public final class SecretStore {

	static final String NODE = "com.bitfaster.mail/servers"; //$NON-NLS-1$
	static final String PASSWORD = "password"; //$NON-NLS-1$

	private final Supplier<ISecurePreferences> root;
	/** The node under which each id has its own node: {@value #NODE} for server secrets. */
	private final String node;
	/** The storage file as this process last read or wrote it. */
	private byte[] seen;

	/** @param root the secure storage root, opened on first use */
	public SecretStore(Supplier<ISecurePreferences> root) {
		this(root, NODE);
	}

	/**
	 * @param root the secure storage root, opened on first use
	 * @param node the node under which each id's secrets are kept (a path such as {@code com.bitfaster.mail/dkim})
	 */
	public SecretStore(Supplier<ISecurePreferences> root, String node) {
		this.root = root;
		this.node = node;
	}

	public synchronized void setPassword(String serverId, char[] password) throws StorageException, IOException {
		ISecurePreferences r = root.get();
		try (CrossProcessLock lock = lock(r)) {
			reloadIfChanged(r);
			String path = path(serverId);
			if (password == null || password.length == 0) {
				if (r.nodeExists(path)) {
					r.node(path).removeNode();
				}
			} else {
				ISecurePreferences node = r.node(path);
				node.put(PASSWORD, new String(password), true);
				if (!node.isEncrypted(PASSWORD)) {
					// Equinox stores the value in clear text when it has no master password (a refused key file, say):
					// take it back before anything is written, and fail instead.
					node.remove(PASSWORD);
					throw new StorageException(StorageException.NO_PASSWORD, Messages.Secrets_notEncrypted);
				}
			}
			flush(r);
		}
	}

	public synchronized Optional<char[]> password(String serverId) throws StorageException, IOException {
		ISecurePreferences r = root.get();
		try (CrossProcessLock lock = lock(r)) {
			reloadIfChanged(r);
			String path = path(serverId);
			if (!r.nodeExists(path)) {
				return Optional.empty();
			}
			String value = r.node(path).get(PASSWORD, null);
			return value == null ? Optional.empty() : Optional.of(value.toCharArray());
		}
	}

	/**
	 * Stores several secrets of a server at once (one write, so that a rotated refresh token and its access token are
	 * saved together); a {@code null} or empty value removes that key.
	 */
	public synchronized void setSecrets(String serverId, java.util.Map<String, char[]> values)
			throws StorageException, IOException {
		ISecurePreferences r = root.get();
		try (CrossProcessLock lock = lock(r)) {
			reloadIfChanged(r);
			ISecurePreferences node = r.node(path(serverId));
			for (java.util.Map.Entry<String, char[]> e : values.entrySet()) {
				char[] value = e.getValue();
				if (value == null || value.length == 0) {
					node.remove(e.getKey());
				} else {
					node.put(e.getKey(), new String(value), true);
					if (!node.isEncrypted(e.getKey())) {
						node.remove(e.getKey());
						throw new StorageException(StorageException.NO_PASSWORD, Messages.Secrets_notEncrypted);
					}
				}
			}
			flush(r);
		}
	}

	/** @return one secret of a server, by key (the password's key is {@value #PASSWORD}) */
	public synchronized Optional<char[]> secret(String serverId, String key) throws StorageException, IOException {
		ISecurePreferences r = root.get();
		try (CrossProcessLock lock = lock(r)) {
			reloadIfChanged(r);
			String path = path(serverId);
			if (!r.nodeExists(path)) {
				return Optional.empty();
			}
			String value = r.node(path).get(key, null);
			return value == null ? Optional.empty() : Optional.of(value.toCharArray());
		}
	}

	public synchronized void remove(String serverId) throws IOException {
		ISecurePreferences r = root.get();
		try (CrossProcessLock lock = lock(r)) {
			reloadIfChanged(r);
			String path = path(serverId);
			if (r.nodeExists(path)) {
				r.node(path).removeNode();
				flush(r);
			}
		}
	}

	private String path(String serverId) {
		return node + "/" + serverId; //$NON-NLS-1$
	}

	/**
	 * The storage file, as Equinox opens it ({@code new File(url.getPath())}), or {@code null} for storage that is not
	 * an Equinox file (nothing to share with another process then).
	 */
	private static Path file(ISecurePreferences r) {
		URL location = r instanceof SecurePreferencesWrapper w ? w.getContainer().getLocation() : null;
		return location == null || !"file".equals(location.getProtocol()) ? null : new File(location.getPath()).toPath(); //$NON-NLS-1$
	}

	private static CrossProcessLock lock(ISecurePreferences r) throws IOException {
		Path file = file(r);
		return file == null ? null : CrossProcessLock.acquire(file.resolveSibling(file.getFileName() + ".lock")); //$NON-NLS-1$
	}

	/**
	 * Makes this process's copy of the storage what the file holds, when another process changed it. Equinox has no API
	 * for that (opening the same location again returns the copy already read), so this clears the copy in place and
	 * lets its root load the file again; whoever holds this root sees the new state.
	 */
	private void reloadIfChanged(ISecurePreferences r) throws IOException {
		Path file = file(r);
		if (file == null) {
			return;
		}
		byte[] now = read(file);
		if (Arrays.equals(now, seen)) {
			return;
		}
		SecurePreferencesRoot data = ((SecurePreferencesWrapper) r).getContainer().getRootData();
		for (String child : data.childrenNames()) {
			data.node(child).removeNode();
		}
		data.load();
		data.setModified(false);
		seen = now;
	}

	private void flush(ISecurePreferences r) throws IOException {
		r.flush();
		Path file = file(r);
		seen = file == null ? null : read(file);
	}

	private static byte[] read(Path file) throws IOException {
		try {
			return Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			return new byte[0];
		}
	}
}
