package com.bitfaster.mail.oauth.internal;

import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;

import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.core.ServerRegistry;

/**
 * Where {@link OAuthServiceImpl} keeps an account's tokens, by the account's id: a server registry's secrets, or a
 * node of Equinox secure storage of its own. Failures are {@link IllegalStateException}s, as the registry's are.
 */
public interface TokenStore {

	/** @return a secret (a fresh copy the caller clears), if stored */
	Optional<char[]> secret(String id, String key);

	/** Stores secrets in one write; a {@code null} or empty value removes that key. */
	void setSecrets(String id, Map<String, char[]> secrets);

	static TokenStore of(ServerRegistry registry) {
		return new TokenStore() {
			@Override
			public Optional<char[]> secret(String id, String key) {
				return registry.secret(id, key);
			}

			@Override
			public void setSecrets(String id, Map<String, char[]> secrets) {
				registry.setSecrets(id, secrets);
			}
		};
	}

	static TokenStore of(SecureSecrets secrets) {
		return new TokenStore() {
			@Override
			public Optional<char[]> secret(String id, String key) {
				try {
					return secrets.get(id, key);
				} catch (CoreException e) {
					throw new IllegalStateException(e.getMessage(), e);
				}
			}

			@Override
			public void setSecrets(String id, Map<String, char[]> values) {
				try {
					secrets.put(id, values);
				} catch (CoreException e) {
					throw new IllegalStateException(e.getMessage(), e);
				}
			}
		};
	}
}
