package com.bitfaster.mail.campaign.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerDamage;

/**
 * One read of a ledger file from its start: the latest state of every recipient, the damage found, and where the
 * valid records end. Reading never changes the file. Format 2 ({@link LedgerRecord}); a ledger of format 1 (one
 * checksummed line per event, no sequence numbers, written before) is read as well, so old ledgers are adopted.
 * <p>
 * <b>Damage stays local.</b> A line that fails its checksum, a gap in the sequence numbers (records removed), a record
 * out of order, a hole of zero bytes, or fewer records than the last sync recorded (the file cut short) is a
 * <em>damage point</em>: it is reported with its offset, and the valid records after it still count. What a damage
 * point may have hidden is bounded by the records around it: within one run, intents are written in list order, so a
 * recipient with no record whose list line lies between the last intent before the damage and the first one after it
 * may have had its records lost there, and reads UNKNOWN, never PENDING. Outside that range, and for recipients whose
 * records come after the damage, nothing changes. When a range cannot be bounded (the list changed since that run, or
 * the run's own record was lost), every recipient with no record is UNKNOWN.
 * <p>
 * <b>Handed over or not.</b> A run whose RUN record says it records the handover writes a HANDED record (unsynced) the
 * moment before a message's final "." is written. After that run ended, an intent with no HANDED and no outcome after
 * it never reached a final ".": the recipient reads PENDING and the next resume sends to it. This holds only while the
 * unsynced records can be trusted: the run's boot id is this boot's (a reboot may have lost them), no damage came
 * after the intent or since the run's record (it may hide a HANDED record, or the RUN record of a run that wrote none),
 * and no record that may have been a HANDED one was cut short by a crash. Otherwise it reads UNKNOWN, as a HANDED one
 * does.
 */
public final class LedgerScan {

	/** The states kept in the index, by {@link DeliveryState#ordinal()}. */
	private static final DeliveryState[] STATES = DeliveryState.values();

	/**
	 * The index's state of an intent with no HANDED record after it, in a run whose HANDED records are trusted: a
	 * message that never reached its final ".". ({@link DeliveryState#SENDING} in the index is one that may have.)
	 */
	private static final int NOT_HANDED = STATES.length;

	/** The run in force at a point of the file. */
	private record Run(String listSha256) {
	}

	/** What a damage point may have hidden: recipients with no later record whose line lies in (after, before). */
	private static final class DamagePoint {
		final Run run;
		long after;
		long before = Long.MAX_VALUE;
		boolean everything;
		boolean closed;
		/** How many records it hid (from the sequence numbers around it), -1 until a valid record follows. */
		long missing = -1;

		DamagePoint(Run run, long after) {
			this.run = run;
			this.after = after;
			this.everything = run == null || run.listSha256 == null;
		}

		boolean covers(long line, String listSha256) {
			if (everything) {
				return true;
			}
			if (after == Long.MAX_VALUE) {
				return false; // it hid a record that names no recipient
			}
			if (listSha256 == null || run == null || !listSha256.equals(run.listSha256)) {
				return true;
			}
			return line <= 0 || (line > after && line < before);
		}
	}

	private final RecipientIndex index;
	/** The boot the scan reads in: a run of another boot may have lost its unsynced records. */
	private final String bootId;
	/** Whether an intent read now is trusted to have a HANDED record when its message reached the final ".". */
	private boolean handoverTrusted;
	/** Whether the unfinished last line may have been a HANDED record. */
	private boolean tornMayBeHanded;
	private final List<DamagePoint> points = new ArrayList<>();
	private final List<DamagePoint> unclosed = new ArrayList<>();
	private boolean inStretch;
	private long stretchLines;
	private long stretchExpected;
	private final List<LedgerDamage> damage = new ArrayList<>();
	private int format;
	private String campaignId;
	private long nextSeq;
	private long validLength;
	private long tornTail;
	private boolean lastLineUnterminated;
	private Run run;
	private long lastIntentLine;
	private long runSeq = -1;
	private long maxIntentLine;
	private long journalApplied = -1;
	private String lastRunList;
	private long lastRunRecipients = -1;
	private String priorRunList;
	private long priorRunRecipients = -1;
	private final List<String> resends = new ArrayList<>();
	private long journalSeq = -1;
	private long records;
	private long lastRunMillis;

