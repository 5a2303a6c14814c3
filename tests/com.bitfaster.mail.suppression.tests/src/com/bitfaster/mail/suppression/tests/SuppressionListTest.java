package com.bitfaster.mail.suppression.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.suppression.SuppressionList.ImportSummary;
import com.bitfaster.mail.suppression.internal.DeliverabilitySettingsImpl;
import com.bitfaster.mail.suppression.internal.SuppressionListImpl;

class SuppressionListTest {

	@TempDir
	Path dir;
	private Path data;
	private DeliverabilitySettingsImpl settings;
	private SuppressionList list;

	@BeforeEach
	void setUp() {
		data = dir.resolve("data");
		settings = new DeliverabilitySettingsImpl(data);
		list = new SuppressionListImpl(data, settings, Clock.systemUTC());
	}

	@Test
	void addListRemoveAndOwnerOnly() throws Exception {
		assertFalse(list.isSuppressed("ann@example.com"));
		assertTrue(list.add("Ann@Example.com", Reason.MANUAL, "user"));
		assertFalse(list.add("ann@example.com", Reason.UNSUBSCRIBE, "again"), "already there");
		assertTrue(list.isSuppressed("<ANN@example.com>"));
		assertEquals(List.of("ann@example.com"), list.list().stream().map(SuppressionEntry::address).toList());
		assertEquals(Reason.MANUAL, list.list().get(0).reason());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(list.file())));
		// another instance (another program) sees it, and sees its removal
		SuppressionList other = new SuppressionListImpl(data, settings, Clock.systemUTC());
		assertTrue(other.isSuppressed("ann@example.com"));
		assertTrue(other.remove("ann@example.com"));
		assertFalse(list.isSuppressed("ann@example.com"));
		assertFalse(list.remove("ann@example.com"));
		assertThrows(CoreException.class, () -> list.add("not an address", Reason.MANUAL, "user"));
		assertThrows(CoreException.class, () -> list.add("a@b.com>, c@d.com", Reason.MANUAL, "user"));
	}

	@Test
	void concurrentAddersLoseNothing() throws Exception {
		int threads = 4;
		int each = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int n = t;
				// each thread its own instance, as separate programs would have
				SuppressionList mine = new SuppressionListImpl(data, settings, Clock.systemUTC());
				done.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						mine.add("t" + n + "-" + i + "@example.com", Reason.HARD_BOUNCE, "thread " + n);
					}
					return null;
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		} finally {
			pool.shutdownNow();
		}
		assertEquals(threads * each, list.list().size());
	}

	@Test
	void damagedFileKeptAsideReportedAndBlocksUntilRepaired() throws Exception {
		list.add("ann@example.com", Reason.MANUAL, "user");
		Files.writeString(list.file(), "{\"version\":1,\"entries\":[{\"address\":", StandardCharsets.UTF_8);
		CoreException e = assertThrows(CoreException.class, () -> list.isSuppressed("bob@example.com"));
		assertTrue(e.getMessage().contains("damaged"), e.getMessage());
		assertTrue(e.getMessage().contains("Nothing is sent"), e.getMessage());
		List<Path> aside;
		try (Stream<Path> files = Files.list(data)) {
			aside = files.filter(p -> p.getFileName().toString().startsWith("suppression.json.damaged-")).toList();
		}
		assertEquals(1, aside.size());
		assertEquals("{\"version\":1,\"entries\":[{\"address\":", Files.readString(aside.get(0)));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(aside.get(0))));
		// not replaced: adding fails too, the damaged file stays as it was
		assertThrows(CoreException.class, () -> list.add("bob@example.com", Reason.MANUAL, "user"));
		assertEquals("{\"version\":1,\"entries\":[{\"address\":", Files.readString(list.file()));
		// kept aside once, not at every use
		try (Stream<Path> files = Files.list(data)) {
			assertEquals(1, files.filter(p -> p.getFileName().toString().contains(".damaged-")).count());
		}
		Files.delete(list.file());
		assertTrue(list.add("bob@example.com", Reason.MANUAL, "user"));
	}

	@Test
	void exportNeutralisesFormulasAndImportRestoresThem() throws Exception {
		list.add("=cmd@example.com", Reason.MANUAL, "+SUM(1)");
		list.add("ann@example.com", Reason.UNSUBSCRIBE, "-campaign");
		list.add("@x@example.com", Reason.COMPLAINT, "ok");
		Path csv = dir.resolve("out.csv");
		assertEquals(3, list.exportCsv(csv));
		String text = Files.readString(csv);
		assertTrue(text.startsWith("address,reason,date,source"), text);
		assertTrue(text.contains("'=cmd@example.com,MANUAL,"), text);
		assertTrue(text.contains(",'+SUM(1)"), text);
		assertTrue(text.contains(",'-campaign"), text);
		assertTrue(text.contains("'@x@example.com,COMPLAINT"), text);
		for (String line : text.split("\r?\n")) {
			assertFalse(line.matches("^[=+\\-@].*"), line);
		}
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));

		SuppressionList fresh = new SuppressionListImpl(dir.resolve("fresh"), settings, Clock.systemUTC());
		ImportSummary s = fresh.importCsv(csv);
		assertEquals(3, s.added());
		assertEquals(list.list(), fresh.list());
	}

	@Test
	void importsWebUnsubscribesWithAndWithoutHeader() throws Exception {
		Path withHeader = dir.resolve("web.csv");
		Files.writeString(withHeader, "Email,Name\nann@example.com,Ann\nnot-an-address,X\nBOB@example.com,Bob\n");
		ImportSummary s = list.importCsv(withHeader);
		assertEquals(2, s.added());
		assertEquals(1, s.invalid().size());
		assertTrue(s.invalid().get(0).startsWith("Line 3"), s.invalid().get(0));
		assertEquals(Reason.UNSUBSCRIBE, list.list().get(0).reason());
		assertEquals("web.csv", list.list().get(0).source());
		Path bare = dir.resolve("bare.csv");
		Files.writeString(bare, "bob@example.com\ncarol@example.com,hard bounce\n");
		s = list.importCsv(bare);
		assertEquals(1, s.added());
		assertEquals(1, s.already());
		assertEquals(Reason.HARD_BOUNCE,
				list.list().stream().filter(e -> e.address().equals("carol@example.com")).findFirst().get().reason());
	}

	@Test
	void softBouncesSuppressAfterTheLimitWithinThePeriod() throws Exception {
		settings.set(new Deliverability("bounce.example.com", "", 3, 14));
		Instant now = Instant.now();
		assertFalse(list.recordSoftBounce("ann@example.com", now.minus(Duration.ofDays(20)), "c1"));
		assertFalse(list.recordSoftBounce("ann@example.com", now.minus(Duration.ofDays(2)), "c1"));
		assertFalse(list.recordSoftBounce("ann@example.com", now.minus(Duration.ofDays(1)), "c2"));
		assertFalse(list.recordSoftBounce("ann@example.com", now.minus(Duration.ofDays(1)), "c2"), "same bounce twice");
		assertFalse(list.isSuppressed("ann@example.com"), "the bounce 20 days ago is outside the period");
		assertTrue(list.recordSoftBounce("ann@example.com", now, "c3"));
		assertTrue(list.isSuppressed("ann@example.com"));
		assertEquals(Reason.SOFT_BOUNCES, list.list().get(0).reason());
	}

	@Test
	void settingsAreCheckedAndKept() throws Exception {
		assertEquals(Deliverability.DEFAULTS, settings.get());
		settings.set(new Deliverability("Bounce.Example.com", "", 5, 30));
		Deliverability d = new DeliverabilitySettingsImpl(data).get();
		assertEquals("bounce.example.com", d.returnPathDomain());
		assertEquals("bounce.example.com", d.effectiveUnsubscribeDomain());
		assertTrue(d.verp());
		assertEquals(5, d.softBounceLimit());
		assertThrows(CoreException.class, () -> settings.set(new Deliverability("not a domain", "", 3, 14)));
		assertThrows(CoreException.class, () -> settings.set(new Deliverability("", "", 0, 14)));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.file())));
	}
}
