package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.bitfaster.mail.campaign.internal.BootId;
import com.bitfaster.mail.campaign.internal.LedgerRecord;
import com.bitfaster.mail.campaign.internal.LedgerScan;
import com.bitfaster.mail.core.AtomicFiles;

/**
 * The durable per-recipient record of a campaign, open for writing by the one run that holds the campaign's
 * {@link CampaignLock}. The file format is described in {@code LEDGER.md} of this bundle.
 * <p>
 * A runner calls {@link #beginRun} once, then for each batch {@link #begin} (intents), {@link #sync} (the intents are
 * on disk), sends, calls {@link #handed} the moment before each message's final "." is written, and records each
 * outcome with {@link #record}; an outcome is on disk by the next {@link #sync}. After a crash or {@code kill -9}, a
 * recipient whose message may have reached its final "." but whose outcome did not reach the disk reads as
 * {@link DeliveryState#UNKNOWN}: reported, never sent again unless the user says so; one whose message never got that
 * far reads {@link DeliveryState#PENDING} (in the same boot of the machine, when the run recorded the handover).
 * Readers never open a ledger for writing: they use {@link #read}, which never changes the file, even while a run
 * appends to it.
 * <p>
 * Damage (a changed byte, a removed record, a file cut short) is skipped and reported; it never makes a recipient
 * PENDING that may have been sent to (see {@link LedgerScan}). Only an unfinished last line, which a crash leaves, is
 * cut off when the ledger is opened for writing.
 */
public final class CampaignLedger implements AutoCloseable {

	private final Path file;
	private final CampaignLock lock;
	private final FileChannel channel;
	private final LedgerScan scan;
	private final String campaignId;
	private final Object syncLock = new Object();
	private long nextSeq;
	private long appended;
	private long synced;

	private CampaignLedger(Path file, CampaignLock lock, FileChannel channel, LedgerScan scan, String campaignId) {
		this.file = file;
		this.lock = lock;
		this.channel = channel;
		this.scan = scan;
		this.campaignId = campaignId;
		this.nextSeq = scan.nextSeq();
	}

	/** Opens (or creates) a ledger for a campaign whose id is not known; see {@link #open(Path, String)}. */
	public static CampaignLedger open(Path file) throws IOException {
		return open(file, null);
	}

	/**
	 * Takes the campaign's lock and opens (or creates) its ledger, reading what earlier runs recorded. A ledger of the
	 * format before this one is converted, the old file kept beside it as {@code LEDGER.v1}.
	 *
	 * @param campaignId the campaign's id; {@code null} accepts the ledger's (an old campaign file adopts it)
	 * @throws CampaignLockedException  when another run of the campaign holds the lock
	 * @throws LedgerMismatchException  when the ledger belongs to another campaign
	 */
	public static CampaignLedger open(Path file, String campaignId) throws IOException {
		file = file.toAbsolutePath().normalize();
		Files.createDirectories(file.getParent());
		return openLocked(file, CampaignLock.acquire(file), campaignId);
	}

	/**
	 * Takes the lock of the campaign in {@code campaignFile} and opens its ledger. A campaign file without an id gets
	 * one first, under the lock (its ledger's, when an older ledger names one).
	 *
	 * @throws CampaignLockedException when another run of the campaign holds the lock
	 * @throws LedgerMismatchException when the ledger belongs to another campaign
	 */
	public static CampaignLedger forCampaign(Path campaignFile) throws IOException {
		Path file = CampaignFile.ledgerFile(campaignFile.toAbsolutePath()).normalize();
		CampaignLock lock = CampaignLock.acquire(file);
		String id;
		try {
			id = CampaignFile.readId(campaignFile);
			if (id == null) {
				id = CampaignFile.ensureId(campaignFile, campaignIdOf(file));
			}
		} catch (IOException | RuntimeException e) {
			lock.close();
			throw e;
		}
		return openLocked(file, lock, id);
	}

	/**
	 * @return the id of the campaign a ledger belongs to, from its first record; {@code null} when there is no ledger
	 *         or it names none (format 1). Reads one line, takes no lock.
	 */
	public static String campaignIdOf(Path file) {
		try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			LedgerRecord first = LedgerRecord.parse(java.util.Objects.requireNonNullElse(reader.readLine(), "")); //$NON-NLS-1$
			return first != null && first.type() == LedgerRecord.Type.LEDGER && !first.field(1).isEmpty()
					? first.field(1)
					: null;
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}

