package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.StorageException;

/**
 * Server passwords in Equinox secure storage, one node per server id under {@value #NODE}. Nothing secret is ever put
 * in an exception message.
 */
public final class SecretStore {

	static final String NODE = "com.bitfaster.mail/servers"; //$NON-NLS-1$
	private static final String PASSWORD = "password"; //$NON-NLS-1$

	private final Supplier<ISecurePreferences> root;

	/** @param root the secure storage root, opened on first use */
	public SecretStore(Supplier<ISecurePreferences> root) {
		this.root = root;
	}

	public void setPassword(String serverId, char[] password) throws StorageException, IOException {
		ISecurePreferences node = node(serverId);
		if (password == null || password.length == 0) {
			node.removeNode();
		} else {
			node.put(PASSWORD, new String(password), true);
		}
		root.get().flush();
	}

	public Optional<char[]> password(String serverId) throws StorageException {
		String path = NODE + "/" + serverId; //$NON-NLS-1$
		ISecurePreferences r = root.get();
		if (!r.nodeExists(path)) {
			return Optional.empty();
		}
		String value = r.node(path).get(PASSWORD, null);
		return value == null ? Optional.empty() : Optional.of(value.toCharArray());
	}

	public void remove(String serverId) throws IOException {
		String path = NODE + "/" + serverId; //$NON-NLS-1$
		ISecurePreferences r = root.get();
		if (r.nodeExists(path)) {
			r.node(path).removeNode();
			r.flush();
		}
	}

	private ISecurePreferences node(String serverId) {
		return root.get().node(NODE + "/" + serverId); //$NON-NLS-1$
	}
}
