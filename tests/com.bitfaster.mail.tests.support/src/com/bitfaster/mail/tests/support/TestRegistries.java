package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

import org.eclipse.equinox.security.storage.ISecurePreferences;

import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;

/** Server registries outside Declarative Services: servers.json in a test's folder, secrets in a throwaway store. */
public final class TestRegistries {

	private TestRegistries() {
	}

	/** @return a registry on {@code dir}/servers.json with its own secure store in {@code dir} */
	public static ServerRegistryImpl onFolder(Path dir, MailExtensions extensions) {
		try {
			return onFolder(dir, extensions, SecureStores.throwaway(dir), Clock.systemUTC());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** @return a registry on {@code dir}/servers.json with the given secure store and clock */
	public static ServerRegistryImpl onFolder(Path dir, MailExtensions extensions, ISecurePreferences secure, Clock clock) {
		return new ServerRegistryImpl(dir.resolve("servers.json"), () -> secure, extensions, clock, //$NON-NLS-1$
				UnaryOperator.identity());
	}
}