	private static CampaignLedger openLocked(Path file, CampaignLock lock, String campaignId) throws IOException {
		try {
			boolean created = !Files.exists(file);
			if (!created) {
				convertFormat1(file, campaignId);
			}
			// Created readable by the owner only: it lists every recipient.
			FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
					StandardOpenOption.READ, StandardOpenOption.WRITE), OwnerOnly.attributes());
			try {
				return open(file, lock, channel, campaignId, created || channel.size() == 0);
			} catch (IOException | RuntimeException e) {
				channel.close();
				throw e;
			}
		} catch (IOException | RuntimeException e) {
			lock.close();
			throw e;
		}
	}

	private static CampaignLedger open(Path file, CampaignLock lock, FileChannel channel, String campaignId,
			boolean fresh) throws IOException {
		if (fresh) {
			String id = campaignId == null ? "" : campaignId; //$NON-NLS-1$
			lock.resetMark();
			CampaignLedger ledger = new CampaignLedger(file, lock, channel, LedgerScan.empty(), id);
			ledger.append(List.of(ledger.next(LedgerRecord.Type.LEDGER,
					Integer.toString(LedgerRecord.FORMAT_VERSION), id)));
			ledger.sync();
			AtomicFiles.syncDirectory(file.getParent()); // the new ledger's name is durable too
			return ledger;
		}
		LedgerScan scan;
		InputStream in = Channels.newInputStream(channel.position(0));
		CampaignLock.Mark mark = lock.mark();
		scan = LedgerScan.read(in, channel.size(), mark.seq(), mark.runSeq(), mark.line());
		String ledgerId = scan.campaignId();
		if (campaignId != null && ledgerId != null && !ledgerId.equals(campaignId)) {
			throw new LedgerMismatchException(file, ledgerId, campaignId);
		}
		long end = scan.validLength();
		if (scan.tornTail() > 0) {
			channel.truncate(end); // a write the last run did not finish; nothing after it was ever written
		}
		channel.position(channel.size());
		CampaignLedger ledger = new CampaignLedger(file, lock, channel, scan, ledgerId != null ? ledgerId
				: campaignId == null ? "" : campaignId); //$NON-NLS-1$
		if (scan.lastLineUnterminated()) {
			ledger.write("\n"); //$NON-NLS-1$
		}
		if (scan.tornMayBeHanded()) {
			// What was cut may have been a HANDED record: readers must still know that the intents before it may
			// have been handed over.
			ledger.append(List.of(ledger.next(LedgerRecord.Type.CUT, Long.toString(scan.tornTail()))));
		}
		ledger.applyJournal();
		ledger.sync();
		return ledger;
	}

	/**
	 * Reads a ledger without opening it for writing or taking its lock: safe at any time, also while a run appends
	 * to it. Nothing is repaired; a line being written is not read.
	 *
	 * @return the ledger's records; an empty one when there is no such file
	 */
	public static LedgerScan read(Path file) throws IOException {
		CampaignLock.Mark mark = CampaignLock.mark(file); // first: the file holds at least what the mark says
		if (!Files.exists(file)) {
			return mark.seq() >= 0 ? LedgerScan.read(InputStream.nullInputStream(), 0, mark.seq(), mark.runSeq(), mark.line())
					: LedgerScan.empty();
		}
		LedgerScan scan;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			scan = LedgerScan.read(Channels.newInputStream(channel), channel.size(), mark.seq(), mark.runSeq(),
					mark.line());
		}
		scan.merge(CampaignJournal.read(CampaignJournal.journalFile(file)));
		return scan;
	}

	/**
	 * Keeps a ledger (and its durable mark) aside under a new name, so the campaign starts with a new one. Takes the
	 * campaign's lock for the move.
	 *
	 * @return where the old ledger now is, or {@code null} when there was none
	 */
	public static Path startFresh(Path file) throws IOException {
		file = file.toAbsolutePath().normalize();
		try (CampaignLock lock = CampaignLock.acquire(file)) {
			if (!Files.exists(file)) {
				lock.resetMark();
				return null;
			}
			Path aside = file.resolveSibling(asideName(file));
			Path journal = CampaignJournal.journalFile(file);
			if (Files.exists(journal)) { // its records name the old campaign's recipients: they go aside with it
				Files.move(journal, CampaignJournal.journalFile(aside), StandardCopyOption.ATOMIC_MOVE);
			}
			Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
			lock.resetMark();
			AtomicFiles.syncDirectory(file.getParent());
			return aside;
		}
	}

	static String asideName(Path ledger) {
		return ledger.getFileName() + ".replaced-" //$NON-NLS-1$
				+ LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")); //$NON-NLS-1$
	}

	/** Rewrites a ledger of format 1 in format 2, keeping the old file as {@code LEDGER.v1}. */
	private static void convertFormat1(Path file, String campaignId) throws IOException {
		List<LedgerScan.LegacyRecord> legacy = new ArrayList<>();
		try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String first = reader.readLine();
			if (first == null || LedgerScan.LegacyRecord.parse(first) == null) {
				return; // format 2 (or damaged from its first line: read as format 2, which reports it)
			}
			legacy.add(LedgerScan.LegacyRecord.parse(first));
			String line;
			while ((line = reader.readLine()) != null) {
				LedgerScan.LegacyRecord r = LedgerScan.LegacyRecord.parse(line);
				if (r != null) {
					legacy.add(r);
				}
				// A damaged line of format 1 cannot be bounded: the conversion records it as a run with no list.
			}
		}
		long now = System.currentTimeMillis();
		StringBuilder out = new StringBuilder();
		long seq = 0;
		out.append(new LedgerRecord(seq++, now, LedgerRecord.Type.LEDGER,
				List.of(Integer.toString(LedgerRecord.FORMAT_VERSION), campaignId == null ? "" : campaignId)).format()); //$NON-NLS-1$
		for (LedgerScan.LegacyRecord r : legacy) {
			if (r.state() == DeliveryState.SENDING) {
				out.append(new LedgerRecord(seq++, now, LedgerRecord.Type.INTENT, List.of(r.address(), "0")).format()); //$NON-NLS-1$
			} else {
				out.append(new LedgerRecord(seq++, now, LedgerRecord.Type.OUTCOME,
						List.of(r.address(), r.state().name(), r.code(), r.reply())).format());
			}
		}
		Path old = file.resolveSibling(file.getFileName() + ".v1"); //$NON-NLS-1$
		Files.copy(file, old, StandardCopyOption.REPLACE_EXISTING);
		AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Takes the resends the side journal asks for into the ledger, so they are history once acted on. */
	private void applyJournal() throws IOException {
		scan.merge(CampaignJournal.read(CampaignJournal.journalFile(file)));
		List<String> resends = scan.pendingResends();
		if (resends.isEmpty()) {
			return;
		}
		synchronized (this) {
			List<LedgerRecord> records = new ArrayList<>();
			for (String address : resends) {
				records.add(next(LedgerRecord.Type.OUTCOME, address, DeliveryState.PENDING.name(), "0", //$NON-NLS-1$
						"resend requested")); //$NON-NLS-1$
			}
			records.add(next(LedgerRecord.Type.JOURNAL, Long.toString(scan.journalSeq())));
			append(records);
			scan.journalApplied(scan.journalSeq());
		}
	}

	/** @return the id of the campaign the ledger belongs to; empty when neither the ledger nor the caller named one */
	public String campaignId() {
		return campaignId;
	}

	/** @return the damage found when the ledger was opened */
	public List<LedgerDamage> damage() {
		return scan.damage();
	}

	/** Records that a run begins; {@code listSha256} lets later damage be bounded to a range of the list. */
	public void beginRun(String mode, String listSha256) throws IOException {
		beginRun(mode, listSha256, -1);
	}

	/**
	 * Records that a run begins that does not call {@link #handed}: after a crash, every recipient of its whose
	 * outcome was not recorded reads {@link DeliveryState#UNKNOWN}.
	 *
	 * @see #beginRun(String, String, long, boolean)
	 */
	public void beginRun(String mode, String listSha256, long recipients) throws IOException {
		beginRun(mode, listSha256, recipients, false);
	}

	/**
	 * Records that a run begins.
	 *
	 * @param listSha256       the SHA-256 of the list it reads: lets later damage be bounded to a range of the list,
	 *                         and a report say that the list changed
	 * @param recipients       how many distinct valid recipients the list has, -1 when not known
	 * @param handoverRecorded whether the run calls {@link #handed} before every message's final "." is written: only
	 *                         then does a recipient whose intent has no HANDED record read PENDING after a crash
	 */
	public void beginRun(String mode, String listSha256, long recipients, boolean handoverRecorded)
			throws IOException {
		synchronized (this) {
			String bootId = BootId.current();
			scan.runStarted(listSha256, nextSeq, recipients, bootId, handoverRecorded);
			append(List.of(next(LedgerRecord.Type.RUN, mode, Long.toString(ProcessHandle.current().pid()),
					CampaignLock.host(), bootId, listSha256 == null ? "-" : listSha256, Long.toString(recipients), //$NON-NLS-1$
					handoverRecorded ? LedgerRecord.HANDOVER_RECORDED : ""))); //$NON-NLS-1$
		}
	}

	/**
	 * @param line       the recipient's line in the list now, 0 when not known
	 * @param listSha256 the list's SHA-256 now, {@code null} when not known
	 * @return where the recipient stands
	 */
	public synchronized DeliveryState state(String address, long line, String listSha256) {
		return scan.state(address, line, listSha256);
	}

	/** @return the recipient's state, as far as the records say without its place in the list */
	public synchronized DeliveryState state(String address) {
		return scan.state(address, 0, null);
	}

	/** Records that sends to these recipients begin (no list lines known); call {@link #sync} before sending. */
	public void begin(Collection<String> addresses) throws IOException {
		synchronized (this) {
			List<LedgerRecord> records = new ArrayList<>(addresses.size());
			for (String address : addresses) {
				scan.intent(address, 0);
				records.add(next(LedgerRecord.Type.INTENT, address, "0")); //$NON-NLS-1$
			}
			append(records);
		}
	}

	/** Records that sends to these recipients begin; call {@link #sync} before sending. */
	public void beginRecipients(List<Recipient> recipients) throws IOException {
		synchronized (this) {
			List<LedgerRecord> records = new ArrayList<>(recipients.size());
			for (Recipient r : recipients) {
				scan.intent(r.address(), r.line());
				records.add(next(LedgerRecord.Type.INTENT, r.address(), Long.toString(r.line())));
			}
			append(records);
		}
	}

	/**
	 * Records that the message to {@code address} is about to be handed over: its final "." is written next. Called
	 * by the send path on a sender thread, once per attempt that gets that far, at the rate messages are sent. Not
	 * synced: one write to the file, so when this returns the operating system holds the record and a crash of this
	 * process cannot lose it (a crash of the machine can: readers then go by the run's boot id).
	 *
	 * @throws UncheckedIOException when the record could not be written; the message must then not be handed over
	 */
	public void handed(String address) {
		synchronized (this) {
			scan.recorded(address, DeliveryState.SENDING);
			try {
				append(List.of(next(LedgerRecord.Type.HANDED, address)));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	/**
	 * Records that {@code address} is left out because the suppression list holds it; durable after the next
	 * {@link #sync}.
	 */
	public void suppressed(String address, String reason) throws IOException {
		synchronized (this) {
			scan.recorded(address, DeliveryState.SUPPRESSED);
			append(List.of(next(LedgerRecord.Type.SUPPRESSED, address, reason == null ? "" : reason))); //$NON-NLS-1$
		}
	}

	/** Records an outcome; it is durable after the next {@link #sync}. */
	public void record(String address, DeliveryState state, int replyCode, String reply) throws IOException {
		synchronized (this) {
			scan.recorded(address, state);
			append(List.of(next(LedgerRecord.Type.OUTCOME, address, state.name(), Integer.toString(replyCode),
					reply == null ? "" : reply))); //$NON-NLS-1$
		}
	}

	private LedgerRecord next(LedgerRecord.Type type, String... fields) {
		return new LedgerRecord(nextSeq++, System.currentTimeMillis(), type, List.of(fields));
	}

	private void append(List<LedgerRecord> records) throws IOException {
		StringBuilder sb = new StringBuilder(records.size() * 80);
		for (LedgerRecord r : records) {
			sb.append(r.format());
		}
		write(sb.toString());
		appended++;
	}

	private void write(String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/** Makes everything recorded so far durable. Concurrent callers share one fsync. */
	public void sync() throws IOException {
		long target;
		synchronized (this) {
			target = appended;
		}
		synchronized (syncLock) {
			if (synced >= target && synced > 0) {
				return; // another thread's fsync already covered these records
			}
			long covering;
			CampaignLock.Mark mark;
			synchronized (this) {
				covering = appended;
				mark = new CampaignLock.Mark(nextSeq - 1, channel.position(), scan.runSeq(), scan.maxIntentLine());
			}
			channel.force(false);
			lock.mark(mark);
			synced = Math.max(1, covering);
		}
	}

	public Path file() {
		return file;
	}

	/** @return the length of the ledger as written so far */
	public synchronized long length() throws IOException {
		return channel.position();
	}

	/** @return the records read and written, for a report */
	public LedgerScan scan() {
		return scan;
	}

	@Override
	public void close() throws IOException {
		try {
			sync();
		} finally {
			try {
				channel.close();
			} finally {
				lock.close();
			}
		}
	}
}
