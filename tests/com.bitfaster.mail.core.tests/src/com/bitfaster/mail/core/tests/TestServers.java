package com.bitfaster.mail.core.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;

/** Shared fixtures: a registry on a temporary folder with a throwaway secure store that never prompts. */
final class TestServers {

	private TestServers() {
	}

	static ISecurePreferences throwawaySecureStore(Path dir) throws IOException {
		return SecurePreferencesFactory.open(dir.resolve("secure_storage").toUri().toURL(), //$NON-NLS-1$
				Map.of(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec("test-only".toCharArray()), //$NON-NLS-1$
						IProviderHints.PROMPT_USER, Boolean.FALSE));
	}

	static ServerRegistryImpl registry(Path dir, ISecurePreferences secure, Clock clock) {
		return new ServerRegistryImpl(dir.resolve("servers.json"), () -> secure, //$NON-NLS-1$
				new MailExtensionsImpl(Platform.getExtensionRegistry()), clock, UnaryOperator.identity());
	}

	/** A valid server using this bundle's test contributions. */
	static MailServer.Builder server(String name) {
		return MailServer.builder().name(name).host("smtp.company.com").port(2525).transportType("test.smtp") //$NON-NLS-1$ //$NON-NLS-2$
				.encryption("test.plain"); //$NON-NLS-1$
	}

	/** A server with every field set to a value other than its default. */
	static MailServer everyField(String name) {
		return server(name).host("2001:db8::25").port(587).username("campaigns@company.com") //$NON-NLS-1$ //$NON-NLS-2$
				.timeoutSeconds(45).encryption("test.tls").active(false) //$NON-NLS-1$
				.inactiveUntil(java.time.Instant.parse("2026-12-24T18:00:00Z")) //$NON-NLS-1$
				.limits(new ServerLimits(4, 250, 3600)).heloName("sender.company.com") //$NON-NLS-1$
				.pinnedCertificate("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89") //$NON-NLS-1$
				.transportSetting("folder", "/var/spool/pickup").transportSetting("note", "Ünïcödé ✉") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				.build();
	}
}
