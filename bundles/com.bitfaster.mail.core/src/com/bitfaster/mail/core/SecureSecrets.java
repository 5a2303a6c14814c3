package com.bitfaster.mail.core;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

import com.bitfaster.mail.core.internal.SecretStore;

/**
 * Secrets of other bundles (a DKIM signing key, say) in Equinox secure storage, the way the server registry keeps
 * passwords: encrypted or refused, one node per id under a node of the caller's, shared safely with other processes
 * (a cross-process lock and a re-read of the storage file when another program changed it). Nothing secret is ever
 * put in an exception message.
 */
public final class SecureSecrets {

	private final SecretStore store;

	/**
	 * @param root the secure storage root, opened on first use
	 * @param node the caller's node, for example {@code com.bitfaster.mail/dkim}
	 */
	public SecureSecrets(Supplier<ISecurePreferences> root, String node) {
		this.store = new SecretStore(root, node);
	}

	/** @return secrets under {@code node} in the default secure storage (opened on first use) */
	public static SecureSecrets ofDefault(String node) {
		return new SecureSecrets(new Supplier<>() {
			private ISecurePreferences root;

			@Override
			public synchronized ISecurePreferences get() {
				if (root == null) {
					root = openDefault();
				}
				return root;
			}
		}, node);
	}

	/**
	 * @return the default secure storage, opened so that it never prompts; {@code null} when it cannot be opened (as
	 *         {@link SecurePreferencesFactory#getDefault()}, which logs why). The key-file provider needs no user, and
	 *         {@code equinox.security.ui} (brought by p2's UI) would otherwise ask for a master-password hint in a modal
	 *         dialog on the first secret stored in the workbench, blocking the thread that stores it.
	 */
	public static ISecurePreferences openDefault() {
		try {
			return SecurePreferencesFactory.open(null, Map.of(IProviderHints.PROMPT_USER, Boolean.FALSE));
		} catch (IOException e) {
			ILog.of(SecureSecrets.class).error(e.getMessage(), e);
			return null;
		}
	}

	/** @return one secret of {@code id} (a fresh copy the caller clears), if stored */
	public Optional<char[]> get(String id, String key) throws CoreException {
		try {
			return store.secret(id, key);
		} catch (StorageException | IOException e) {
			throw failed(e);
		}
	}

	/** Stores secrets of {@code id} in one write; a {@code null} or empty value removes that key. */
	public void put(String id, Map<String, char[]> values) throws CoreException {
		try {
			store.setSecrets(id, values);
		} catch (StorageException | IOException e) {
			throw failed(e);
		}
	}

	/** Removes every secret of {@code id}. */
	public void remove(String id) throws CoreException {
		try {
			store.remove(id);
		} catch (IOException e) {
			throw failed(e);
		}
	}

	private static CoreException failed(Exception e) {
		return new CoreException(Status.error("Secure storage: " + e.getMessage(), e)); //$NON-NLS-1$
	}
}
