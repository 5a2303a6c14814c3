package com.bitfaster.mail.core.tests;

import java.nio.file.Path;
import java.time.Clock;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.security.storage.ISecurePreferences;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.TestRegistries;

/** Shared fixtures: registries on a test's folder with this bundle's test contributions, and servers for them. */
final class TestServers {

	private TestServers() {
	}

	static ServerRegistryImpl registry(Path dir, ISecurePreferences secure, Clock clock) {
		return TestRegistries.onFolder(dir, new MailExtensionsImpl(Platform.getExtensionRegistry()), secure, clock);
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
				.limits(new ServerLimits(4, 250, 3600, 20_000, java.util.List.of(50, 100, 200))).heloName("sender.company.com") //$NON-NLS-1$
				.pinnedCertificate("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89") //$NON-NLS-1$
				.transportSetting("folder", "/var/spool/pickup").transportSetting("note", "Ünïcödé ✉") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				.allowPlaintextAuth(true).build();
	}
}
