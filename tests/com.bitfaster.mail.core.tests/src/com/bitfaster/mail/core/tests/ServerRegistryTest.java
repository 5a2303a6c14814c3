package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.ImportResult;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerRegistryListener.Kind;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.SecureStores;

class ServerRegistryTest {

	private static final char[] SECRET = "s3cr3t-Pa55word!".toCharArray(); //$NON-NLS-1$

	@TempDir
	Path dir;
	private ISecurePreferences secure;
	private MutableClock clock;
	private ServerRegistryImpl registry;

	@BeforeEach
	void openRegistry() throws IOException {
		secure = SecureStores.throwaway(dir);
		clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z")); //$NON-NLS-1$
		registry = TestServers.registry(dir, secure, clock);
	}

	private byte[] jsonBytes() throws IOException {
		return Files.readAllBytes(dir.resolve("servers.json")); //$NON-NLS-1$
	}

	@Test
	void addedServersArePersistedAndReadBack() {
		MailServer added = registry.add(TestServers.everyField("Campaign Server"), null); //$NON-NLS-1$
		ServerRegistryImpl reopened = TestServers.registry(dir, secure, clock);
		assertEquals(List.of(added), reopened.servers());
		assertEquals(Optional.of(added), reopened.findByName("campaign server")); //$NON-NLS-1$
	}

	@Test
	void namesMustBeUniqueIgnoringCase() {
		registry.add(TestServers.server("Campaign Server").build(), null); //$NON-NLS-1$
		ServerValidationException e = assertThrows(ServerValidationException.class,
				() -> registry.add(TestServers.server("campaign SERVER").build(), null)); //$NON-NLS-1$
		assertEquals(List.of(new FieldProblem(ServerField.NAME, "A server named 'campaign SERVER' already exists.")), //$NON-NLS-1$
				e.problems());
		assertEquals(1, registry.servers().size());
	}

	@Test
	void invalidServersAreRefusedAndNothingIsWritten() {
		assertThrows(ServerValidationException.class,
				() -> registry.add(TestServers.server("Bad").port(0).build(), null)); //$NON-NLS-1$
		assertFalse(Files.exists(dir.resolve("servers.json"))); //$NON-NLS-1$
	}

