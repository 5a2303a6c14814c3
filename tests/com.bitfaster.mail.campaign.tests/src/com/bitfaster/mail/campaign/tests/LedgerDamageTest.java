package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLock;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.internal.LedgerScan;

/**
 * Damage never causes a resend: 100 ledgers written as a runner writes them (intents synced before sends, a HANDED
 * record before each final ".", outcomes after, a retry run, a last batch cut off by a crash with some of its messages
 * handed over), then damaged at random: bytes changed, records removed, line ends changed to CRLF, the file cut short.
 * Whatever the damage, no recipient whose message may have been handed over reads PENDING, and none a server accepted
 * reads as retryable. Damage stays local: a changed byte makes at most the recipients around it unknown.
 */
class LedgerDamageTest {

	private static final int RECIPIENTS = 300;
	private static final int BATCH = 20;
	private static final String SHA = "0123abcd"; //$NON-NLS-1$

	enum Damage {
		BYTES, REMOVED_RECORDS, CRLF, TRUNCATED, BYTES_AND_REMOVED
	}

	@TempDir
	Path dir;

	/** What a written ledger's recipients truly went through: handed over (the final "." may have been written). */
	private record Truth(Set<String> mayHaveBeenSent, Set<String> accepted) {
	}

	@Test
	void aHundredDamagedLedgersCauseNoResend() throws IOException {
		List<Recipient> list = CampaignLedgerTest.recipients(0, RECIPIENTS);
		Map<Damage, int[]> table = new EnumMap<>(Damage.class); // ledgers, collateral unknown, max collateral
		Random random = new Random(20261130);
		int resends = 0;
		for (int n = 0; n < 100; n++) {
			Damage kind = Damage.values()[n % Damage.values().length];
			Path ledger = dir.resolve("ledger-" + n); //$NON-NLS-1$
			Truth truth = write(ledger, list, new Random(random.nextLong()));
			damage(ledger, kind, random);
			// Read-only and as a writer opens it (which also cuts a torn tail): both must say the same.
			LedgerScan scan = CampaignLedger.read(ledger);
			int collateral = 0;
			try (CampaignLedger writer = CampaignLedger.open(ledger)) {
				for (Recipient r : list) {
					DeliveryState read = scan.state(r.address(), r.line(), SHA);
					DeliveryState opened = writer.state(r.address(), r.line(), SHA);
					assertEquals(read, opened, kind + " " + r.address()); //$NON-NLS-1$
					boolean resend = truth.mayHaveBeenSent.contains(r.address()) ? read == DeliveryState.PENDING
							|| (truth.accepted.contains(r.address()) && read.isRetryable()) : false;
					if (resend) {
						resends++;
						System.out.println("RESEND " + kind + " ledger " + n + ": " + r.address() + " reads " + read); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					}
					if (!truth.mayHaveBeenSent.contains(r.address()) && read == DeliveryState.UNKNOWN) {
						collateral++;
					}
				}
			}
			int[] row = table.computeIfAbsent(kind, k -> new int[3]);
			row[0]++;
			row[1] += collateral;
			row[2] = Math.max(row[2], collateral);
			if (kind == Damage.BYTES || kind == Damage.CRLF) {
				assertTrue(collateral <= 2 * BATCH, kind + ": " + collateral + " never-sent recipients unknown; damage " //$NON-NLS-1$ //$NON-NLS-2$
						+ scan.damage() + " in\n" + Files.readString(ledger)); //$NON-NLS-1$
			}
		}
		System.out.println("damage             ledgers  never-sent read unknown (total, worst)"); //$NON-NLS-1$
		table.forEach((kind, row) -> System.out.printf("%-18s %7d  %6d %6d%n", kind, row[0], row[1], row[2])); //$NON-NLS-1$
		assertEquals(0, resends, "recipients that would be sent again"); //$NON-NLS-1$
	}

