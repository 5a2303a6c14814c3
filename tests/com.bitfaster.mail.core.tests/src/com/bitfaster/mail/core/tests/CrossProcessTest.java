package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;

/**
 * The workbench and the command line change the same servers file and the same secure storage at the same moment:
 * this JVM and a second one ({@link SecondProcess}) each make many changes, started together, and nothing either made
 * may be lost.
 */
class CrossProcessTest {

	private static final int EACH = 20;
	private static final int CONTESTED = 10;

	@TempDir
	Path dir;
	@TempDir
	Path work;

	@Test
	void serversAddedByTwoProcessesAtOnceAllSurviveWithUniqueNames() throws Exception {
		ISecurePreferences secure = com.bitfaster.mail.tests.support.SecureStores.throwaway(dir);
		ServerRegistryImpl registry = TestServers.registry(dir, secure, Clock.systemUTC());
		List<String> ours = new ArrayList<>();
		List<String> theirs;
		try (SecondProcess other = new SecondProcess(work, dir.toString(), "add", "Two", "" + EACH, "" + CONTESTED)) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			other.go();
			RegistryWriter.addServers(registry, "One", EACH, CONTESTED, ours::add); //$NON-NLS-1$
			theirs = other.finish();
		}

		List<MailServer> onDisk = TestServers.registry(dir, secure, Clock.systemUTC()).servers();
		List<String> expectedNames = Stream.of(names("One", EACH), names("Two", EACH), names("Shared", CONTESTED)) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.flatMap(List::stream).sorted(String.CASE_INSENSITIVE_ORDER).toList();
		assertEquals(expectedNames, onDisk.stream().map(MailServer::name).toList(), "every server, each name once"); //$NON-NLS-1$
		Map<String, MailServer> byName = onDisk.stream().collect(Collectors.toMap(MailServer::name, Function.identity()));

		// Each contested name went to exactly one process, and the other was told it was taken.
		for (String contested : names("Shared", CONTESTED)) { //$NON-NLS-1$
			long oursAdded = ours.stream().filter(r -> r.startsWith("ADDED " + contested + " ")).count(); //$NON-NLS-1$ //$NON-NLS-2$
			long theirsAdded = theirs.stream().filter(r -> r.startsWith("ADDED " + contested + " ")).count(); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(1, oursAdded + theirsAdded, contested + " added once; ours " + ours + ", theirs " + theirs); //$NON-NLS-1$ //$NON-NLS-2$
			List<String> loser = oursAdded == 1 ? theirs : ours;
			assertEquals(1, loser.stream().filter(("TAKEN " + contested)::equals).count(), contested + " refused once"); //$NON-NLS-1$ //$NON-NLS-2$
		}

		// What each process was told it added is on disk under that id, with the password it stored.
		assertEquals(onDisk.size(), Stream.concat(ours.stream(), theirs.stream()).filter(r -> r.startsWith("ADDED ")).count()); //$NON-NLS-1$
		assertPasswordsInStorageFile(onDisk);
		assertAddedAsReported(ours, "One", byName, registry); //$NON-NLS-1$
		assertAddedAsReported(theirs, "Two", byName, registry); //$NON-NLS-1$
	}

	@Test
	void passwordsSetByTwoProcessesAtOnceAllSurvive() throws Exception {
		ISecurePreferences secure = com.bitfaster.mail.tests.support.SecureStores.throwaway(dir);
		ServerRegistryImpl registry = TestServers.registry(dir, secure, Clock.systemUTC());
		for (String name : Stream.concat(names("One", EACH).stream(), names("Two", EACH).stream()).toList()) { //$NON-NLS-1$ //$NON-NLS-2$
			registry.add(TestServers.server(name).username("user").build(), null); //$NON-NLS-1$
		}
		List<String> ours = new ArrayList<>();
		List<String> theirs;
		try (SecondProcess other = new SecondProcess(work, dir.toString(), "passwords", "Two")) { //$NON-NLS-1$ //$NON-NLS-2$
			other.go();
			RegistryWriter.setPasswords(registry, "One", ours::add); //$NON-NLS-1$
			theirs = other.finish();
		}
		assertEquals(names("One", EACH).stream().map(n -> "SET " + n).toList(), ours); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(names("Two", EACH).stream().map(n -> "SET " + n).toList(), theirs); //$NON-NLS-1$ //$NON-NLS-2$

		List<MailServer> servers = TestServers.registry(dir, secure, Clock.systemUTC()).servers();
		assertEquals(2 * EACH, servers.size());
		assertPasswordsInStorageFile(servers);
		for (MailServer server : servers) {
			String prefix = server.name().substring(0, server.name().indexOf('-'));
			assertArrayEquals(RegistryWriter.password(server.name(), prefix).toCharArray(),
					registry.password(server.id()).orElse(null), server.name());
		}
	}

	private static List<String> names(String prefix, int count) {
		return IntStream.range(0, count).mapToObj(i -> RegistryWriter.name(prefix, i)).toList();
	}

	private static void assertAddedAsReported(List<String> reports, String prefix, Map<String, MailServer> byName,
			ServerRegistryImpl registry) {
		for (String report : reports) {
			String[] words = report.split(" "); //$NON-NLS-1$
			if (!words[0].equals("ADDED")) { //$NON-NLS-1$
				continue;
			}
			MailServer server = byName.get(words[1]);
			assertEquals(words[2], server == null ? null : server.id(), report);
			assertArrayEquals(RegistryWriter.password(words[1], prefix).toCharArray(),
					registry.password(words[2]).orElse(null), "password of " + words[1]); //$NON-NLS-1$
		}
	}

	/** Reads the storage file itself: what this JVM holds in memory could hide a password lost on disk. */
	private void assertPasswordsInStorageFile(List<MailServer> servers) throws IOException {
		Properties stored = new Properties();
		try (InputStream in = Files.newInputStream(dir.resolve("secure_storage"))) { //$NON-NLS-1$
			stored.load(in);
		}
		List<String> missing = servers.stream()
				.filter(s -> !stored.containsKey("/com.bitfaster.mail/servers/" + s.id() + "/password")) //$NON-NLS-1$ //$NON-NLS-2$
				.map(MailServer::name).toList();
		assertEquals(List.of(), missing, "servers whose password is not in the secure storage file"); //$NON-NLS-1$
		assertEquals(servers.size(), stored.keySet().stream().map(Object::toString)
				.filter(k -> k.toLowerCase(Locale.ROOT).endsWith("/password")).count()); //$NON-NLS-1$
	}
}
