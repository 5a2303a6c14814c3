package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLock;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.campaign.internal.BootId;
import com.bitfaster.mail.campaign.internal.LedgerScan;

/**
 * The HANDED record: after a run ended, an intent with no HANDED record and no outcome never reached its final "."
 * and reads PENDING; with one it reads UNKNOWN. Only as long as the unsynced records can be trusted: the same boot, a
 * run that records the handover, no damage that may hide one, no HANDED record cut short by a crash.
 */
class HandedRecordTest {

	private static final String SHA = "list-sha"; //$NON-NLS-1$
	private static final String OTHER_BOOT = "00000000-0000-0000-0000-000000000000"; //$NON-NLS-1$

	@TempDir
	Path dir;

	/** Reads a ledger (with its mark) as a reader in the boot {@code bootId} does. */
	private static LedgerScan readInBoot(Path file, String bootId) throws IOException {
		CampaignLock.Mark mark = CampaignLock.mark(file);
		try (InputStream in = Files.newInputStream(file)) {
			return LedgerScan.read(in, Files.size(file), mark.seq(), mark.runSeq(), mark.line(), bootId);
		}
	}

	/** The bytes a {@code kill -9} leaves: the ledger and its lock file as they are now, under another name. */
	private Path crashCopy(Path ledger) throws IOException {
		Path copy = dir.resolve("crashed-" + System.nanoTime() + ".ledger"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.copy(ledger, copy);
		Files.copy(CampaignLock.lockFile(ledger), CampaignLock.lockFile(copy));
		return copy;
	}

	/**
	 * A batch in flight when the process died: r0 got no further than its intent, r1 reached its final ".", r2 was
	 * accepted. Returns the live ledger's file; the ledger stays open (its run holds the lock) until closed.
	 */
	private static CampaignLedger runKilledInFlight(Path file, boolean handoverRecorded) throws IOException {
		CampaignLedger ledger = CampaignLedger.open(file);
		ledger.beginRun("PENDING", SHA, 3, handoverRecorded); //$NON-NLS-1$
		ledger.beginRecipients(CampaignLedgerTest.recipients(0, 3));
		ledger.sync();
		ledger.handed("r1@example.org"); //$NON-NLS-1$
		ledger.handed("r2@example.org"); //$NON-NLS-1$
		ledger.record("r2@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		return ledger;
	}

	private static DeliveryState state(LedgerScan scan, int i) {
		return scan.state("r" + i + "@example.org", i + 1, SHA); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void anIntentWithoutHandedReadsPendingInTheSameBootAndUnknownInAnother() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		Path crashed;
		try (CampaignLedger ledger = runKilledInFlight(file, true)) {
			crashed = crashCopy(file);
		}
		assertTrue(Files.readString(crashed).contains("\t" + BootId.current() + "\t" + SHA + "\t3\thandover\t"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"the RUN record names the boot and that the run records the handover"); //$NON-NLS-1$

		LedgerScan sameBoot = readInBoot(crashed, BootId.current());
		assertEquals(DeliveryState.PENDING, state(sameBoot, 0), "never reached its final '.'"); //$NON-NLS-1$
		assertEquals(DeliveryState.UNKNOWN, state(sameBoot, 1), "handed over: it may have arrived"); //$NON-NLS-1$
		assertEquals(DeliveryState.ACCEPTED, state(sameBoot, 2));

		LedgerScan afterReboot = readInBoot(crashed, OTHER_BOOT);
		assertEquals(DeliveryState.UNKNOWN, state(afterReboot, 0), "a reboot may have lost its HANDED record"); //$NON-NLS-1$
		assertEquals(DeliveryState.UNKNOWN, state(afterReboot, 1));
		assertEquals(DeliveryState.ACCEPTED, state(afterReboot, 2));

		// The writer of the next run (this boot) sees the same, and so does the report.
		try (CampaignLedger next = CampaignLedger.open(crashed)) {
			assertEquals(DeliveryState.PENDING, next.state("r0@example.org", 1, SHA)); //$NON-NLS-1$
			assertEquals(DeliveryState.UNKNOWN, next.state("r1@example.org", 2, SHA)); //$NON-NLS-1$
		}
		CampaignReport report = CampaignReport.read(crashed, new RecipientList(list(3)));
		assertEquals(1, report.count(DeliveryState.PENDING), report.counts().toString());
		assertEquals(1, report.count(DeliveryState.UNKNOWN), report.counts().toString());
		assertEquals(1, report.count(DeliveryState.ACCEPTED), report.counts().toString());
		assertEquals(new LedgerEntry("r0@example.org", DeliveryState.PENDING, 0, ""), //$NON-NLS-1$ //$NON-NLS-2$
				report.entries().stream().filter(e -> e.address().equals("r0@example.org")).findFirst().orElseThrow()); //$NON-NLS-1$
	}

	@Test
	void whileTheRunHoldsTheLockBothInFlightRecipientsAreSending() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = runKilledInFlight(file, true)) {
			CampaignReport live = CampaignReport.read(file, new RecipientList(list(3)));
			assertEquals(2, live.count(DeliveryState.SENDING), live.counts().toString());
			assertEquals(0, live.count(DeliveryState.PENDING), live.counts().toString());
			assertEquals(0, live.count(DeliveryState.UNKNOWN), live.counts().toString());
		}
	}

	/** A run of a version without the handover callback (or a transport that cannot tell): every intent stays unknown. */
	@Test
	void aRunThatDoesNotRecordTheHandoverLeavesEveryIntentWithoutOutcomeUnknown() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		Path crashed;
		try (CampaignLedger ledger = runKilledInFlight(file, false)) {
			crashed = crashCopy(file);
		}
		LedgerScan scan = readInBoot(crashed, BootId.current());
		assertEquals(DeliveryState.UNKNOWN, state(scan, 0));
		assertEquals(DeliveryState.UNKNOWN, state(scan, 1));
		try (CampaignLedger next = CampaignLedger.open(crashed)) {
			assertEquals(DeliveryState.UNKNOWN, next.state("r0@example.org", 1, SHA)); //$NON-NLS-1$
		}
	}

