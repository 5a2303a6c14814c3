package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.CampaignJournal;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLock;
import com.bitfaster.mail.campaign.CampaignLockedException;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.LedgerMismatchException;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.internal.LedgerScan;
import com.bitfaster.mail.tests.support.CampaignLockHolder;

class CampaignLedgerTest {

	@TempDir
	Path dir;

	private static Map<String, LedgerEntry> byAddress(CampaignReport report) {
		return report.entries().stream().collect(Collectors.toMap(LedgerEntry::address, e -> e));
	}

	/** The bytes a {@code kill -9} leaves: the ledger and its lock file as they are now, under another name. */
	private Path crashCopy(Path ledger) throws IOException {
		Path copy = dir.resolve("crashed-" + System.nanoTime() + ".ledger"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.copy(ledger, copy);
		Files.copy(CampaignLock.lockFile(ledger), CampaignLock.lockFile(copy));
		return copy;
	}

	@Test
	void outcomesSurviveAReopenWithTheServersReply() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.begin(List.of("ada@example.org", "bob@example.org", "eve@example.org")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			ledger.sync();
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued as 4Xb\tZ"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("bob@example.org", DeliveryState.REJECTED, 550, "5.1.1 User unknown\r\nsecond line"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("eve@example.org", DeliveryState.DEFERRED, 451, "4.7.1 Greylisted"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		CampaignReport report = CampaignReport.read(file, 4);
		Map<String, LedgerEntry> entries = byAddress(report);
		assertEquals(new LedgerEntry("ada@example.org", DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued as 4Xb\tZ"), //$NON-NLS-1$ //$NON-NLS-2$
				entries.get("ada@example.org")); //$NON-NLS-1$
		assertEquals(new LedgerEntry("bob@example.org", DeliveryState.REJECTED, 550, "5.1.1 User unknown\r\nsecond line"), //$NON-NLS-1$ //$NON-NLS-2$
				entries.get("bob@example.org")); //$NON-NLS-1$
		assertEquals(1, report.count(DeliveryState.PENDING));
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(DeliveryState.ACCEPTED, reopened.state("ADA@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.DEFERRED, reopened.state("eve@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.PENDING, reopened.state("zoe@example.org")); //$NON-NLS-1$
			assertEquals(List.of(), reopened.damage());
		}
	}

	/** The process died after the intent was on disk and before the outcome was: the send may have happened. */
	@Test
	void aSendThatBeganWithoutARecordedOutcomeIsUnknownAfterACrash() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.begin(List.of("ada@example.org", "bob@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.sync();
			Path crashed = crashCopy(file);
			try (CampaignLedger reopened = CampaignLedger.open(crashed)) {
				assertEquals(DeliveryState.ACCEPTED, reopened.state("ada@example.org")); //$NON-NLS-1$
				assertEquals(DeliveryState.UNKNOWN, reopened.state("bob@example.org")); //$NON-NLS-1$
			}
		}
	}

	/**
	 * Another process has taken the run lock but not yet written its name: a run starting then, and a report asking
	 * who runs, wait for the name instead of saying "process ? on ?" (or, for the report's probe, making the starting
	 * run fail). The other process goes on only when the test lets it, so both asks are surely waiting by then or
	 * answered wrongly before.
	 */
	@Test
	void aLockTakenButNotYetNamedIsReportedWithTheNameOnceWritten() throws Exception {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		ExecutorService asks = Executors.newFixedThreadPool(2);
		try (CampaignLockHolder other = CampaignLockHolder.startUnnamed(CampaignLock.lockFile(file), dir)) {
			Future<CampaignLockedException> run = asks
					.submit(() -> assertThrows(CampaignLockedException.class, () -> CampaignLedger.open(file)));
			Future<CampaignLock.Holder> report = asks.submit(() -> CampaignLock.holder(file).orElse(null));
			other.name();
			CampaignLockedException refused = run.get(60, TimeUnit.SECONDS);
			assertFalse(refused.inThisProcess());
			assertNotNull(refused.holder(), refused.getMessage());
			assertEquals(other.pid(), refused.holder().pid());
			assertNotNull(report.get(60, TimeUnit.SECONDS));
			assertEquals(other.pid(), report.get().pid());
		} finally {
			asks.shutdownNow();
		}
		try (CampaignLedger ledger = CampaignLedger.open(file)) { // the holder is gone: the lock is free
			assertEquals(ProcessHandle.current().pid(), CampaignLock.holder(file).orElseThrow().pid());
		}
	}

	@Test
	void aSecondWriterIsRefusedWhileTheFirstHoldsTheLockAndMayOpenAfterIt() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			CampaignLockedException locked = assertThrows(CampaignLockedException.class, () -> CampaignLedger.open(file));
			assertTrue(locked.inThisProcess());
			assertEquals(ProcessHandle.current().pid(), CampaignLock.holder(file).orElseThrow().pid());
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		assertTrue(CampaignLock.holder(file).isEmpty());
		try (CampaignLedger again = CampaignLedger.open(file)) {
			assertEquals(DeliveryState.ACCEPTED, again.state("ada@example.org")); //$NON-NLS-1$
		}
	}

	@Test
	void aTornLastLineIsCutOffByTheWriterOnlyAndWritingContinuesAfterTheLastGoodRecord() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		long good = Files.size(file);
		Files.writeString(file, "3\t1700000000000\tOUTCOME\tbob@exa", StandardCharsets.UTF_8, StandardOpenOption.APPEND); //$NON-NLS-1$
		byte[] torn = Files.readAllBytes(file);
		CampaignReport report = CampaignReport.read(file, 2);
		assertArrayEquals(torn, Files.readAllBytes(file), "a reader changed the file"); //$NON-NLS-1$
		assertEquals(List.of(), report.damage(), "a line being written is not damage"); //$NON-NLS-1$
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(good, Files.size(file));
			assertEquals(DeliveryState.PENDING, reopened.state("bob@example.org")); //$NON-NLS-1$
			reopened.record("bob@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		CampaignReport after = CampaignReport.read(file, 2);
		assertEquals(2, after.count(DeliveryState.ACCEPTED));
		assertEquals(List.of(), after.damage());
	}

	/** What the CLI's report did to a running campaign: a read must leave an appended ledger as it is. */
	@Test
	void readingWhileARunAppendsNeverChangesTheLedger() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			for (int i = 0; i < 200; i++) {
				String address = "r" + i + "@example.org"; //$NON-NLS-1$ //$NON-NLS-2$
				ledger.begin(List.of(address));
				byte[] before = Files.readAllBytes(file);
				CampaignReport report = CampaignReport.read(file, 200);
				assertArrayEquals(before, Files.readAllBytes(file));
				assertEquals(i, report.count(DeliveryState.ACCEPTED));
				ledger.record(address, DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$
			}
		}
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(List.of(), reopened.damage());
		}
		assertEquals(200, CampaignReport.read(file, 200).count(DeliveryState.ACCEPTED));
	}

	@Test
	void aDamagedRecordIsSkippedAndReportedAndTheRecordsAfterItStillCount() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("bob@example.org", DeliveryState.REJECTED, 550, "No"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("eve@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		String text = Files.readString(file).replace("REJECTED\t550", "ACCEPTED\t550"); // flipped bits //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(file, text);
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(1, reopened.damage().size(), reopened.damage().toString());
			assertTrue(reopened.damage().get(0).offset() > 0);
			assertEquals(DeliveryState.ACCEPTED, reopened.state("ada@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.ACCEPTED, reopened.state("eve@example.org"), "a record after the damage still counts"); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(DeliveryState.UNKNOWN, reopened.state("bob@example.org"), "its record may have been lost"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		assertTrue(Files.readString(file).contains("ACCEPTED\t550"), "damage is kept, not silently replaced"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void aLedgerOfAnotherCampaignIsRefusedUntilStartedFreshWithTheOldOneKeptAside() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file, "campaign-a")) { //$NON-NLS-1$
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		CampaignJournal.requestResend(file, List.of("ada@example.org")); //$NON-NLS-1$
		LedgerMismatchException e = assertThrows(LedgerMismatchException.class, () -> CampaignLedger.open(file, "campaign-b")); //$NON-NLS-1$
		assertEquals("campaign-a", e.ledgerCampaignId()); //$NON-NLS-1$
		assertTrue(e.getMessage().contains("another campaign"), e.getMessage()); //$NON-NLS-1$
		Path aside = CampaignLedger.startFresh(file);
		assertNotNull(aside);
		assertTrue(Files.readString(aside).contains("ada@example.org")); //$NON-NLS-1$
		assertFalse(Files.exists(CampaignJournal.journalFile(file)), "the old campaign's journal went aside too"); //$NON-NLS-1$
		assertTrue(Files.exists(CampaignJournal.journalFile(aside)));
		try (CampaignLedger fresh = CampaignLedger.open(file, "campaign-b")) { //$NON-NLS-1$
			assertEquals(DeliveryState.PENDING, fresh.state("ada@example.org")); //$NON-NLS-1$
			assertEquals("campaign-b", fresh.campaignId()); //$NON-NLS-1$
			assertEquals(List.of(), fresh.damage(), "the old ledger's mark went aside with it"); //$NON-NLS-1$
		}
	}

	@Test
	void aLedgerOfTheFormerFormatIsAdopted() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		String v1 = line("ACCEPTED\tada@example.org\t250\tOk") + line("SENDING\tbob@example.org\t0\t") //$NON-NLS-1$ //$NON-NLS-2$
				+ line("DEFERRED\teve@example.org\t451\tLater"); //$NON-NLS-1$
		Files.writeString(file, v1);
		try (CampaignLedger ledger = CampaignLedger.open(file, "campaign-a")) { //$NON-NLS-1$
			assertEquals(DeliveryState.ACCEPTED, ledger.state("ada@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.UNKNOWN, ledger.state("bob@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.DEFERRED, ledger.state("eve@example.org")); //$NON-NLS-1$
			assertEquals("campaign-a", ledger.campaignId()); //$NON-NLS-1$
		}
		assertEquals(v1, Files.readString(dir.resolve("campaign.ledger.v1"))); //$NON-NLS-1$
		assertEquals(DeliveryState.DEFERRED, byAddress(CampaignReport.read(file, 3)).get("eve@example.org").state()); //$NON-NLS-1$
	}

	private static String line(String body) {
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(body.getBytes(StandardCharsets.UTF_8));
		return body + '\t' + Long.toHexString(crc.getValue()) + '\n';
	}

	/** Records cut off after they were synced (the file truncated) are damage: the recipients they named are unknown. */
	@Test
	void aLedgerCutShortAfterItsLastSyncReadsUnknownNotPending() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		List<Recipient> batch = recipients(1, 10);
		String sha = "list-sha"; //$NON-NLS-1$
		long before;
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.beginRun("PENDING", sha); //$NON-NLS-1$
			ledger.sync();
			before = Files.size(file);
			ledger.beginRecipients(batch);
			ledger.sync();
		}
		try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(before);
		}
		LedgerScan scan = CampaignLedger.read(file);
		assertFalse(scan.damage().isEmpty());
		for (Recipient r : batch) {
			assertEquals(DeliveryState.UNKNOWN, scan.state(r.address(), r.line(), sha), r.address());
		}
	}

	/** The user's choice to resend an UNKNOWN recipient goes to the side journal, never into a ledger a run may hold. */
	@Test
	void aResendFromTheJournalMakesAnUnknownRecipientPendingOnceAndABounceChangesNoState() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.begin(List.of("ada@example.org", "bob@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		assertEquals(DeliveryState.UNKNOWN, CampaignLedger.read(file).state("bob@example.org", 0, null)); //$NON-NLS-1$
		byte[] ledgerBefore = Files.readAllBytes(file);
		CampaignJournal.requestResend(file, List.of("bob@example.org", "ada@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
		CampaignJournal.recordBounce(file, "ada@example.org", "hard", "5.1.1", "User unknown"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		assertArrayEquals(ledgerBefore, Files.readAllBytes(file), "the journal, not the ledger"); //$NON-NLS-1$
		LedgerScan read = CampaignLedger.read(file);
		assertEquals(DeliveryState.PENDING, read.state("bob@example.org", 0, null)); //$NON-NLS-1$
		assertEquals(DeliveryState.ACCEPTED, read.state("ada@example.org", 0, null), "accepted stays accepted"); //$NON-NLS-1$ //$NON-NLS-2$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			assertEquals(DeliveryState.PENDING, ledger.state("bob@example.org")); //$NON-NLS-1$
			ledger.begin(List.of("bob@example.org")); //$NON-NLS-1$
			ledger.record("bob@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		// The journal's resend was applied once: it does not make bob pending again.
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			assertEquals(DeliveryState.ACCEPTED, ledger.state("bob@example.org")); //$NON-NLS-1$
		}
		assertEquals(DeliveryState.ACCEPTED, CampaignLedger.read(file).state("bob@example.org", 0, null)); //$NON-NLS-1$
		assertEquals(3, CampaignJournal.read(CampaignJournal.journalFile(file)).size());
	}

	@Test
	void concurrentWritersShareSyncsAndLoseNothing() throws Exception {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 250; i++) {
						String address = "user" + thread + "-" + i + "@example.org"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						ledger.begin(List.of(address));
						ledger.sync();
						ledger.record(address, DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get(60, TimeUnit.SECONDS);
			}
		} finally {
			pool.shutdownNow();
		}
		CampaignReport report = CampaignReport.read(file, 1000);
		assertEquals(1000, report.count(DeliveryState.ACCEPTED));
		assertEquals(List.of(), report.damage());
	}

	static List<Recipient> recipients(int from, int count) {
		List<Recipient> list = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			list.add(new Recipient(i + 1, "r" + i + "@example.org", Map.of())); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return list;
	}

	static void copy(Path from, Path to) throws IOException {
		Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
	}
}
