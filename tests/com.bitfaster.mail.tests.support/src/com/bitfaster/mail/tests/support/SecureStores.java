package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

/** Equinox secure storage a test owns: in its own folder, with a fixed password, never prompting. */
public final class SecureStores {

	private SecureStores() {
	}

	/** @return a secure store in {@code dir}/secure_storage, opened headless */
	public static ISecurePreferences throwaway(Path dir) throws IOException {
		return SecurePreferencesFactory.open(dir.resolve("secure_storage").toUri().toURL(), //$NON-NLS-1$
				Map.of(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec("test-only".toCharArray()), //$NON-NLS-1$
						IProviderHints.PROMPT_USER, Boolean.FALSE));
	}
}
