package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.bitfaster.mail.campaign.internal.LedgerRecord;
import com.bitfaster.mail.campaign.internal.LedgerScan;
import com.bitfaster.mail.campaign.internal.RecipientIndex;
import com.bitfaster.mail.core.SpreadsheetCells;

/**
 * Where a campaign stands: counts by state, the damage its ledger shows, and one row per recipient the ledger knows
 * with the server's reply. Rows are not held: {@link #forEachEntry} and {@link #entries(Predicate, int)} read them from
 * the ledger file again, newest first, so a report of millions of recipients pages through the file instead.
 */
public final class CampaignReport {

	private final long total;
	private final Map<DeliveryState, Long> counts;
	private final List<LedgerDamage> damage;
	private final long notInList;
	private long previousRecipients = -1;
	private boolean listChanged;
	private final Path ledgerFile;
	private final LedgerScan scan;
	private final long length;
	private final boolean running;

	private CampaignReport(long total, Map<DeliveryState, Long> counts, List<LedgerDamage> damage, long notInList,
			Path ledgerFile, LedgerScan scan, boolean running, long length) {
		this.running = running;
		this.total = total;
		this.counts = Collections.unmodifiableMap(counts);
		this.damage = List.copyOf(damage);
		this.notInList = notInList;
		this.ledgerFile = ledgerFile;
		this.scan = scan;
		this.length = length;
	}

	/**
	 * The report of a ledger against the list as it is now: each recipient of the list is counted once, in the state
	 * its records (and any damage) give it. Reads the ledger without changing it, safe while a run appends to it.
	 */
	public static CampaignReport read(Path ledgerFile, RecipientList list) throws IOException {
		boolean running = CampaignLock.holder(ledgerFile).isPresent();
		LedgerScan scan = CampaignLedger.read(ledgerFile);
		return of(scan, ledgerFile, list, running, scan.validLength(), false);
	}

	/** The report of a ledger open for writing (at the end of a run), against the list as it is now. */
	public static CampaignReport of(CampaignLedger ledger, RecipientList list) throws IOException {
		synchronized (ledger) {
			return of(ledger.scan(), ledger.file(), list, false, ledger.length(), true);
		}
	}