	private LedgerScan(long expectedRecipients, String bootId) {
		index = new RecipientIndex(expectedRecipients);
		this.bootId = bootId;
	}

	/** A ledger that does not exist yet, written in this boot. */
	public static LedgerScan empty() {
		LedgerScan scan = new LedgerScan(16, BootId.current());
		scan.format = LedgerRecord.FORMAT_VERSION;
		return scan;
	}

	/**
	 * Reads a ledger.
	 *
	 * @param in         the file's bytes from its start
	 * @param size       its size when opened (sizes the index)
	 * @param syncedSeq  the sequence number the last writer had made durable ({@link LedgerMark}), -1 when unknown
	 */
	public static LedgerScan read(InputStream in, long size, long syncedSeq) throws IOException {
		return read(in, size, syncedSeq, -1, 0);
	}

	/**
	 * Reads a ledger.
	 *
	 * @param syncedRunSeq  the sequence number of the RUN record of the last writer's run at its last sync, -1 when
	 *                      unknown
	 * @param syncedLine    the furthest list line of an intent the ledger had synced, 0 when unknown
	 */
	public static LedgerScan read(InputStream in, long size, long syncedSeq, long syncedRunSeq, long syncedLine)
			throws IOException {
		return read(in, size, syncedSeq, syncedRunSeq, syncedLine, BootId.current());
	}

	/**
	 * Reads a ledger as it reads in the boot {@code bootId}.
	 *
	 * @param bootId the boot the reader runs in ({@link BootId#current()}; another one reads as after a reboot)
	 */
	public static LedgerScan read(InputStream in, long size, long syncedSeq, long syncedRunSeq, long syncedLine,
			String bootId) throws IOException {
		// An intent (about 70 bytes) and an outcome (about 90) per recipient. A guess too low only grows the index, a
		// part at a time; one too high keeps its empty slots for good (size / 120 held 13.6M slots' worth for a clean
		// run of ten million, 163 MB instead of 122 MB of a 256 MB heap).
		LedgerScan scan = new LedgerScan(size / 160, bootId);
		scan.scan(new LineReader(in, 0), syncedSeq, syncedRunSeq, syncedLine);
		return scan;
	}

