package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-runner-per-campaign lock: an operating-system lock on {@code LEDGER.lock} beside the ledger, held for a whole
 * run by whichever process sends (the command line or the workbench). The operating system releases it when the
 * process ends, however it ends, so a lock left by a dead process never blocks.
 * <p>
 * The file also says who holds it (process id, host, since when) and how far the holder's ledger was made durable
 * (the sequence number and length of its last sync). That mark outlives the run: a ledger found shorter than its
 * mark was cut, and the records cut off are damage, not "never sent".
 * <p>
 * Taking or probing the run lock happens under a second lock, the gate (see {@link #GATE}).
 * <p>
 * POSIX record locks belong to the process and are dropped when the process closes <em>any</em> descriptor of the
 * file, so within this process the lock file is opened only by the holder; others ask {@link #HELD} instead.
 */
public final class CampaignLock implements AutoCloseable {

	/** Who holds a campaign's lock. */
	public record Holder(long pid, String host, Instant since) {
	}

	/**
	 * How far a ledger was made durable: its records up to {@code seq}, its first {@code length} bytes, the RUN record
	 * of its last run {@code runSeq}, and intents up to list line {@code line} at the furthest.
	 */
	public record Mark(long seq, long length, long runSeq, long line) {
		public static final Mark NONE = new Mark(-1, 0, -1, 0);
	}

	private static final Map<Path, CampaignLock> HELD = new ConcurrentHashMap<>();
	/**
	 * The run lock covers the bytes before this offset; the byte at it is the gate, held briefly by whoever takes or
	 * probes the run lock. So the run lock is never seen held before its holder's name is written, and a probe (a
	 * report asking who runs) never makes a run that starts at that moment fail.
	 */
	private static final long GATE = 1L << 62;
	/** Fixed width, so a reader in another process never sees a number half rewritten. */
	private static final String LAYOUT = "pid=%20d%nhost=%s%nsince=%s%nsyncedSeq=%20d%nsyncedLength=%20d%nsyncedRun=%20d%nsyncedLine=%20d%n"; //$NON-NLS-1$

	private final Path file;
	private final Path ledger;
	private final FileChannel channel;
	private final FileLock lock;
	private final Holder holder;
	private volatile Mark mark;

	private CampaignLock(Path file, Path ledger, FileChannel channel, FileLock lock, Holder holder, Mark mark) {
		this.file = file;
		this.ledger = ledger;
		this.channel = channel;
		this.lock = lock;
		this.holder = holder;
		this.mark = mark;
	}

	/** @return the lock file of a ledger */
	public static Path lockFile(Path ledger) {
		return ledger.resolveSibling(ledger.getFileName() + ".lock"); //$NON-NLS-1$
	}

	/**
	 * Takes the lock of a ledger's campaign, or says who has it.
	 *
	 * @throws CampaignLockedException when another run (in this process or another) holds it
	 */
	public static CampaignLock acquire(Path ledger) throws IOException {
		Path key = ledger.toAbsolutePath().normalize();
		CampaignLock here = HELD.get(key);
		if (here != null) {
			throw new CampaignLockedException(key, here.holder, true);
		}
		Path file = lockFile(key);
		Files.createDirectories(file.getParent());
		synchronized (HELD) {
			if (HELD.containsKey(key)) {
				throw new CampaignLockedException(key, HELD.get(key).holder, true);
			}
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock = null;
			Holder other = null;
			try (FileLock gate = channel.lock(GATE, 1, false)) {
				try {
					lock = channel.tryLock(0, GATE, false);
				} catch (OverlappingFileLockException e) {
					lock = null;
				}
				if (lock == null) {
					other = parse(read(channel)).holder;
				} else {
					Mark previous = parse(read(channel)).mark;
					CampaignLock held = new CampaignLock(file, key, channel, lock,
							new Holder(ProcessHandle.current().pid(), host(), Instant.now()), previous);
					held.write();
					channel.force(true);
					HELD.put(key, held);
					return held;
				}
			} catch (IOException | RuntimeException e) {
				channel.close();
				throw e;
			}
			channel.close(); // we hold no lock on it, so closing drops nothing
			throw new CampaignLockedException(key, other, false);
		}
	}

	/**
	 * @return who runs the campaign of this ledger now, if anyone; never takes or disturbs the lock
	 */
	public static Optional<Holder> holder(Path ledger) throws IOException {
		Path key = ledger.toAbsolutePath().normalize();
		synchronized (HELD) {
			CampaignLock here = HELD.get(key);
			if (here != null) {
				return Optional.of(here.holder);
			}
			Path file = lockFile(key);
			if (!Files.exists(file)) {
				return Optional.empty();
			}
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
				try (FileLock gate = channel.lock(GATE, 1, false)) {
					FileLock probe;
					try {
						probe = channel.tryLock(0, GATE, false);
					} catch (OverlappingFileLockException e) {
						probe = null;
					}
					if (probe != null) {
						probe.release();
						return Optional.empty();
					}
					return Optional.ofNullable(parse(read(channel)).holder);
				}
			} catch (NoSuchFileException e) {
				return Optional.empty();
			}
		}
	}

	/** @return the durable mark of a ledger as its last writer left it; read before the ledger itself */
	public static Mark mark(Path ledger) throws IOException {
		Path key = ledger.toAbsolutePath().normalize();
		synchronized (HELD) {
			CampaignLock here = HELD.get(key);
			if (here != null) {
				return here.mark;
			}
			Path file = lockFile(key);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				return parse(read(channel)).mark;
			} catch (NoSuchFileException e) {
				return Mark.NONE;
			}
		}
	}

	/** Moves the durable mark aside with its ledger (start fresh); the caller holds the lock. */
	void resetMark() throws IOException {
		mark = Mark.NONE;
		write();
	}

	public Holder holder() {
		return holder;
	}

	/** @return the mark found when the lock was taken, or the last one set */
	public Mark mark() {
		return mark;
	}

	/** Records how far the ledger is durable. Not synced itself: it only has to be no further than the ledger. */
	void mark(Mark newMark) throws IOException {
		mark = newMark;
		write();
	}

	private void write() throws IOException {
		String text = String.format(java.util.Locale.ROOT, LAYOUT, holder.pid(), holder.host(), holder.since(), mark.seq(),
				mark.length(), mark.runSeq(), mark.line());
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		long position = 0;
		while (buffer.hasRemaining()) {
			position += channel.write(buffer, position);
		}
		if (channel.size() > position) {
			channel.truncate(position);
		}
	}

	@Override
	public void close() throws IOException {
		synchronized (HELD) {
			HELD.remove(ledger, this);
			try {
				lock.release();
			} finally {
				channel.close();
			}
		}
	}

	Path file() {
		return file;
	}

	private record Contents(Holder holder, Mark mark) {
	}

	private static String read(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(4096, channel.size()));
		long position = 0;
		while (buffer.hasRemaining()) {
			int n = channel.read(buffer, position);
			if (n < 0) {
				break;
			}
			position += n;
		}
		return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
	}

	private static Contents parse(String text) {
		long pid = -1;
		String host = ""; //$NON-NLS-1$
		Instant since = null;
		long seq = -1;
		long length = 0;
		long runSeq = -1;
		long syncedLine = 0;
		for (String line : text.split("\n")) { //$NON-NLS-1$
			int eq = line.indexOf('=');
			if (eq < 0) {
				continue;
			}
			String value = line.substring(eq + 1).strip();
			try {
				switch (line.substring(0, eq)) {
				case "pid" -> pid = Long.parseLong(value); //$NON-NLS-1$
				case "host" -> host = value; //$NON-NLS-1$
				case "since" -> since = Instant.parse(value); //$NON-NLS-1$
				case "syncedSeq" -> seq = Long.parseLong(value); //$NON-NLS-1$
				case "syncedLength" -> length = Long.parseLong(value); //$NON-NLS-1$
				case "syncedRun" -> runSeq = Long.parseLong(value); //$NON-NLS-1$
				case "syncedLine" -> syncedLine = Long.parseLong(value); //$NON-NLS-1$
				default -> {
					// a newer version's field
				}
				}
			} catch (RuntimeException e) {
				// a damaged field: left at its default
			}
		}
		Holder holder = pid < 0 ? null : new Holder(pid, host, since);
		return new Contents(holder, new Mark(seq, length, runSeq, syncedLine));
	}

	/** @return this machine's name, without a DNS lookup */
	static String host() {
		try {
			return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(); //$NON-NLS-1$
		} catch (IOException | RuntimeException e) {
			String env = System.getenv("HOSTNAME"); //$NON-NLS-1$
			return env == null || env.isBlank() ? "localhost" : env; //$NON-NLS-1$
		}
	}
}