	private static CampaignReport of(LedgerScan scan, Path ledgerFile, RecipientList list, boolean running,
			long length, boolean ownRun) throws IOException {
		RecipientIndex index = scan.index();
		index.clear(RecipientIndex.FLAG_SEEN | RecipientIndex.FLAG_IN_LIST);
		String sha = list.sha256();
		Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
		long total = 0;
		try (Stream<Recipient> recipients = list.recipients(AddressSet.of(index))) {
			Iterator<Recipient> it = recipients.iterator();
			while (it.hasNext()) {
				Recipient r = it.next();
				index.mark(RecipientIndex.key(r.address()), RecipientIndex.FLAG_IN_LIST);
				counts.merge(live(scan, r.address(), r.line(), sha, running), 1L, Long::sum);
				total++;
			}
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
		long[] notInList = { 0 };
		index.forEach((key, state, flags, epoch) -> {
			if (state != RecipientIndex.ABSENT && (flags & RecipientIndex.FLAG_IN_LIST) == 0) {
				notInList[0]++;
			}
		});
		fold(counts);
		CampaignReport report = new CampaignReport(total, counts, scan.damage(), notInList[0], ledgerFile, scan, running,
				length);
		// The report of a run compares with the run before it (the last RUN record is its own).
		String previous = ownRun ? scan.priorRunList() : scan.lastRunList();
		report.listChanged = previous != null && !previous.equals(sha);
		report.previousRecipients = ownRun ? scan.priorRunRecipients() : scan.lastRunRecipients();
		return report;
	}

	/**
	 * A quick report of a ledger for a list of {@code total} recipients, without reading the list: every recipient
	 * with a record is counted by its state, the rest as pending (so damage that may hide recipients with no record is
	 * listed in {@link #damage()} but not counted). For a live view of a run.
	 */
	public static CampaignReport read(Path ledgerFile, long total) throws IOException {
		LedgerScan scan = CampaignLedger.read(ledgerFile);
		Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
		long[] recorded = { 0 };
		boolean running = CampaignLock.holder(ledgerFile).isPresent();
		forEachLatest(scan, ledgerFile, scan.validLength(), running, e -> { // each recorded recipient once
			counts.merge(e.state(), 1L, Long::sum);
			recorded[0]++;
		});
		counts.merge(DeliveryState.PENDING, Math.max(0, total - recorded[0]), Long::sum);
		fold(counts);
		return new CampaignReport(total, counts, scan.damage(), 0, ledgerFile, scan, running, scan.validLength());
	}

	/**
	 * @return the recipient's state; while a run holds the lock, a send that began is in flight, neither unknown nor
	 *         pending
	 */
	private static DeliveryState live(LedgerScan scan, String address, long line, String sha, boolean running) {
		if (running && scan.recordedState(address) == DeliveryState.SENDING && !scan.damagedAfter(address)) {
			return DeliveryState.SENDING;
		}
		return scan.state(address, line, sha);
	}

	/** In a report, a send in flight or a recipient given back for later is pending too. */
	private static void fold(Map<DeliveryState, Long> counts) {
		for (DeliveryState s : DeliveryState.values()) {
			counts.putIfAbsent(s, 0L);
		}
	}

	/** @return recipients in the list, each once */
	public long total() {
		return total;
	}

	public Map<DeliveryState, Long> counts() {
		return counts;
	}

	public long count(DeliveryState state) {
		return counts.getOrDefault(state, 0L);
	}

	/** @return the damage the ledger shows; recipients it may have hidden are counted UNKNOWN */
	public List<LedgerDamage> damage() {
		return damage;
	}

	/** @return recipients the ledger has records of that the list no longer has (removed since they were sent to) */
	public long notInList() {
		return notInList;
	}

	/**
	 * @return whether the list differs from the one the last run read (recipients are matched by address: new ones
	 *         are pending, removed ones are left alone)
	 */
	public boolean listChanged() {
		return listChanged;
	}

	/** @return how many recipients the list had when the last run began, -1 when not recorded */
	public long previousRecipients() {
		return previousRecipients;
	}

	/** Calls {@code consumer} with the latest state of each recipient the ledger knows, newest first. */
	public void forEachEntry(Consumer<LedgerEntry> consumer) throws IOException {
		forEachLatest(scan, ledgerFile, length, running, consumer);
	}

	/** @return up to {@code limit} recipients the ledger knows that {@code filter} accepts, newest first */
	public List<LedgerEntry> entries(Predicate<LedgerEntry> filter, int limit) throws IOException {
		List<LedgerEntry> page = new ArrayList<>();
		try {
			forEachLatest(scan, ledgerFile, length, running, e -> {
				if (filter.test(e)) {
					if (page.size() >= limit) {
						throw new Full();
					}
					page.add(e);
				}
			});
		} catch (Full full) {
			// the page is full
		}
		return page;
	}

	/** @return every recipient the ledger knows, newest first: for small campaigns and tests */
	public List<LedgerEntry> entries() {
		try {
			return entries(e -> true, Integer.MAX_VALUE);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stops a scan early. */
	private static final class Full extends RuntimeException {
		private static final long serialVersionUID = 1L;

		Full() {
			super(null, null, false, false);
		}
	}

	/**
	 * Reads the ledger's records backwards up to {@code length} (what the scan saw), so the first record met of each
	 * recipient is its latest; the index's "seen" flag remembers who was reported already.
	 */
	private static void forEachLatest(LedgerScan scan, Path file, long length, boolean running,
			Consumer<LedgerEntry> consumer) throws IOException {
		if (length == 0 || !Files.exists(file)) {
			return;
		}
		RecipientIndex index = scan.index();
		synchronized (index) {
			index.clear(RecipientIndex.FLAG_SEEN);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				new BackwardLines(channel, Math.min(length, channel.size())).forEach(line -> {
					LedgerRecord r = LedgerRecord.parse(line);
					if (r == null || r.fields().isEmpty()) {
						return;
					}
					DeliveryState recorded = switch (r.type()) {
					case INTENT, HANDED -> DeliveryState.SENDING;
					case OUTCOME -> LedgerScan.parseState(r.field(1));
					case SUPPRESSED -> DeliveryState.SUPPRESSED;
					case RESEND -> DeliveryState.PENDING;
					default -> null;
					};
					if (recorded == null) {
						return;
					}
					String address = r.field(0);
					if (index.mark(RecipientIndex.key(address), RecipientIndex.FLAG_SEEN)) {
						return; // a newer record of this recipient was reported
					}
					DeliveryState state = live(scan, address, 0, null, running);
					boolean outcome = r.type() == LedgerRecord.Type.OUTCOME && state == recorded;
					int code = outcome ? (int) LedgerScan.parseLong(r.field(2)) : 0;
					String reply = outcome ? r.field(3) : ""; //$NON-NLS-1$
					consumer.accept(new LedgerEntry(address, state, code, reply));
				});
			}
		}
	}

	/** The lines of a file from its end to its start. */
	private record BackwardLines(FileChannel channel, long end) {
		void forEach(Consumer<String> consumer) throws IOException {
			ByteBuffer block = ByteBuffer.allocate(1 << 16);
			byte[] carry = new byte[0]; // the start of a line whose end was in the block read before
			long position = end;
			while (position > 0) {
				int n = (int) Math.min(block.capacity(), position);
				position -= n;
				block.clear().limit(n);
				while (block.hasRemaining()) {
					if (channel.read(block, position + block.position()) < 0) {
						throw new IOException("The ledger shrank while it was read"); //$NON-NLS-1$
					}
				}
				byte[] bytes = new byte[n + carry.length];
				System.arraycopy(block.array(), 0, bytes, 0, n);
				System.arraycopy(carry, 0, bytes, n, carry.length);
				int lineEnd = bytes.length;
				for (int i = bytes.length - 1; i >= 0; i--) {
					if (bytes[i] == '\n') {
						if (i + 1 < lineEnd) {
							consumer.accept(new String(bytes, i + 1, lineEnd - i - 1, StandardCharsets.UTF_8));
						}
						lineEnd = i;
					}
				}
				carry = java.util.Arrays.copyOf(bytes, lineEnd);
				if (carry.length > (8 << 20)) {
					carry = new byte[0]; // an enormous line is damage anyway
				}
			}
			if (carry.length > 0) {
				consumer.accept(new String(carry, StandardCharsets.UTF_8));
			}
		}
	}

	/**
	 * Writes the per-recipient rows as CSV (address, state, code, reply), UTF-8, newest first; replaced atomically,
	 * readable by the owner only, values a spreadsheet would run as a formula neutralised.
	 */
	public void writeCsv(Path file) throws IOException {
		com.bitfaster.mail.core.AtomicFiles.write(file, stream -> {
			Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
			CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
					.setHeader("address", "state", "code", "reply").get()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			try {
				forEachEntry(e -> {
					try {
						csv.printRecord(SpreadsheetCells.neutralise(e.address()),
								e.state().name().toLowerCase(Locale.ROOT),
								e.replyCode() == 0 ? "" : Integer.toString(e.replyCode()), //$NON-NLS-1$
								SpreadsheetCells.neutralise(e.reply()));
					} catch (IOException x) {
						throw new UncheckedIOException(x);
					}
				});
			} catch (UncheckedIOException e) {
				throw e.getCause();
			}
			csv.flush();
		});
		OwnerOnly.set(file);
	}
}
