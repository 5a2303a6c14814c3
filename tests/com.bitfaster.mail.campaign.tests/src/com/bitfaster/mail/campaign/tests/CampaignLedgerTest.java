package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;

class CampaignLedgerTest {

	@TempDir
	Path dir;

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
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(new LedgerEntry("ada@example.org", DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued as 4Xb\tZ"), //$NON-NLS-1$ //$NON-NLS-2$
					reopened.entry("ADA@example.org")); //$NON-NLS-1$
			assertEquals(new LedgerEntry("bob@example.org", DeliveryState.REJECTED, 550, "5.1.1 User unknown\r\nsecond line"), //$NON-NLS-1$ //$NON-NLS-2$
					reopened.entry("bob@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.DEFERRED, reopened.state("eve@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.PENDING, reopened.state("zoe@example.org")); //$NON-NLS-1$
			assertEquals(Map.of(DeliveryState.ACCEPTED, 1L, DeliveryState.REJECTED, 1L, DeliveryState.DEFERRED, 1L), reopened.counts());
		}
	}

	/** The process died after the intent was on disk and before the outcome was: the send may have happened. */
	@Test
	void aSendThatBeganWithoutARecordedOutcomeIsUnknownAfterACrash() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		CampaignLedger ledger = CampaignLedger.open(file);
		ledger.begin(List.of("ada@example.org", "bob@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
		ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		ledger.sync();
		// no close: as after kill -9
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(DeliveryState.ACCEPTED, reopened.state("ada@example.org")); //$NON-NLS-1$
			assertEquals(DeliveryState.UNKNOWN, reopened.state("bob@example.org")); //$NON-NLS-1$
		}
	}

	@Test
	void aTornLastLineIsCutOffAndWritingContinuesAfterTheLastGoodRecord() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		long good = Files.size(file);
		Files.writeString(file, "ACCEPTED\tbob@exa", StandardCharsets.UTF_8, StandardOpenOption.APPEND); //$NON-NLS-1$
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(good, Files.size(file));
			assertEquals(DeliveryState.PENDING, reopened.state("bob@example.org")); //$NON-NLS-1$
			reopened.record("bob@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		try (CampaignLedger again = CampaignLedger.open(file)) {
			assertEquals(2, again.entries().size());
			assertEquals(DeliveryState.ACCEPTED, again.state("bob@example.org")); //$NON-NLS-1$
		}
	}

	@Test
	void aCorruptedRecordEndsTheTrustedPart() throws IOException {
		Path file = dir.resolve("campaign.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(file)) {
			ledger.record("ada@example.org", DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$ //$NON-NLS-2$
			ledger.record("bob@example.org", DeliveryState.REJECTED, 550, "No"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		String text = Files.readString(file).replace("REJECTED\tbob", "ACCEPTED\tbob"); // flipped bits //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(file, text);
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(List.of("ada@example.org"), reopened.entries().stream().map(LedgerEntry::address).toList()); //$NON-NLS-1$
		}
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
		try (CampaignLedger reopened = CampaignLedger.open(file)) {
			assertEquals(Map.of(DeliveryState.ACCEPTED, 1000L), reopened.counts());
		}
	}
}