	/** Writes a ledger as a run, a crash, and a retry run would. */
	private static Truth write(Path file, List<Recipient> list, Random random) throws IOException {
		Set<String> sent = new HashSet<>();
		Set<String> accepted = new HashSet<>();
		List<Recipient> failed = new ArrayList<>();
		int batches = 3 + random.nextInt(RECIPIENTS / BATCH - 3);
		try (CampaignLedger ledger = CampaignLedger.open(file, "campaign")) { //$NON-NLS-1$
			ledger.beginRun("PENDING", SHA, -1, true); //$NON-NLS-1$
			for (int b = 0; b < batches; b++) {
				List<Recipient> batch = list.subList(b * BATCH, (b + 1) * BATCH);
				ledger.beginRecipients(batch);
				ledger.sync();
				if (b == batches - 1 && random.nextBoolean()) {
					// the crash: intents on disk, some messages handed over, no outcomes
					for (Recipient r : batch) {
						if (random.nextBoolean()) {
							ledger.handed(r.address());
							sent.add(r.address());
						}
					}
					break;
				}
				for (Recipient r : batch) {
					int roll = random.nextInt(10);
					DeliveryState state = roll < 7 ? DeliveryState.ACCEPTED : roll < 9 ? DeliveryState.DEFERRED : DeliveryState.REJECTED;
					if (state != DeliveryState.DEFERRED || random.nextBoolean()) {
						ledger.handed(r.address());
					}
					sent.add(r.address());
					ledger.record(r.address(), state, state == DeliveryState.ACCEPTED ? 250 : 451, "reply"); //$NON-NLS-1$
					if (state == DeliveryState.ACCEPTED) {
						accepted.add(r.address());
					} else {
						failed.add(r);
					}
				}
				ledger.sync();
			}
		}
		if (!failed.isEmpty() && random.nextBoolean()) {
			try (CampaignLedger ledger = CampaignLedger.open(file, "campaign")) { //$NON-NLS-1$
				ledger.beginRun("RETRY_FAILED", SHA, -1, true); //$NON-NLS-1$
				ledger.beginRecipients(failed);
				ledger.sync();
				for (Recipient r : failed) {
					ledger.handed(r.address());
					if (random.nextBoolean()) {
						ledger.record(r.address(), DeliveryState.ACCEPTED, 250, "reply"); //$NON-NLS-1$
						accepted.add(r.address());
					} else {
						ledger.record(r.address(), DeliveryState.DEFERRED, 451, "reply"); //$NON-NLS-1$
					}
				}
				ledger.sync();
			}
		}
		return new Truth(sent, accepted);
	}

	private static void damage(Path file, Damage kind, Random random) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		switch (kind) {
		case BYTES -> bytes = changeBytes(bytes, random);
		case REMOVED_RECORDS -> bytes = removeRecords(bytes, random);
		case BYTES_AND_REMOVED -> bytes = removeRecords(changeBytes(bytes, random), random);
		case CRLF -> bytes = new String(bytes, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$ //$NON-NLS-2$
		case TRUNCATED -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
		}
		Files.write(file, bytes);
		assertTrue(Files.exists(CampaignLock.lockFile(file)));
	}

	/** Up to 40 bytes changed at one place in the middle. */
	private static byte[] changeBytes(byte[] bytes, Random random) {
		int at = bytes.length / 4 + random.nextInt(bytes.length / 2);
		int count = 1 + random.nextInt(40);
		for (int i = at; i < Math.min(bytes.length, at + count); i++) {
			bytes[i] = (byte) (random.nextInt(95) + 32);
		}
		return bytes;
	}

	/** One to five records removed, anywhere. */
	private static byte[] removeRecords(byte[] bytes, Random random) {
		List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("(?<=\n)"))); //$NON-NLS-1$
		int count = 1 + random.nextInt(5);
		for (int i = 0; i < count && lines.size() > 1; i++) {
			lines.remove(random.nextInt(lines.size()));
		}
		return String.join("", lines).getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
	}
}
