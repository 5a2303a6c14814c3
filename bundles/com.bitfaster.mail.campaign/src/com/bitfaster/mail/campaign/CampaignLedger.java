package com.bitfaster.mail.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The durable per-recipient record of a campaign: an append-only file with one checksummed line per event.
 * <p>
 * A runner calls {@link #begin} for recipients it is about to send to, {@link #sync} (the intents are on disk), sends,
 * and records each outcome with {@link #record}. An outcome is on disk by the next {@link #sync}; syncs from several
 * threads are combined into one fsync. After a crash or {@code kill -9}, a recipient whose send began but whose outcome
 * did not reach the disk reads as {@link DeliveryState#UNKNOWN}: it is reported, never sent again by itself, so no
 * accepted message is sent twice, and a recipient with no record is still {@link DeliveryState#PENDING}, so no one is
 * skipped. A torn last line (the process died while writing it) fails its checksum and is cut off.
 */
public final class CampaignLedger implements AutoCloseable {

	private final Path file;
	private final FileChannel channel;
	private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
	private final Object syncLock = new Object();
	private long appended;
	private long synced;

	private CampaignLedger(Path file, FileChannel channel) {
		this.file = file;
		this.channel = channel;
	}

	/** Opens (or creates) a ledger, reading what an earlier run recorded. */
	public static CampaignLedger open(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		CampaignLedger ledger = new CampaignLedger(file, channel);
		try {
			ledger.replay();
		} catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
		return ledger;
	}

	private void replay() throws IOException {
		long validLength = 0;
		long size = channel.size();
		channel.position(0);
		BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
		String line;
		while ((line = reader.readLine()) != null) {
			long end = validLength + line.getBytes(StandardCharsets.UTF_8).length + 1L;
			LedgerEntry entry = end > size ? null : parse(line); // no newline: the write was cut short
			if (entry == null) {
				break; // a torn tail: it and anything after it is cut off
			}
			entries.put(key(entry.address()), entry);
			validLength = end;
		}
		channel.truncate(validLength);
		channel.position(validLength);
		channel.force(true);
		// A send that began but whose outcome never reached the disk may or may not have been delivered.
		entries.replaceAll((k, e) -> e.state() == DeliveryState.SENDING
				? new LedgerEntry(e.address(), DeliveryState.UNKNOWN, 0, e.reply())
				: e);
	}

	/**
	 * Reads a ledger file without opening it for writing, safe while a run appends to it: lines that do not parse (a
	 * torn tail being written) are skipped, and nothing is repaired.
	 *
	 * @return the latest entry of each recipient, in the order first recorded; empty when there is no such file
	 */
	static List<LedgerEntry> readLatest(Path file) throws IOException {
		Map<String, LedgerEntry> latest = new LinkedHashMap<>();
		if (Files.exists(file)) {
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				String line;
				while ((line = reader.readLine()) != null) {
					LedgerEntry e = parse(line);
					if (e != null) {
						latest.put(key(e.address()), e);
					}
				}
			}
		}
		return List.copyOf(latest.values());
	}

	/** @return the recipient's state; {@link DeliveryState#PENDING} when nothing is recorded */
	public synchronized DeliveryState state(String address) {
		LedgerEntry e = entries.get(key(address));
		return e == null ? DeliveryState.PENDING : e.state();
	}

	public synchronized LedgerEntry entry(String address) {
		return entries.get(key(address));
	}

	/** Records that sends to these recipients begin; call {@link #sync} before sending. */
	public void begin(Collection<String> addresses) throws IOException {
		StringBuilder sb = new StringBuilder();
		synchronized (this) {
			for (String address : addresses) {
				LedgerEntry e = new LedgerEntry(address, DeliveryState.SENDING, 0, ""); //$NON-NLS-1$
				entries.put(key(address), e);
				sb.append(format(e));
			}
			append(sb.toString());
		}
	}

	/** Records an outcome; it is durable after the next {@link #sync}. */
	public void record(String address, DeliveryState state, int replyCode, String reply) throws IOException {
		LedgerEntry e = new LedgerEntry(address, state, replyCode, reply == null ? "" : reply); //$NON-NLS-1$
		synchronized (this) {
			entries.put(key(address), e);
			append(format(e));
		}
	}

	private void append(String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
		appended++;
	}

	/** Makes everything recorded so far durable. Concurrent callers share one fsync. */
	public void sync() throws IOException {
		long target;
		synchronized (this) {
			target = appended;
		}
		synchronized (syncLock) {
			if (synced >= target) {
				return; // another thread's fsync already covered these records
			}
			long covering;
			synchronized (this) {
				covering = appended;
			}
			channel.force(false);
			synced = covering;
		}
	}

	/** @return the number of recipients in each state (pending ones are not counted: the ledger cannot know them) */
	public synchronized Map<DeliveryState, Long> counts() {
		Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
		for (LedgerEntry e : entries.values()) {
			counts.merge(e.state(), 1L, Long::sum);
		}
		return counts;
	}

	/** @return every recorded recipient with its last state, in the order first recorded */
	public synchronized List<LedgerEntry> entries() {
		return List.copyOf(entries.values());
	}

	public Path file() {
		return file;
	}

	@Override
	public void close() throws IOException {
		try {
			sync();
		} finally {
			channel.close();
		}
	}

	private static String key(String address) {
		return address.toLowerCase(Locale.ROOT);
	}

	static String format(LedgerEntry e) {
		String body = e.state().name() + '\t' + escape(e.address()) + '\t' + e.replyCode() + '\t' + escape(e.reply());
		return body + '\t' + crc(body) + '\n';
	}

	static LedgerEntry parse(String line) {
		int lastTab = line.lastIndexOf('\t');
		if (lastTab < 0) {
			return null;
		}
		String body = line.substring(0, lastTab);
		if (!line.substring(lastTab + 1).equals(crc(body))) {
			return null;
		}
		String[] parts = body.split("\t", -1); //$NON-NLS-1$
		if (parts.length != 4) {
			return null;
		}
		try {
			return new LedgerEntry(unescape(parts[1]), DeliveryState.valueOf(parts[0]), Integer.parseInt(parts[2]),
					unescape(parts[3]));
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static String crc(String body) {
		CRC32 crc = new CRC32();
		crc.update(body.getBytes(StandardCharsets.UTF_8));
		return Long.toHexString(crc.getValue());
	}

	private static String escape(String s) {
		return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
	}

	private static String unescape(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				char n = s.charAt(++i);
				sb.append(switch (n) {
				case 't' -> '\t';
				case 'n' -> '\n';
				case 'r' -> '\r';
				default -> n;
				});
			} else {
				sb.append(c);
			}
		}
		return sb.toString();
	}
}