	/**
	 * Damage after an intent may hide its HANDED record: the recipient reads UNKNOWN, never PENDING. A recipient whose
	 * intent the damage hid is in the damage's range: UNKNOWN too.
	 */
	@Test
	void damageThatMayHideAHandedRecordOrAnIntentLeavesUnknownNotPending() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.beginRun("PENDING", SHA, 10, true); //$NON-NLS-1$
			ledger.beginRecipients(CampaignLedgerTest.recipients(0, 10));
			ledger.sync();
			ledger.handed("r3@example.org"); //$NON-NLS-1$
			ledger.handed("r4@example.org"); //$NON-NLS-1$
			ledger.record("r4@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		// A changed byte in r3's HANDED record and in r6's intent: neither record counts any more.
		String text = Files.readString(file).replace("HANDED\tr3@", "HANDED\tR3@").replace("INTENT\tr6@", "INTENT\tR6@"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Files.writeString(file, text);
		for (LedgerScan scan : List.of(readInBoot(file, BootId.current()), CampaignLedger.read(file))) {
			assertEquals(2, scan.damage().size(), scan.damage().toString());
			assertEquals(DeliveryState.UNKNOWN, state(scan, 3), "its HANDED record was lost to damage"); //$NON-NLS-1$
			assertEquals(DeliveryState.UNKNOWN, state(scan, 6), "its intent was lost to damage"); //$NON-NLS-1$
			assertEquals(DeliveryState.UNKNOWN, state(scan, 0), "damage after its intent may hide a HANDED record"); //$NON-NLS-1$
			assertEquals(DeliveryState.ACCEPTED, state(scan, 4));
			assertEquals(DeliveryState.PENDING, state(scan, 20), "outside the list's range sent to"); //$NON-NLS-1$
		}
		try (CampaignLedger next = CampaignLedger.open(file)) {
			for (int i : new int[] { 0, 3, 6, 9 }) {
				assertEquals(DeliveryState.UNKNOWN, next.state("r" + i + "@example.org", i + 1, SHA)); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
	}

	/**
	 * The RUN record of a run that writes no HANDED records (an older version, after a newer one) is damaged: its
	 * intents seem to belong to the run before, which does. They must not read PENDING.
	 */
	@Test
	void damageThatMayHideTheRecordOfARunWithoutHandoverLeavesItsIntentsUnknown() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.beginRun("PENDING", SHA, 4, true); //$NON-NLS-1$
			ledger.beginRecipients(CampaignLedgerTest.recipients(0, 2));
			ledger.sync();
			ledger.handed("r0@example.org"); //$NON-NLS-1$
			ledger.record("r0@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.handed("r1@example.org"); //$NON-NLS-1$
			ledger.record("r1@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.beginRun("RETRY_FAILED", SHA, 4, false); //$NON-NLS-1$
			ledger.beginRecipients(CampaignLedgerTest.recipients(2, 2));
			ledger.sync();
		}
		String text = Files.readString(file).replace("RUN\tRETRY_FAILED", "RUN\tRETRY_FAILEd"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(file, text);
		LedgerScan scan = readInBoot(file, BootId.current());
		assertEquals(1, scan.damage().size(), scan.damage().toString());
		assertEquals(DeliveryState.UNKNOWN, state(scan, 2));
		assertEquals(DeliveryState.UNKNOWN, state(scan, 3));
		assertEquals(DeliveryState.ACCEPTED, state(scan, 0));
	}

	/**
	 * A crash in the middle of writing a HANDED record (a write that crosses a page can be cut short): the writer of
	 * the next run cuts the unfinished line off, and a CUT record keeps saying that any intent before it may have been
	 * handed over. An unfinished line that was an outcome changes nothing.
	 */
	@Test
	void aHandedRecordCutShortByACrashLeavesTheIntentsBeforeItUnknown() throws IOException {
		Path handedCut = dir.resolve("handed.ledger"); //$NON-NLS-1$
		Path outcomeCut = dir.resolve("outcome.ledger"); //$NON-NLS-1$
		for (Path file : List.of(handedCut, outcomeCut)) {
			try (CampaignLedger ledger = CampaignLedger.open(file)) {
				ledger.beginRun("PENDING", SHA, 2, true); //$NON-NLS-1$
				ledger.beginRecipients(CampaignLedgerTest.recipients(0, 2));
				ledger.sync();
			}
		}
		long seq = CampaignLedger.read(handedCut).nextSeq();
		Files.writeString(handedCut, seq + "\t1700000000000\tHAND", StandardOpenOption.APPEND); //$NON-NLS-1$
		Files.writeString(outcomeCut, seq + "\t1700000000000\tOUTCOME\tr1@exam", StandardOpenOption.APPEND); //$NON-NLS-1$

		assertEquals(DeliveryState.UNKNOWN, state(CampaignLedger.read(handedCut), 0));
		assertEquals(DeliveryState.PENDING, state(CampaignLedger.read(outcomeCut), 0));
		try (CampaignLedger next = CampaignLedger.open(handedCut)) {
			assertEquals(DeliveryState.UNKNOWN, next.state("r0@example.org", 1, SHA)); //$NON-NLS-1$
		}
		String text = Files.readString(handedCut);
		assertFalse(text.contains("\tHAND\n") || text.endsWith("\tHAND"), "the unfinished line is cut off"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(text.contains("\tCUT\t"), text); //$NON-NLS-1$
		LedgerScan later = CampaignLedger.read(handedCut);
		assertEquals(List.of(), later.damage());
		assertEquals(DeliveryState.UNKNOWN, state(later, 0), "the CUT record still says so"); //$NON-NLS-1$
		assertEquals(DeliveryState.UNKNOWN, state(later, 1));
		try (CampaignLedger next = CampaignLedger.open(outcomeCut)) {
			assertEquals(DeliveryState.PENDING, next.state("r0@example.org", 1, SHA)); //$NON-NLS-1$
		}
		assertFalse(Files.readString(outcomeCut).contains("\tCUT\t")); //$NON-NLS-1$
	}

	/**
	 * Called on sender threads at the rate messages go out: every record is in the file (seen by another reader at
	 * once, in order, no damage) without a sync (the lock file's mark moves only when the ledger is synced).
	 */
	@Test
	void handedIsThreadSafeAndReachesTheFileWithoutASync() throws Exception {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		int threads = 4;
		int perThread = 25_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.beginRun("PENDING", SHA, threads * perThread, true); //$NON-NLS-1$
			ledger.sync();
			CampaignLock.Mark synced = CampaignLock.mark(file);
			List<Future<?>> futures = new ArrayList<>();
			long start = System.nanoTime();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						ledger.handed("t" + thread + "-" + i + "@example.org"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get(120, TimeUnit.SECONDS);
			}
			long nanos = System.nanoTime() - start;
			System.out.printf("handed(): %,d records from %d threads in %d ms, %,.0f a second%n", threads * perThread, //$NON-NLS-1$
					threads, nanos / 1_000_000, threads * perThread / (nanos / 1e9));
			assertEquals(synced, CampaignLock.mark(file), "handed() synced the ledger"); //$NON-NLS-1$
			LedgerScan read = CampaignLedger.read(file);
			assertEquals(List.of(), read.damage());
			assertEquals(synced.seq() + 1 + threads * perThread, read.nextSeq());
			for (int t = 0; t < threads; t++) {
				assertEquals(DeliveryState.UNKNOWN, read.state("t" + t + "-" + (perThread - 1) + "@example.org", 0, null)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		} finally {
			pool.shutdownNow();
		}
	}

	private Path list(int size) throws IOException {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email\n"); //$NON-NLS-1$
			for (Recipient r : CampaignLedgerTest.recipients(0, size)) {
				w.write(r.address() + "\n"); //$NON-NLS-1$
			}
		}
		return file;
	}
}