	@Test
	void unknownEncryptionOrTransportIsRefusedByName() {
		ServerValidationException e = assertThrows(ServerValidationException.class,
				() -> registry.add(TestServers.server("X").encryption("rot13").build(), null)); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(e.getMessage().startsWith("The encryption 'rot13' is not installed. Choose one of: "), e.getMessage()); //$NON-NLS-1$
		assertTrue(e.getMessage().contains("test.plain, test.tls"), e.getMessage()); //$NON-NLS-1$
		assertThrows(ServerValidationException.class,
				() -> registry.add(TestServers.server("Y").transportType("carrier-pigeon").build(), null)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void transportTypeValidatesItsOwnSettings() {
		List<FieldProblem> problems = registry.validate(TestServers.server("P").transportSetting("folder", "relative").build()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of(new FieldProblem(ServerField.TRANSPORT_SETTING, "folder", "The folder must be an absolute path.")), //$NON-NLS-1$ //$NON-NLS-2$
				problems);
	}

	@Test
	void passwordLivesInSecureStorageOnly() throws Exception {
		MailServer server = registry.add(TestServers.server("Campaign Server").username("me").build(), SECRET); //$NON-NLS-1$ //$NON-NLS-2$
		assertArrayEquals(SECRET, registry.password(server.id()).orElseThrow());
		assertTrue(secure.nodeExists("com.bitfaster.mail/servers/" + server.id())); //$NON-NLS-1$
		assertFalse(new String(jsonBytes(), StandardCharsets.UTF_8).contains(new String(SECRET)));
		// Secure storage encrypts: the secret is not in its file either.
		secure.flush();
		byte[] storage = Files.readAllBytes(dir.resolve("secure_storage")); //$NON-NLS-1$
		assertFalse(new String(storage, StandardCharsets.ISO_8859_1).contains(new String(SECRET)));
		StringWriter export = new StringWriter();
		registry.exportServers(List.of(), export);
		assertFalse(export.toString().contains(new String(SECRET)));
	}

	@Test
	void anAuthenticationMethodsSettingsAreKeptAndExportedItsSecretsNot() throws Exception {
		MailServer added = registry.add(TestServers.server("Certificate Server").username("me") //$NON-NLS-1$ //$NON-NLS-2$
				.authMethod("test.certificate").authSetting("alias", "mail-2026").build(), null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		registry.setSecrets(added.id(), java.util.Map.of("test.keyPassword", "k3y-Secret-42".toCharArray())); //$NON-NLS-1$ //$NON-NLS-2$
		ServerRegistryImpl reopened = TestServers.registry(dir, secure, clock);
		MailServer back = reopened.get(added.id()).orElseThrow();
		assertEquals("test.certificate", back.authMethod()); //$NON-NLS-1$
		assertEquals(java.util.Map.of("alias", "mail-2026"), back.authSettings()); //$NON-NLS-1$ //$NON-NLS-2$
		assertArrayEquals("k3y-Secret-42".toCharArray(), reopened.secret(added.id(), "test.keyPassword").orElseThrow()); //$NON-NLS-1$ //$NON-NLS-2$
		StringWriter export = new StringWriter();
		registry.exportServers(List.of(), export);
		assertTrue(export.toString().contains("\"authMethod\": \"test.certificate\""), export.toString()); //$NON-NLS-1$
		assertFalse(export.toString().contains("k3y-Secret-42")); //$NON-NLS-1$
		assertFalse(new String(jsonBytes(), StandardCharsets.UTF_8).contains("k3y-Secret-42")); //$NON-NLS-1$
		// A server written before methods existed signs in with a password.
		assertEquals(MailServer.AUTH_PASSWORD, TestServers.server("Old").build().authMethod()); //$NON-NLS-1$
	}

	@Test
	void anUnknownMethodAndAMethodsBadSettingsAreRefused() {
		List<FieldProblem> unknown = registry.validate(TestServers.server("A").authMethod("no.such.method").build()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(unknown.stream().anyMatch(p -> p.field() == ServerField.AUTH_METHOD && p.message().contains("password")), //$NON-NLS-1$
				unknown.toString());
		List<FieldProblem> bad = registry.validate(TestServers.server("B").authMethod("test.certificate").build()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(new FieldProblem(ServerField.AUTH_SETTING, "alias", "Choose the certificate's alias.")), bad); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void duplicateCopiesEverySettingAndThePassword() {
		MailServer original = registry.add(TestServers.everyField("Campaign Server"), SECRET); //$NON-NLS-1$
		MailServer copy = registry.duplicate(original.id());
		MailServer copy2 = registry.duplicate(original.id());

		assertNotEquals(original.id(), copy.id());
		assertEquals("Campaign Server (copy)", copy.name()); //$NON-NLS-1$
		assertEquals("Campaign Server (copy 2)", copy2.name()); //$NON-NLS-1$
		assertEquals(original.toBuilder().id(copy.id()).name(copy.name()).build(), copy);
		assertArrayEquals(SECRET, registry.password(copy.id()).orElseThrow());
		assertEquals(3, registry.servers().size());
	}

	@Test
	void deleteRemovesTheServerAndItsSecret() {
		MailServer server = registry.add(TestServers.server("Campaign Server").build(), SECRET); //$NON-NLS-1$
		registry.delete(server.id());
		assertEquals(List.of(), registry.servers());
		assertFalse(secure.nodeExists("com.bitfaster.mail/servers/" + server.id())); //$NON-NLS-1$
		assertEquals(List.of(), TestServers.registry(dir, secure, clock).servers());
	}

	@Test
	void activateDeactivateAndDeactivateUntil() {
		MailServer server = registry.add(TestServers.server("Campaign Server").build(), null); //$NON-NLS-1$
		assertTrue(registry.isActive(server));

		assertFalse(registry.isActive(registry.deactivate(server.id())));
		assertEquals(List.of(), registry.activeServers());
		assertTrue(registry.isActive(registry.activate(server.id())));

		MailServer paused = registry.deactivateUntil(server.id(), clock.instant().plus(Duration.ofHours(1)));
		assertFalse(registry.isActive(paused));
		clock.advance(Duration.ofMinutes(59));
		assertFalse(registry.isActive(registry.get(server.id()).orElseThrow()));
		clock.advance(Duration.ofMinutes(1));
		assertTrue(registry.isActive(registry.get(server.id()).orElseThrow()));
		assertEquals(List.of(server.id()), registry.activeServers().stream().map(MailServer::id).toList());
	}

	@Test
	void aServerDeactivatedUntilAPastInstantReadsAsActive() {
		MailServer server = registry.add(TestServers.server("Campaign Server").build(), null); //$NON-NLS-1$
		registry.deactivateUntil(server.id(), clock.instant().minusSeconds(1));
		assertTrue(TestServers.registry(dir, secure, clock).activeServers().stream().anyMatch(s -> s.id().equals(server.id())));
	}

	@Test
	void listenersHearEveryChange() {
		List<String> heard = new ArrayList<>();
		registry.addListener((kind, s) -> heard.add(kind + " " + s.name())); //$NON-NLS-1$
		MailServer server = registry.add(TestServers.server("A").build(), null); //$NON-NLS-1$
		registry.update(server.toBuilder().name("B").build()); //$NON-NLS-1$
		registry.deactivate(server.id());
		registry.delete(server.id());
		assertEquals(List.of(Kind.ADDED + " A", Kind.UPDATED + " B", Kind.UPDATED + " B", Kind.REMOVED + " B"), heard); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	@Test
	void exportAndImportReportConflictsAndNeverOverwrite() throws IOException {
		MailServer a = registry.add(TestServers.everyField("Campaign Server"), SECRET); //$NON-NLS-1$
		registry.add(TestServers.server("Transactional").build(), null); //$NON-NLS-1$
		StringWriter export = new StringWriter();
		registry.exportServers(List.of(), export);

		Path otherDir = dir.resolve("other"); //$NON-NLS-1$
		ServerRegistryImpl other = TestServers.registry(Files.createDirectories(otherDir), SecureStores.throwaway(otherDir), clock);
		MailServer existing = other.add(TestServers.server("campaign server").host("keep.me").build(), null); //$NON-NLS-1$ //$NON-NLS-2$

		ImportResult skipped = other.importServers(new StringReader(export.toString()), false);
		assertEquals(List.of("Transactional"), skipped.imported().stream().map(MailServer::name).toList()); //$NON-NLS-1$
		assertEquals(List.of("A server named 'Campaign Server' already exists; it was not imported."), skipped.conflicts()); //$NON-NLS-1$
		assertEquals("keep.me", other.get(existing.id()).orElseThrow().host()); //$NON-NLS-1$

		ImportResult renamed = other.importServers(new StringReader(export.toString()), true);
		List<String> names = renamed.imported().stream().map(MailServer::name).toList();
		assertEquals(List.of("Campaign Server (copy)", "Transactional (copy)"), names); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer imported = renamed.imported().get(0);
		assertEquals(a.toBuilder().id(imported.id()).name(imported.name()).build(), imported);
		assertEquals(Optional.empty(), other.password(imported.id()).map(String::new));
	}

	@Test
	void importOfSomethingElseIsAClearError() {
		IOException e = assertThrows(IOException.class, () -> registry.importServers(new StringReader("[1,2,3]"), false)); //$NON-NLS-1$
		assertTrue(e.getMessage().startsWith("The file is not a BitFaster server export"), e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aNewerFileMakesTheRegistryReadOnlyAndIsLeftUntouched() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		byte[] newer = "{\"schemaVersion\": 7, \"servers\": []}".getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
		Files.write(file, newer);
		ServerRegistryImpl reg = TestServers.registry(dir, secure, clock);
		assertTrue(reg.isReadOnly());
		assertTrue(reg.loadProblem().orElseThrow().contains("format 7")); //$NON-NLS-1$
		IllegalStateException e = assertThrows(IllegalStateException.class,
				() -> reg.add(TestServers.server("A").build(), null)); //$NON-NLS-1$
		assertTrue(e.getMessage().startsWith("Server changes are disabled"), e.getMessage()); //$NON-NLS-1$
		assertArrayEquals(newer, Files.readAllBytes(file));
	}

	@Test
	void aCorruptFileLeavesAUsableRegistry() throws IOException {
		Files.writeString(dir.resolve("servers.json"), "not json at all"); //$NON-NLS-1$ //$NON-NLS-2$
		ServerRegistryImpl reg = TestServers.registry(dir, secure, clock);
		assertTrue(reg.loadProblem().isPresent());
		assertFalse(reg.isReadOnly());
		reg.add(TestServers.server("Fresh").build(), null); //$NON-NLS-1$
		assertEquals(1, TestServers.registry(dir, secure, clock).servers().size());
	}

	/** The command line and the workbench share the file: a change by one is seen by the other, not overwritten. */
	@Test
	void changesWrittenByAnotherProcessArePickedUp() {
		ServerRegistryImpl workbench = registry;
		ServerRegistryImpl commandLine = TestServers.registry(dir, secure, clock);
		workbench.add(TestServers.server("From workbench").build(), null); //$NON-NLS-1$
		commandLine.add(TestServers.server("From CLI").build(), null); //$NON-NLS-1$
		workbench.add(TestServers.server("Later").build(), null); //$NON-NLS-1$
		assertEquals(List.of("From CLI", "From workbench", "Later"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				TestServers.registry(dir, secure, clock).servers().stream().map(MailServer::name).toList());
	}

	/** Two registries on one file in one JVM (two services, say) share the lock: no lock error, nothing lost. */
	@Test
	void twoRegistriesInOneProcessAddingAtOnceLoseNothing() throws Exception {
		ServerRegistryImpl other = TestServers.registry(dir, secure, clock);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (ServerRegistryImpl reg : List.of(registry, other)) {
				String prefix = reg == registry ? "A" : "B"; //$NON-NLS-1$ //$NON-NLS-2$
				done.add(threads.submit(() -> {
					start.await();
					for (int i = 0; i < 20; i++) {
						reg.add(TestServers.server(prefix + i).build(), (prefix + i).toCharArray());
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : done) {
				f.get(2, TimeUnit.MINUTES);
			}
		} finally {
			threads.shutdownNow();
		}
		ServerRegistryImpl reopened = TestServers.registry(dir, secure, clock);
		assertEquals(40, reopened.servers().size());
		for (MailServer server : reopened.servers()) {
			assertArrayEquals(server.name().toCharArray(), reopened.password(server.id()).orElseThrow(), server.name());
		}
	}

	/** A workbench hears about the command line's changes as they are written, not only on its next read. */
	@Test
	void listenersHearOfChangesAnotherProcessWrites() throws Exception {
		ServerRegistryImpl workbench = registry;
		MailServer kept = workbench.add(TestServers.server("Kept").build(), null); //$NON-NLS-1$
		BlockingQueue<String> heard = new LinkedBlockingQueue<>();
		workbench.addListener((kind, server) -> heard.add(kind + " " + server.name())); //$NON-NLS-1$
		workbench.startWatching();
		try {
			ServerRegistryImpl commandLine = TestServers.registry(dir, secure, clock);
			MailServer added = commandLine.add(TestServers.server("Added by CLI").build(), null); //$NON-NLS-1$
			assertEquals("ADDED Added by CLI", heard.poll(20, TimeUnit.SECONDS)); //$NON-NLS-1$
			commandLine.update(commandLine.get(kept.id()).orElseThrow().toBuilder().host("changed.example.com").build()); //$NON-NLS-1$
			assertEquals("UPDATED Kept", heard.poll(20, TimeUnit.SECONDS)); //$NON-NLS-1$
			commandLine.delete(added.id());
			assertEquals("REMOVED Added by CLI", heard.poll(20, TimeUnit.SECONDS)); //$NON-NLS-1$
		} finally {
			workbench.stopWatching();
		}
		assertEquals(null, heard.poll(), "nothing else was heard"); //$NON-NLS-1$
	}
}
