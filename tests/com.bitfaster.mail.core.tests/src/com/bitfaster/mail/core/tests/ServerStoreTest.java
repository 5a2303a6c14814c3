package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.ServerStore;

class ServerStoreTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC); //$NON-NLS-1$

	@TempDir
	Path dir;

	@Test
	void everyFieldSurvivesARoundTrip() throws IOException {
		ServerStore store = new ServerStore(dir.resolve("servers.json"), CLOCK); //$NON-NLS-1$
		MailServer full = TestServers.everyField("Campaign Server"); //$NON-NLS-1$
		MailServer minimal = MailServer.builder().name("Minimal").host("localhost").build(); //$NON-NLS-1$ //$NON-NLS-2$
		store.save(List.of(full, minimal));

		ServerStore.LoadResult loaded = new ServerStore(dir.resolve("servers.json"), CLOCK).load(); //$NON-NLS-1$
		assertNull(loaded.problem());
		assertEquals(List.of(full, minimal), loaded.servers());
		String json = Files.readString(dir.resolve("servers.json")); //$NON-NLS-1$
		assertTrue(json.contains("\"schemaVersion\": 1"), json); //$NON-NLS-1$
	}

	@Test
	void theSecondSaveKeepsThePreviousVersionAsBackup() throws IOException {
		ServerStore store = new ServerStore(dir.resolve("servers.json"), CLOCK); //$NON-NLS-1$
		store.save(List.of(TestServers.server("First").build())); //$NON-NLS-1$
		byte[] first = Files.readAllBytes(store.file());
		store.save(List.of(TestServers.server("Second").build())); //$NON-NLS-1$
		assertArrayEquals(first, Files.readAllBytes(store.backupFile()));
	}

	/** A write that dies half-way (disk full, crash) leaves the old file whole and no temporary file behind. */
	@Test
	void anInterruptedWriteLeavesTheOldFile() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		new ServerStore(file, CLOCK).save(List.of(TestServers.server("Old").build())); //$NON-NLS-1$
		byte[] before = Files.readAllBytes(file);

		List<MailServer> many = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			many.add(TestServers.server("New " + i).build()); //$NON-NLS-1$
		}
		ServerStore failing = new ServerStore(file, CLOCK, out -> new FailAfter(out, 1000));
		assertThrows(IOException.class, () -> failing.save(many));

		assertArrayEquals(before, Files.readAllBytes(file));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList()); //$NON-NLS-1$
		}
		ServerStore.LoadResult reloaded = new ServerStore(file, CLOCK).load();
		assertEquals(List.of("Old"), reloaded.servers().stream().map(MailServer::name).toList()); //$NON-NLS-1$
	}

	/** A crash after the temporary file was written but before the rename: the old file is read, the leftover ignored. */
	@Test
	void aLeftoverTemporaryFileIsIgnored() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		new ServerStore(file, CLOCK).save(List.of(TestServers.server("Old").build())); //$NON-NLS-1$
		Files.writeString(dir.resolve("servers.json12345.tmp"), "{\"schemaVersion\":1,\"servers\":[{\"id\":"); //$NON-NLS-1$ //$NON-NLS-2$
		ServerStore.LoadResult loaded = new ServerStore(file, CLOCK).load();
		assertNull(loaded.problem());
		assertEquals("Old", loaded.servers().get(0).name()); //$NON-NLS-1$
	}

	@Test
	void aCorruptFileIsMovedAsideAndReported() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		byte[] garbage = "{\"schemaVersion\":1,\"servers\":[{\"id\":\"x\",".getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
		Files.write(file, garbage);

		ServerStore store = new ServerStore(file, CLOCK);
		ServerStore.LoadResult result = store.load();

		assertEquals(List.of(), result.servers());
		assertFalse(result.readOnly());
		assertNotNull(result.problem());
		Path aside = dir.resolve("servers.json.corrupt-20261127-100000"); //$NON-NLS-1$
		assertTrue(result.problem().contains(aside.toString()), result.problem());
		assertArrayEquals(garbage, Files.readAllBytes(aside));
		assertFalse(Files.exists(file));
		store.save(List.of(TestServers.server("After").build())); //$NON-NLS-1$
		assertEquals(1, new ServerStore(file, CLOCK).load().servers().size());
		assertArrayEquals(garbage, Files.readAllBytes(aside));
	}

	@Test
	void aCorruptFileWithAGoodBackupIsRestoredFromTheBackup() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		ServerStore store = new ServerStore(file, CLOCK);
		store.save(List.of(TestServers.server("Kept").build())); //$NON-NLS-1$
		store.save(List.of(TestServers.server("Kept").build(), TestServers.server("Newer").build())); //$NON-NLS-1$ //$NON-NLS-2$
		Files.write(file, new byte[] { (byte) 0xff, (byte) 0xfe, 0 });

		ServerStore.LoadResult result = new ServerStore(file, CLOCK).load();
		assertEquals(List.of("Kept"), result.servers().stream().map(MailServer::name).toList()); //$NON-NLS-1$
		assertTrue(result.problem().contains("restored from the previous version"), result.problem()); //$NON-NLS-1$
	}

	@Test
	void aNewerSchemaIsRefusedAndTheFileLeftUntouched() throws IOException {
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		byte[] newer = "{\"schemaVersion\": 2, \"servers\": [{\"id\": \"a\", \"name\": \"From the future\", \"shape\": 3}]}" //$NON-NLS-1$
				.getBytes(StandardCharsets.UTF_8);
		Files.write(file, newer);

		ServerStore.LoadResult result = new ServerStore(file, CLOCK).load();
		assertTrue(result.readOnly());
		assertEquals(List.of(), result.servers());
		assertTrue(result.problem().contains("newer BitFaster Workbench (format 2"), result.problem()); //$NON-NLS-1$
		assertArrayEquals(newer, Files.readAllBytes(file));
		try (Stream<Path> files = Files.list(dir)) {
			// Nothing written: no backup, no temporary file; only the lock file that reading takes.
			assertEquals(List.of("servers.json", "servers.json.lock"), //$NON-NLS-1$ //$NON-NLS-2$
					files.map(f -> f.getFileName().toString()).sorted().toList());
		}
	}

	@Test
	void fiveThousandServersLoadAndSaveQuickly() throws IOException {
		List<MailServer> servers = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			servers.add(TestServers.everyField(String.format("Server %04d", i))); //$NON-NLS-1$
		}
		Path file = dir.resolve("servers.json"); //$NON-NLS-1$
		ServerStore store = new ServerStore(file, CLOCK);
		store.save(servers); // warm up
		long t0 = System.nanoTime();
		store.save(servers);
		long t1 = System.nanoTime();
		ServerStore.LoadResult loaded = new ServerStore(file, CLOCK).load();
		long t2 = System.nanoTime();
		assertEquals(servers, loaded.servers());
		System.out.printf("5,000 servers (%,d bytes): save %d ms, load %d ms%n", Files.size(file), //$NON-NLS-1$
				(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
	}

	/** Throws after a number of bytes, like a full disk. */
	private static final class FailAfter extends FilterOutputStream {
		private int remaining;

		FailAfter(OutputStream out, int bytes) {
			super(out);
			remaining = bytes;
		}

		@Override
		public void write(int b) throws IOException {
			if (remaining-- <= 0) {
				throw new IOException("No space left on device (simulated)"); //$NON-NLS-1$
			}
			out.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			for (int i = 0; i < len; i++) {
				write(b[off + i]);
			}
		}
	}
}
