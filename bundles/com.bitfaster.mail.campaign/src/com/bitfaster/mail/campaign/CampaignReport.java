package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Where a campaign stands: counts by state and one row per recipient with the server's reply.
 *
 * @param total   recipients in the list
 * @param counts  recipients per state; recipients with nothing recorded are {@link DeliveryState#PENDING}
 * @param entries one row per recipient the ledger knows, in the order first recorded
 */
public record CampaignReport(long total, Map<DeliveryState, Long> counts, List<LedgerEntry> entries) {

	/** @return the report of a ledger for a list of {@code total} recipients */
	public static CampaignReport of(CampaignLedger ledger, long total) {
		return of(ledger.entries(), total);
	}

	/**
	 * Reads a ledger without changing it, safe while a run appends to it: a torn last line is skipped, and a send in
	 * flight shows as {@link DeliveryState#SENDING}.
	 *
	 * @return the report of the ledger in {@code file} (empty when there is no such file) for {@code total} recipients
	 */
	public static CampaignReport read(Path file, long total) throws IOException {
		return of(CampaignLedger.readLatest(file), total);
	}

	private static CampaignReport of(List<LedgerEntry> entries, long total) {
		Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
		entries.forEach(e -> counts.merge(e.state(), 1L, Long::sum));
		counts.remove(DeliveryState.PENDING); // recorded as "not sent after all": counted with the rest below
		long recorded = counts.values().stream().mapToLong(Long::longValue).sum();
		counts.put(DeliveryState.PENDING, Math.max(0, total - recorded));
		return new CampaignReport(total, counts, entries);
	}

	public long count(DeliveryState state) {
		return counts.getOrDefault(state, 0L);
	}

	/** Writes the per-recipient rows as CSV (address, state, code, reply), UTF-8. */
	public void writeCsv(Path file) throws IOException {
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
				CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
						.setHeader("address", "state", "code", "reply").get())) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			for (LedgerEntry e : entries) {
				csv.printRecord(e.address(), e.state().name().toLowerCase(java.util.Locale.ROOT),
						e.replyCode() == 0 ? "" : Integer.toString(e.replyCode()), e.reply()); //$NON-NLS-1$
			}
		}
	}
}
