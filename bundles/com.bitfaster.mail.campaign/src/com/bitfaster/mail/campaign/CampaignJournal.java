package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.bitfaster.mail.campaign.internal.LedgerRecord;
import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;

/**
 * The side journal of a campaign ({@code LEDGER.journal}): records written by anyone other than the run that holds
 * the ledger (a bounce read back later, the user's choice to send an UNKNOWN recipient again), so no second writer
 * ever touches a ledger. Same line format as the ledger, its own sequence numbers. Appends take the journal's own
 * cross-process lock and are synced before they return.
 * <p>
 * Readers merge it after the ledger. A run consumes what it acts on: it records the journal's sequence number it has
 * applied in its ledger ({@code JOURNAL} record), and journal records up to that number are history.
 */
public final class CampaignJournal {

	private CampaignJournal() {
	}

	/** @return the journal of a ledger */
	public static Path journalFile(Path ledger) {
		return ledger.resolveSibling(ledger.getFileName() + ".journal"); //$NON-NLS-1$
	}

	/**
	 * Records that the user chose to send these UNKNOWN recipients again (some may get a second copy): the next run
	 * sends to them.
	 */
	public static void requestResend(Path ledger, List<String> addresses) throws IOException {
		List<List<String>> records = new ArrayList<>();
		for (String a : addresses) {
			records.add(List.of(a));
		}
		append(ledger, LedgerRecord.Type.RESEND, records);
	}

	/** Records a bounce read back after the send. */
	public static void recordBounce(Path ledger, String address, String kind, String status, String text)
			throws IOException {
		append(ledger, LedgerRecord.Type.BOUNCED, List.of(List.of(address, kind, status, text)));
	}

	/**
	 * A bounce to record; see {@link CampaignBounce} for the fields.
	 *
	 * @param messageKey what identifies the bounce message itself (its Message-ID, else the mailbox's UIDL), so that
	 *                   reading it again records nothing; empty when nothing does
	 */
	public record Bounce(String address, String kind, String status, String text, String messageKey) {
		public Bounce {
			messageKey = messageKey == null ? "" : messageKey.replaceAll("[\\r\\n\\t]+", " ").strip(); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}

		/** A bounce without a message key: recorded every time. */
		public Bounce(String address, String kind, String status, String text) {
			this(address, kind, status, text, ""); //$NON-NLS-1$
		}
	}

	/**
	 * A bounce as the journal holds it after {@link #recordBounces}.
	 *
	 * @param seq    its record's number in the journal
	 * @param millis when it was recorded
	 * @param added  {@code false} when a record of the same message key was there already (nothing was written)
	 */
	public record Recorded(Bounce bounce, long seq, long millis, boolean added) {
	}

	/**
	 * Records many bounces of one campaign in one synced append (a fetched batch): the same records as
	 * {@link #recordBounce} each, at a fraction of the cost. Idempotent per message key: a bounce whose key the
	 * journal (or this batch) already holds is not written again, as when a reader stopped after this append and
	 * before it could remember the message as handled.
	 *
	 * @return each bounce's record, new or found, in order
	 */
	public static List<Recorded> recordBounces(Path ledger, List<Bounce> bounces) throws IOException {
		List<Recorded> recorded = new ArrayList<>(bounces.size());
		if (bounces.isEmpty()) {
			return recorded;
		}
		Path journal = journalFile(ledger.toAbsolutePath().normalize());
		try (CrossProcessLock lock = CrossProcessLock.acquire(journal.resolveSibling(journal.getFileName() + ".lock"))) { //$NON-NLS-1$
			boolean created = !Files.exists(journal);
			long seq = 0;
			java.util.Map<String, LedgerRecord> byKey = new java.util.HashMap<>();
			for (LedgerRecord r : read(journal)) {
				seq = Math.max(seq, r.seq() + 1);
				if (r.type() == LedgerRecord.Type.BOUNCED && r.fields().size() >= 5 && !r.field(4).isEmpty()) {
					byKey.putIfAbsent(r.field(4), r);
				}
			}
			StringBuilder sb = new StringBuilder();
			long now = System.currentTimeMillis();
			for (Bounce b : bounces) {
				LedgerRecord known = b.messageKey().isEmpty() ? null : byKey.get(b.messageKey());
				if (known != null) {
					recorded.add(new Recorded(b, known.seq(), known.millis(), false));
					continue;
				}
				LedgerRecord r = new LedgerRecord(seq++, now, LedgerRecord.Type.BOUNCED,
						List.of(b.address(), b.kind(), b.status(), b.text(), b.messageKey()));
				if (!b.messageKey().isEmpty()) {
					byKey.put(b.messageKey(), r);
				}
				sb.append(r.format());
				recorded.add(new Recorded(b, r.seq(), now, true));
			}
			if (sb.length() > 0) {
				write(journal, sb, created);
			}
		}
		return recorded;
	}

	private static void append(Path ledger, LedgerRecord.Type type, List<List<String>> fieldsEach) throws IOException {
		Path journal = journalFile(ledger.toAbsolutePath().normalize());
		try (CrossProcessLock lock = CrossProcessLock.acquire(journal.resolveSibling(journal.getFileName() + ".lock"))) { //$NON-NLS-1$
			boolean created = !Files.exists(journal);
			long seq = created ? 0 : lastSeq(journal) + 1;
			StringBuilder sb = new StringBuilder();
			long now = System.currentTimeMillis();
			for (List<String> fields : fieldsEach) {
				sb.append(new LedgerRecord(seq++, now, type, fields).format());
			}
			write(journal, sb, created);
		}
	}

	/** Appends and syncs, under the journal's lock. */
	private static void write(Path journal, CharSequence records, boolean created) throws IOException {
		try (FileChannel channel = FileChannel.open(journal, java.util.Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND), OwnerOnly.attributes())) {
			ByteBuffer buffer = ByteBuffer.wrap(records.toString().getBytes(StandardCharsets.UTF_8));
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(false);
		}
		if (created) {
			AtomicFiles.syncDirectory(journal.getParent());
		}
	}

	private static long lastSeq(Path journal) throws IOException {
		long last = -1;
		for (LedgerRecord r : read(journal)) {
			last = Math.max(last, r.seq());
		}
		return last;
	}

	/** @return the journal's valid records (damaged lines skipped), in order; empty when there is none */
	public static List<LedgerRecord> read(Path journal) throws IOException {
		List<LedgerRecord> records = new ArrayList<>();
		if (!Files.exists(journal)) {
			return records;
		}
		try (var reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				LedgerRecord r = LedgerRecord.parse(line);
				if (r != null) {
					records.add(r);
				}
			}
		}
		return records;
	}
}