	private void scan(LineReader reader, long syncedSeq, long syncedRunSeq, long syncedLine) throws IOException {
		String line;
		long expected = 0;
		DamagePoint open = null;
		while ((line = reader.next()) != null) {
			long start = reader.lineStart();
			if (!reader.terminated()) {
				// A last line without its LF: a write cut short, unless it is a whole record (cut just before its LF).
				LedgerRecord r = format == 1 ? null : LedgerRecord.parse(line);
				if (r == null || r.seq() != expected) {
					tornTail = reader.lineEnd() - start;
					tornMayBeHanded = format != 1 && mayBeHanded(line);
					lastLineUnterminated = false;
					break;
				}
				lastLineUnterminated = true;
			}
			int zeros = 0;
			while (zeros < line.length() && line.charAt(zeros) == '\0') {
				zeros++;
			}
			if (zeros > 0) {
				open = damage(open, start, NLS.bind(Messages.Ledger_damageZeros, zeros));
				line = line.substring(zeros);
				if (line.isEmpty()) {
					validLength = reader.lineEnd();
					continue;
				}
			}
			if (records == 0 && format == 0) {
				format = LedgerRecord.parse(line) == null && LegacyRecord.parse(line) != null ? 1 : LedgerRecord.FORMAT_VERSION;
			}
			if (format == 1) {
				open = applyLegacy(line, start, open);
				validLength = reader.lineEnd();
				continue;
			}
			LedgerRecord r = LedgerRecord.parse(line);
			if (r == null) {
				if (!inStretch) {
					stretchExpected = expected;
				}
				open = damage(open, start, Messages.Ledger_damageChecksum);
				stretchLines++;
				validLength = reader.lineEnd();
				continue;
			}
			if (r.seq() > expected && inStretch && r.seq() - expected <= stretchLines) {
				// the damaged lines just before held these numbers: nothing more is missing
			} else if (r.seq() > expected) {
				boolean fresh = open == null || !inStretch;
				if (fresh) {
					stretchExpected = expected;
				}
				open = damage(open, start, NLS.bind(Messages.Ledger_damageGap, r.seq() - expected));
				if (fresh && r.seq() == 1 && runSeq < 0) {
					open.after = Long.MAX_VALUE; // only the first record is missing: the header, which names no one
					open.everything = false;
				}
			} else if (r.seq() < expected) {
				// A copied or moved record: applying it could bring back an old state.
				open = damage(open, start, Messages.Ledger_damageOrder);
				validLength = reader.lineEnd();
				continue;
			}
			if (inStretch && open != null) {
				open.missing = r.seq() - stretchExpected; // the records this stretch of damage hid
			}
			expected = r.seq() + 1;
			open = apply(r, open);
			inStretch = false;
			stretchLines = 0;
			records++;
			validLength = reader.lineEnd();
		}
		if (format == 0) {
			format = LedgerRecord.FORMAT_VERSION;
		}
		if (syncedLine > 0) {
			// Intents are synced before a send and the mark keeps the furthest line synced: no run, whatever damage
			// hid of it, began a send past that line.
			for (DamagePoint p : points) {
				if (p.before == Long.MAX_VALUE && p.after != Long.MAX_VALUE) {
					p.before = Math.max(p.after + 1, syncedLine + 1);
				}
			}
		}
		if (format == LedgerRecord.FORMAT_VERSION && syncedSeq >= expected) {
			open = damage(open, validLength, NLS.bind(Messages.Ledger_damageCut, syncedSeq + 1 - expected));
			if (syncedRunSeq > runSeq) {
				open.everything = true; // a later run was cut off whole: it may have sent to anyone
			} else if (syncedLine > 0 && !open.everything) {
				// intents go in list order: this run got no further than the furthest line synced
				closeAll(syncedLine + 1);
			}
		}
		nextSeq = Math.max(expected, syncedSeq + 1);
		if (tornMayBeHanded) {
			handedMayBeLost();
		}
	}

	/**
	 * @param torn an unfinished last line
	 * @return whether it may have been a HANDED record: it is, or its type was not (or not wholly) written
	 */
	private static boolean mayBeHanded(String torn) {
		String[] parts = torn.split("\t", 4); //$NON-NLS-1$
		if (parts.length < 4) {
			return true;
		}
		LedgerRecord.Type type = LedgerRecord.Type.of(parts[2]);
		return type == LedgerRecord.Type.HANDED || type == LedgerRecord.Type.OTHER;
	}

	/** A HANDED record may have been lost here: no intent before it can be told apart from a handed one any more. */
	private void handedMayBeLost() {
		index.replaceState(NOT_HANDED, DeliveryState.SENDING.ordinal());
	}

	/**
	 * Notes damage at {@code offset}. Damaged lines one after another are one damage point; once a valid record came
	 * between, it is a new one, so a record after the first cannot mask what the second hid.
	 */
	private DamagePoint damage(DamagePoint open, long offset, String what) {
		damage.add(new LedgerDamage(offset, what));
		handoverTrusted = false; // it may hide the record of a run that wrote no HANDED records
		if (open != null && inStretch) {
			return open;
		}
		DamagePoint p = new DamagePoint(run, lastIntentLine);
		points.add(p);
		unclosed.add(p);
		inStretch = true;
		return p;
	}

