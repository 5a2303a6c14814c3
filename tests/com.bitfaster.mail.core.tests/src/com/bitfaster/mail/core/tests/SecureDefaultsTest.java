package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerValidation;
import com.bitfaster.mail.core.internal.ServerJson;
import com.bitfaster.mail.core.internal.ServerStore;

/**
 * Secure by default: new servers use STARTTLS on 587; encryption none with a user name needs the explicit
 * "allow the password without encryption"; a stored server from before that setting keeps working (marked allowed),
 * an imported one does not.
 */
class SecureDefaultsTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T22:00:00Z"), ZoneOffset.UTC); //$NON-NLS-1$

	/** Three servers as a version before {@code allowPlaintextAuth} wrote them. */
	private static final String OLD_SERVERS = """
			{
			  "kind": "%s",
			  "schemaVersion": 1,
			  "servers": [
			    { "id": "11111111-1111-1111-1111-111111111111", "name": "Old Relay", "transportType": "smtp",
			      "host": "relay.company.com", "port": 25, "username": "campaigns", "timeoutSeconds": 30,
			      "encryption": "none", "active": true },
			    { "id": "22222222-2222-2222-2222-222222222222", "name": "Old Anonymous", "transportType": "smtp",
			      "host": "127.0.0.1", "port": 2525, "username": "", "encryption": "none" },
			    { "id": "33333333-3333-3333-3333-333333333333", "name": "Old TLS", "transportType": "smtp",
			      "host": "smtp.company.com", "port": 587, "username": "campaigns", "encryption": "starttls" },
			    { "id": "44444444-4444-4444-4444-444444444444", "name": "No Encryption Field", "host": "smtp.company.com",
			      "username": "campaigns" }
			  ]
			}
			"""; //$NON-NLS-1$

	@TempDir
	Path dir;

	private static Map<String, MailServer> byName(List<MailServer> servers) {
		return servers.stream().collect(Collectors.toMap(MailServer::name, Function.identity()));
	}

	private static List<ServerField> fields(MailServer server) {
		return ServerValidation.validate(server).stream().map(FieldProblem::field).toList();
	}

	@Test
	void newServersUseStartTlsOnTheSubmissionPort() {
		MailServer fresh = MailServer.builder().name("Office").host("smtp.example.test").build(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("starttls", fresh.encryption()); //$NON-NLS-1$
		assertEquals(587, fresh.port());
		assertFalse(fresh.allowPlaintextAuth());
		assertTrue(fields(fresh.toBuilder().username("me").build()).isEmpty()); //$NON-NLS-1$
	}

	@Test
	void noneWithAUserNameNeedsTheExplicitTick() {
		MailServer plain = MailServer.builder().name("Plain").host("127.0.0.1").port(25) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption(MailServer.ENCRYPTION_NONE).username("me").build(); //$NON-NLS-1$
		assertEquals(List.of(ServerField.ALLOW_PLAINTEXT_AUTH), fields(plain), "loopback is not exempt"); //$NON-NLS-1$
		String message = ServerValidation.validate(plain).get(0).message();
		assertTrue(message.contains("readable") && message.contains("Allow the password without encryption"), message); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(message.contains("\n"), message); //$NON-NLS-1$
		assertTrue(fields(plain.toBuilder().allowPlaintextAuth(true).build()).isEmpty());
		// No user name: nothing secret to send (the built-in local mail server).
		assertTrue(fields(plain.toBuilder().username("").build()).isEmpty()); //$NON-NLS-1$
	}

	@Test
	void anOldStoreKeepsItsPlainServersWorkingAndWritesTheTick() throws IOException {
		Path file = dir.resolve(ServerStore.FILE_NAME);
		Files.writeString(file, OLD_SERVERS.formatted(ServerJson.KIND_STORE), StandardCharsets.UTF_8);
		ServerStore store = new ServerStore(file, CLOCK);
		ServerStore.LoadResult loaded = store.load();
		assertNull(loaded.problem());
		Map<String, MailServer> servers = byName(loaded.servers());
		assertTrue(servers.get("Old Relay").allowPlaintextAuth(), "a running campaign must not break"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(fields(servers.get("Old Relay")).isEmpty()); //$NON-NLS-1$
		assertFalse(servers.get("Old Anonymous").allowPlaintextAuth(), "no password, nothing to allow"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(servers.get("Old TLS").allowPlaintextAuth()); //$NON-NLS-1$
		// Without the encryption field: the secure default.
		assertEquals("starttls", servers.get("No Encryption Field").encryption()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(587, servers.get("No Encryption Field").port()); //$NON-NLS-1$
		assertFalse(servers.get("No Encryption Field").allowPlaintextAuth()); //$NON-NLS-1$

		store.save(loaded.servers());
		String json = Files.readString(file);
		assertTrue(json.contains("\"allowPlaintextAuth\": true"), json); //$NON-NLS-1$
		// Once written, the field is what counts: an explicit false is not upgraded again.
		Files.writeString(file, json.replace("\"allowPlaintextAuth\": true", "\"allowPlaintextAuth\": false")); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(byName(new ServerStore(file, CLOCK).load().servers()).get("Old Relay").allowPlaintextAuth()); //$NON-NLS-1$
	}

	@Test
	void anImportIsNotUpgraded() {
		Map<String, MailServer> imported = byName(
				ServerJson.read(OLD_SERVERS.formatted(ServerJson.KIND_EXPORT)).servers());
		MailServer relay = imported.get("Old Relay"); //$NON-NLS-1$
		assertFalse(relay.allowPlaintextAuth());
		assertEquals(List.of(ServerField.ALLOW_PLAINTEXT_AUTH), fields(relay));
		assertEquals("starttls", imported.get("No Encryption Field").encryption()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(587, imported.get("No Encryption Field").port()); //$NON-NLS-1$
	}
}