	private DamagePoint apply(LedgerRecord r, DamagePoint open) {
		switch (r.type()) {
		case LEDGER -> {
			if (r.seq() == 0) {
				campaignId = r.field(1);
			}
		}
		case RUN -> {
			for (DamagePoint p : unclosed) {
				if (p.run == null && p.missing == 1 && r.seq() == 1) {
					p.everything = false; // it hid only the ledger's first record, which names no recipient
					p.after = Long.MAX_VALUE;
				}
			}
			closeAll(Long.MAX_VALUE);
			open = null;
			String sha = r.field(4);
			run = new Run(sha.isEmpty() || sha.equals("-") ? null : sha); //$NON-NLS-1$
			runSeq = r.seq();
			lastIntentLine = 0;
			lastRunMillis = r.millis();
			lastRunList = sha;
			lastRunRecipients = r.fields().size() > 5 ? parseLong(r.field(5)) : -1;
			handoverTrusted = LedgerRecord.HANDOVER_RECORDED.equals(r.field(6)) && BootId.same(r.field(3), bootId);
		}
		case INTENT -> {
			long line = parseLong(r.field(1));
			for (DamagePoint p : unclosed) {
				if (line <= p.after && p.missing == 1) {
					// One record missing and the list starts again: it was the next run's own record, which names no
					// one. That run's list is not known, so damage later in it cannot be bounded.
					p.after = Long.MAX_VALUE;
					run = new Run(null);
				} else if (line <= p.after) {
					p.everything = true; // the list started again inside the damage: a run's record was lost
				}
			}
			closeAll(line);
			open = null;
			lastIntentLine = line;
			maxIntentLine = Math.max(maxIntentLine, line);
			putIntent(r.field(0));
		}
		case HANDED -> put(r.field(0), DeliveryState.SENDING);
		case CUT -> handedMayBeLost();
		case OUTCOME, SUPPRESSED -> {
			DeliveryState state = r.type() == LedgerRecord.Type.SUPPRESSED ? DeliveryState.SUPPRESSED
					: parseState(r.field(1));
			if (state != null) {
				put(r.field(0), state);
			}
		}
		case RESEND -> put(r.field(0), DeliveryState.PENDING);
		case JOURNAL -> journalApplied = Math.max(journalApplied, parseLong(r.field(0)));
		case BOUNCED, OTHER -> {
			// not a state of the send; BOUNCED is shown beside the outcome by the report
		}
		}
		return open;
	}

	private void closeAll(long before) {
		for (DamagePoint p : unclosed) {
			p.before = Math.min(p.before, before);
			p.closed = true;
		}
		unclosed.clear();
	}

	private DamagePoint applyLegacy(String line, long start, DamagePoint open) {
		LegacyRecord r = LegacyRecord.parse(line);
		if (r == null) {
			// Format 1 has no run records or list lines: damage there cannot be bounded.
			DamagePoint p = damage(open, start, Messages.Ledger_damageChecksum);
			p.everything = true;
			return p;
		}
		records++;
		inStretch = false;
		put(r.address(), r.state());
		return open;
	}

	private void put(String address, DeliveryState state) {
		index.put(RecipientIndex.key(address), state.ordinal(), points.size());
	}

	private void putIntent(String address) {
		index.put(RecipientIndex.key(address), handoverTrusted ? NOT_HANDED : DeliveryState.SENDING.ordinal(),
				points.size());
	}

	/** @return the state an index entry stands for, {@code null} for {@link RecipientIndex#ABSENT} */
	private static DeliveryState stateOf(int s) {
		return s == RecipientIndex.ABSENT ? null : s == NOT_HANDED ? DeliveryState.SENDING : STATES[s];
	}

	/** @return the state a record names, {@code null} when it names none this version knows */
	public static DeliveryState parseState(String s) {
		try {
			return DeliveryState.valueOf(s.toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** @return the number in a record's field, 0 when it holds none */
	public static long parseLong(String s) {
		try {
			return Long.parseLong(s);
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	/** Records a state as the writer appends it (the scan then stays the ledger's state). */
	public void recorded(String address, DeliveryState state) {
		put(address, state);
	}

	/**
	 * Merges the side journal's records after the ledger's: a resend the user asked for makes an UNKNOWN recipient
	 * pending again, unless the ledger already applied it.
	 */
	public void merge(List<LedgerRecord> journal) {
		for (LedgerRecord r : journal) {
			journalSeq = Math.max(journalSeq, r.seq());
			if (r.seq() <= journalApplied || r.type() != LedgerRecord.Type.RESEND || r.fields().isEmpty()) {
				continue;
			}
			String address = r.field(0);
			DeliveryState recorded = stateOf(index.state(RecipientIndex.key(address)));
			if (recorded == DeliveryState.ACCEPTED || recorded == DeliveryState.SUPPRESSED) {
				continue; // accepted after all: nothing to send again
			}
			index.put(RecipientIndex.key(address), DeliveryState.PENDING.ordinal(), 255); // after any damage: the user decided
			resends.add(address);
		}
	}

	/** @return the recipients a resend from the journal made pending that the ledger has not applied yet */
	public List<String> pendingResends() {
		return List.copyOf(resends);
	}

	/** @return the journal's last sequence number merged, -1 when none */
	public long journalSeq() {
		return journalSeq;
	}

	/** Records that the journal is applied up to {@code seq}. */
	public void journalApplied(long seq) {
		journalApplied = Math.max(journalApplied, seq);
		resends.clear();
	}

	/** Records an intent as the writer appends it. */
	public void intent(String address, long line) {
		putIntent(address);
		if (line > 0) {
			lastIntentLine = line;
			maxIntentLine = Math.max(maxIntentLine, line);
		}
	}

	/**
	 * Starts a run as the writer appends its record.
	 *
	 * @param runBootId        the boot id its record names
	 * @param handoverRecorded whether its record says it writes a HANDED record before every final "."
	 */
	public void runStarted(String listSha256, long seq, long recipients, String runBootId, boolean handoverRecorded) {
		handoverTrusted = handoverRecorded && BootId.same(runBootId, bootId);
		closeAll(Long.MAX_VALUE);
		priorRunList = lastRunList;
		priorRunRecipients = lastRunRecipients;
		lastRunList = listSha256;
		lastRunRecipients = recipients;
		run = new Run(listSha256);
		runSeq = seq;
		lastIntentLine = 0;
	}

	/**
	 * @param line        the recipient's line in the list now, 0 when unknown
	 * @param listSha256  the SHA-256 of the list now, {@code null} when unknown
	 * @return where the recipient stands; a send that began and may have reached its final ".", or damage that may
	 *         hide a record of the recipient, reads {@link DeliveryState#UNKNOWN}; one that began and never reached
	 *         it reads {@link DeliveryState#PENDING} (callers that know the run still holds the lock say SENDING)
	 */
	public DeliveryState state(String address, long line, String listSha256) {
		long key = RecipientIndex.key(address);
		int s = index.state(key);
		if (s == NOT_HANDED) {
			return damagedAfter(address) ? DeliveryState.UNKNOWN : DeliveryState.PENDING;
		}
		if (s == RecipientIndex.ABSENT) {
			for (DamagePoint p : points) {
				if (p.covers(line, listSha256)) {
					return DeliveryState.UNKNOWN;
				}
			}
			return DeliveryState.PENDING;
		}
		DeliveryState state = STATES[s];
		switch (state) {
		case ACCEPTED, UNKNOWN, SUPPRESSED:
			return state; // final: no later run sends to it, so nothing later can be lost
		case SENDING:
			return DeliveryState.UNKNOWN;
		default:
			// A later run may have sent to it again (retry, resume): damage after its last record may hide that.
			for (int j = index.epoch(key); j < points.size(); j++) {
				if (points.get(j).covers(line, listSha256)) {
					return DeliveryState.UNKNOWN;
				}
			}
			return state;
		}
	}

	/** @return the recorded state ({@code null} when none), without what damage may have hidden */
	public DeliveryState recordedState(String address) {
		return stateOf(index.state(RecipientIndex.key(address)));
	}

	/** @return whether the recipient's last record precedes a damage point (its state may be older than the truth) */
	public boolean damagedAfter(String address) {
		int epoch = index.epoch(RecipientIndex.key(address));
		if (epoch == RecipientIndex.ABSENT) {
			return false;
		}
		for (int j = epoch; j < points.size(); j++) {
			if (points.get(j).covers(0, null)) {
				return true;
			}
		}
		return false;
	}

	public RecipientIndex index() {
		return index;
	}

	/** @return 1 for a ledger written before sequence numbers, else {@link LedgerRecord#FORMAT_VERSION} */
	public int format() {
		return format;
	}

	/** @return the campaign id in the ledger's first record, or {@code null} (format 1, or the record was lost) */
	public String campaignId() {
		return campaignId == null || campaignId.isEmpty() ? null : campaignId;
	}

	public List<LedgerDamage> damage() {
		return List.copyOf(damage);
	}

	public boolean damaged() {
		return !damage.isEmpty();
	}

	/** @return the sequence number of the next record to write */
	public long nextSeq() {
		return nextSeq;
	}

	/** @return where the valid records (and damaged whole lines) end: a torn tail after it may be cut */
	public long validLength() {
		return validLength;
	}

	/** @return the length of an unfinished last line (a write cut short), 0 when there is none */
	public long tornTail() {
		return tornTail;
	}

	/** @return whether the unfinished last line may have been a HANDED record (a writer that cuts it says so) */
	public boolean tornMayBeHanded() {
		return tornMayBeHanded;
	}

	/** @return whether the last record is whole but lacks its LF (a writer must add it before appending) */
	public boolean lastLineUnterminated() {
		return lastLineUnterminated;
	}

	/** @return the number of valid records */
	public long records() {
		return records;
	}

	/** @return the sequence number of the last RUN record, -1 when none */
	public long runSeq() {
		return runSeq;
	}

	/** @return the furthest list line of an intent in any run, 0 when none */
	public long maxIntentLine() {
		return maxIntentLine;
	}

	/** @return the SHA-256 of the list the last run read, {@code null} when no run (or an old one) recorded it */
	public String lastRunList() {
		return lastRunList == null || lastRunList.isEmpty() || lastRunList.equals("-") ? null : lastRunList; //$NON-NLS-1$
	}

	/** @return the list SHA-256 of the run before the one this writer began, {@code null} when none */
	public String priorRunList() {
		return priorRunList == null || priorRunList.isEmpty() || priorRunList.equals("-") ? null : priorRunList; //$NON-NLS-1$
	}

	/** @return how many recipients the list had at the run before the one this writer began, -1 when not recorded */
	public long priorRunRecipients() {
		return priorRunRecipients;
	}

	/** @return how many recipients the list had when the last run began, -1 when not recorded */
	public long lastRunRecipients() {
		return lastRunRecipients;
	}

	/** @return when the last run began (milliseconds since the epoch), 0 when no run is recorded */
	public long lastRunMillis() {
		return lastRunMillis;
	}

	/** A line of a format-1 ledger: {@code STATE TAB address TAB code TAB reply TAB crc}. */
	public record LegacyRecord(DeliveryState state, String address, String code, String reply) {
		public static LegacyRecord parse(String line) {
			if (line.endsWith("\r")) { //$NON-NLS-1$
				line = line.substring(0, line.length() - 1);
			}
			int lastTab = line.lastIndexOf('\t');
			if (lastTab < 0 || !line.substring(lastTab + 1).equals(LedgerRecord.crc(line.substring(0, lastTab)))) {
				return null;
			}
			String[] parts = line.substring(0, lastTab).split("\t", -1); //$NON-NLS-1$
			if (parts.length != 4) {
				return null;
			}
			DeliveryState state = parseState(parts[0]);
			return state == null ? null : new LegacyRecord(state, LedgerRecord.unescape(parts[1]), parts[2], LedgerRecord.unescape(parts[3]));
		}
	}
}
