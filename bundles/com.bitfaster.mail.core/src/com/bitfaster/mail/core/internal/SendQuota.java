package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.eclipse.core.runtime.ILog;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerUsage;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The rate limits of the servers (hourly, daily, warm-up plan), shared by every process on this machine and kept
 * across restarts: one file per server, {@code quota-<server id>.json} in the data folder, changed only under an OS
 * lock ({@code quota-<server id>.json.lock}) and always replaced whole (atomically).
 * <p>
 * A process <em>reserves</em> a block of messages (a chunk) before it sends them and <em>closes</em> the block when
 * the chunk's last outcome is known, with the number of messages actually handed over; what was not used goes back.
 * A block counts in every window that can hold one of its messages: it counts at its close time; an open block counts
 * whole until its deadline (the latest a process may still hand a message of it over, plus the time for the server's
 * reply). A block whose process died is never closed: it counts whole until its deadline. So at the moment a block is
 * reserved every other block that can share a window with it is counted, and no sliding window of an hour (or 24
 * hours) at the server can hold more than the limit. The warm-up plan caps day 1, 2, ... counted from the first
 * reservation ever for the server; a block counts in every day it touches.
 * </p>
 * <p>
 * A file that cannot be read is moved aside ({@code .corrupt-<time>}), logged, and replaced by one that holds the
 * server at its limits for the next 24 hours and restarts its warm-up plan at day 1: never more is sent than the lost
 * record could have allowed.
 * </p>
 * Thread-safe (every operation holds the file's lock).
 */
final class SendQuota implements com.bitfaster.mail.core.SharedQuota {

	static final long HOUR = 3_600_000L;
	static final long DAY = 24 * HOUR;
	/** Beyond any block's deadline (the longest server timeout is 600 s): how long a damaged file holds a server. */
	static final long MAX_BLOCK_LIFETIME = 35 * 60_000L;
	private static final int FORMAT = 1;
	/** How soon a process waiting for quota looks again while other processes hold open blocks (they may give back). */
	static final long RECHECK_MILLIS = 1_000;

	private static final String OWNER = ProcessHandle.current().pid() + "-" //$NON-NLS-1$
			+ Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
	private static final AtomicLong COUNTER = new AtomicLong();

	private final Path folder;
	private final LongSupplier clock;

	/** One reservation: {@code count} messages, to be handed over before {@link #handOverBy}. */
	static final class Block implements com.bitfaster.mail.core.SharedQuota.Block {
		final String serverId;
		final String id;
		final long reserved;
		final long deadline;
		final long handOverBy;
		final int count;

		Block(String serverId, String id, long reserved, long deadline, long handOverBy, int count) {
			this.serverId = serverId;
			this.id = id;
			this.reserved = reserved;
			this.deadline = deadline;
			this.handOverBy = handOverBy;
			this.count = count;
		}

		@Override
		public String key() {
			return serverId;
		}

		@Override
		public int count() {
			return count;
		}

		@Override
		public long handOverBy() {
			return handOverBy;
		}
	}

	/**
	 * What {@link #reserve} got.
	 *
	 * @param block   the block reserved; {@code null} when nothing may be sent now
	 * @param retryAt when nothing may be sent: when (epoch millis) to ask again
	 * @param problem a problem to tell the user (a damaged or unwritable file), or {@code null}
	 */
	record Grant(Block block, long retryAt, String problem) {
	}

	/** The file's content. */
	private static final class State {
		long firstSend; // 0: never
		final List<JsonObject> blocks = new ArrayList<>();
		String problem;
	}

	SendQuota(Path folder) {
		this.folder = folder;
		this.clock = System::currentTimeMillis;
	}

	Path file(String serverId) {
		return folder.resolve("quota-" + serverId + ".json"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** The time a server's timeout allows for a block: handing over its chunk, then the last reply. */
	static long handOverMillis(MailServer server) {
		return 10_000L + 2_000L * server.timeoutSeconds();
	}

	static long lifetimeMillis(MailServer server) {
		return handOverMillis(server) + 1_000L * server.timeoutSeconds() + 5_000L;
	}

	/**
	 * Reserves up to {@code wanted} messages for {@code server} under its limits.
	 */
	Grant reserve(MailServer server, int wanted) throws IOException {
		ServerLimits limits = server.limits();
		Path file = file(server.id());
		try (CrossProcessLock lock = CrossProcessLock.acquire(lockFile(file))) {
			long now = clock.getAsLong();
			State state = read(file, now);
			Window w = new Window(state, limits, now);
			long allowed = Math.min(wanted, w.remaining);
			if (allowed <= 0) {
				if (state.problem != null) {
					write(file, state, now); // the conservative state replaces the damaged file
				}
				return new Grant(null, w.retryAt, state.problem);
			}
			if (state.firstSend == 0) {
				state.firstSend = now;
			}
			Block block = add(state, server.id(), now, handOverMillis(server), lifetimeMillis(server), (int) allowed);
			write(file, state, now);
			return new Grant(block, 0, state.problem);
		}
	}

	/**
	 * Reserves under a key of its own (a campaign's recipient domain): one window, no warm-up; the file keeps only
	 * what that window can still count.
	 */
	@Override
	public com.bitfaster.mail.core.SharedQuota.Grant reserve(String key, long windowMillis, int limit, int wanted,
			long handOverMillis) throws IOException {
		if (!key.matches("[A-Za-z0-9._-]+") || windowMillis <= 0 || limit <= 0 || wanted <= 0 || handOverMillis <= 0) { //$NON-NLS-1$
			throw new IllegalArgumentException(key + " " + windowMillis + " " + limit + " " + wanted); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		Path file = file(key);
		try (CrossProcessLock lock = CrossProcessLock.acquire(lockFile(file))) {
			long now = clock.getAsLong();
			State state = read(file, now);
			long count = 0;
			long earliest = Long.MAX_VALUE;
			boolean othersOpen = false;
			for (JsonObject b : state.blocks) {
				long close = closeTime(b);
				long counted = counted(b);
				if (close > now - windowMillis) {
					count += counted;
					if (counted > 0) {
						earliest = Math.min(earliest, close + windowMillis);
					}
				}
				othersOpen |= isOthersOpen(b, now);
			}
			long allowed = Math.min(wanted, limit - count);
			if (allowed <= 0) {
				if (state.problem != null) {
					write(file, state, now, windowMillis);
				}
				long wait = earliest == Long.MAX_VALUE ? now + windowMillis : earliest;
				return new com.bitfaster.mail.core.SharedQuota.Grant(null,
						othersOpen ? Math.min(wait, now + RECHECK_MILLIS) : wait, state.problem);
			}
			Block block = add(state, key, now, handOverMillis, handOverMillis + 5_000L, (int) allowed);
			write(file, state, now, windowMillis);
			return new com.bitfaster.mail.core.SharedQuota.Grant(block, 0, state.problem);
		}
	}

	@Override
	public void close(com.bitfaster.mail.core.SharedQuota.Block block, int used) throws IOException {
		if (!(block instanceof Block b)) {
			throw new IllegalArgumentException("not a block of this quota"); //$NON-NLS-1$
		}
		close(b, used, SendQuota.DAY);
	}

	private static boolean isOthersOpen(JsonObject b, long now) {
		return !b.has("closed") && b.get("deadline").getAsLong() > now //$NON-NLS-1$ //$NON-NLS-2$
				&& !b.get("id").getAsString().startsWith(OWNER + "-"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Adds a new open block to the state. */
	private static Block add(State state, String key, long now, long handOverMillis, long lifetimeMillis, int count) {
		Block block = new Block(key, OWNER + "-" + COUNTER.incrementAndGet(), now, //$NON-NLS-1$
				now + lifetimeMillis, now + handOverMillis, count);
		JsonObject b = new JsonObject();
		b.addProperty("id", block.id); //$NON-NLS-1$
		b.addProperty("reserved", block.reserved); //$NON-NLS-1$
		b.addProperty("deadline", block.deadline); //$NON-NLS-1$
		b.addProperty("count", block.count); //$NON-NLS-1$
		state.blocks.add(b);
		return block;
	}

	/** Closes a block: {@code used} of its messages were handed over, the rest go back. */
	void close(Block block, int used) throws IOException {
		close(block, used, DAY);
	}

	private void close(Block block, int used, long keepMillis) throws IOException {
		Path file = file(block.serverId);
		try (CrossProcessLock lock = CrossProcessLock.acquire(lockFile(file))) {
			long now = clock.getAsLong();
			State state = read(file, now);
			JsonObject found = null;
			for (JsonObject b : state.blocks) {
				if (block.id.equals(b.get("id").getAsString())) { //$NON-NLS-1$
					found = b;
					break;
				}
			}
			if (found == null) { // the file was damaged and replaced meanwhile: the block's record must not be lost
				found = new JsonObject();
				found.addProperty("id", block.id); //$NON-NLS-1$
				found.addProperty("reserved", block.reserved); //$NON-NLS-1$
				found.addProperty("deadline", block.deadline); //$NON-NLS-1$
				found.addProperty("count", block.count); //$NON-NLS-1$
				state.blocks.add(found);
			}
			found.addProperty("closed", now); //$NON-NLS-1$
			found.addProperty("used", Math.max(0, Math.min(block.count, used))); //$NON-NLS-1$
			write(file, state, now, keepMillis);
		}
	}

	/** @return where the server stands now (reads the file; does not change it) */
	ServerUsage usage(MailServer server) throws IOException {
		Path file = file(server.id());
		try (CrossProcessLock lock = CrossProcessLock.acquire(lockFile(file))) {
			long now = clock.getAsLong();
			State state = read(file, now);
			if (state.problem != null) {
				write(file, state, now);
			}
			Window w = new Window(state, server.limits(), now);
			return new ServerUsage(w.warmUpDay, server.limits().warmUp().size(), w.todayCap, w.sentToday, w.lastHour,
					server.limits().hasRateLimit() ? Math.max(0, w.remaining) : -1);
		}
	}

	/** The counts of one server at one moment. */
	private static final class Window {
		long remaining = Long.MAX_VALUE;
		long retryAt;
		long lastHour;
		long lastDay;
		long sentToday;
		int warmUpDay;
		int todayCap;

		Window(State state, ServerLimits limits, long now) {
			long earliestHour = Long.MAX_VALUE;
			long earliestDay = Long.MAX_VALUE;
			boolean othersOpen = false;
			int day = state.firstSend == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (now - state.firstSend) / DAY);
			long dayStart = state.firstSend == 0 ? now : state.firstSend + day * DAY;
			boolean inPlan = day < limits.warmUp().size();
			long dayCount = 0;
			for (JsonObject b : state.blocks) {
				long close = closeTime(b);
				long counted = counted(b);
				if (close > now - HOUR) {
					lastHour += counted;
					if (counted > 0) {
						earliestHour = Math.min(earliestHour, close + HOUR);
					}
				}
				if (close > now - DAY) {
					lastDay += counted;
					if (counted > 0) {
						earliestDay = Math.min(earliestDay, close + DAY);
					}
				}
				if (close >= dayStart) {
					dayCount += counted;
				}
				othersOpen |= isOthersOpen(b, now);
			}
			long wait = now;
			sentToday = lastDay;
			if (limits.messagesPerHour() > 0) {
				long left = limits.messagesPerHour() - lastHour;
				remaining = Math.min(remaining, left);
				if (left <= 0) {
					wait = Math.max(wait, earliestHour);
				}
			}
			if (limits.messagesPerDay() > 0) {
				long left = limits.messagesPerDay() - lastDay;
				remaining = Math.min(remaining, left);
				if (left <= 0) {
					wait = Math.max(wait, earliestDay);
				}
				todayCap = limits.messagesPerDay();
			}
			if (inPlan) {
				warmUpDay = day + 1;
				todayCap = limits.warmUp().get(day);
				sentToday = dayCount;
				long left = todayCap - dayCount;
				remaining = Math.min(remaining, left);
				if (left <= 0) {
					wait = Math.max(wait, state.firstSend == 0 ? now : dayStart + DAY);
				}
			}
			if (wait == Long.MAX_VALUE) {
				wait = now + HOUR; // a damage marker alone: its own close time is counted above, this is a bound only
			}
			retryAt = othersOpen ? Math.min(wait, now + RECHECK_MILLIS) : wait;
		}
	}

	/** When a block stops counting in a window ending now: its close, or its deadline while it is open. */
	private static long closeTime(JsonObject b) {
		return b.has("closed") ? b.get("closed").getAsLong() : b.get("deadline").getAsLong(); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static long counted(JsonObject b) {
		return b.has("closed") ? b.get("used").getAsLong() : b.get("count").getAsLong(); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static Path lockFile(Path file) {
		return file.resolveSibling(file.getFileName() + ".lock"); //$NON-NLS-1$
	}

	/** Reads the file; a damaged one is moved aside and replaced (in memory) by a conservative state. */
	private State read(Path file, long now) throws IOException {
		State state = new State();
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException e) {
			return state;
		}
		try {
			JsonObject o = JsonParser.parseString(text).getAsJsonObject();
			if (o.get("format").getAsInt() != FORMAT) { //$NON-NLS-1$
				throw new JsonParseException("unknown format " + o.get("format")); //$NON-NLS-1$ //$NON-NLS-2$
			}
			state.firstSend = o.has("firstSend") ? o.get("firstSend").getAsLong() : 0; //$NON-NLS-1$ //$NON-NLS-2$
			for (JsonElement e : o.getAsJsonArray("blocks")) { //$NON-NLS-1$
				JsonObject b = e.getAsJsonObject();
				b.get("id").getAsString(); //$NON-NLS-1$
				b.get("reserved").getAsLong(); //$NON-NLS-1$
				if (b.get("count").getAsLong() < 0 || closeTime(b) < 0 || counted(b) < 0) { //$NON-NLS-1$
					throw new JsonParseException("negative count"); //$NON-NLS-1$
				}
				state.blocks.add(b);
			}
			return state;
		} catch (RuntimeException e) { // JsonParseException, IllegalStateException, NullPointerException, ...
			Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + now); //$NON-NLS-1$
			Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
			State safe = new State();
			// The lost record may hide up to 24 hours of sending: the server counts as at its limits for that long,
			// and its warm-up plan starts again at day 1.
			safe.firstSend = now;
			JsonObject marker = new JsonObject();
			marker.addProperty("id", "damaged-" + now); //$NON-NLS-1$ //$NON-NLS-2$
			marker.addProperty("reserved", now); //$NON-NLS-1$
			marker.addProperty("deadline", now + MAX_BLOCK_LIFETIME); //$NON-NLS-1$
			marker.addProperty("count", (long) Integer.MAX_VALUE); //$NON-NLS-1$
			marker.addProperty("closed", now + MAX_BLOCK_LIFETIME); //$NON-NLS-1$
			marker.addProperty("used", (long) Integer.MAX_VALUE); //$NON-NLS-1$
			safe.blocks.add(marker);
			safe.problem = org.eclipse.osgi.util.NLS.bind(Messages.Quota_damaged,
					new Object[] { file, aside.getFileName(), Instant.ofEpochMilli(now + MAX_BLOCK_LIFETIME + DAY) });
			ILog.of(SendQuota.class).error(safe.problem, e);
			return safe;
		}
	}

	/** Writes the state atomically, leaving out blocks that no window can count any more. */
	private static void write(Path file, State state, long now) throws IOException {
		write(file, state, now, DAY);
	}

	/** Writes the state atomically, leaving out blocks closed more than {@code keepMillis} ago. */
	private static void write(Path file, State state, long now, long keepMillis) throws IOException {
		for (Iterator<JsonObject> it = state.blocks.iterator(); it.hasNext();) {
			if (closeTime(it.next()) <= now - keepMillis) {
				it.remove();
			}
		}
		JsonObject o = new JsonObject();
		o.addProperty("format", FORMAT); //$NON-NLS-1$
		if (state.firstSend != 0) {
			o.addProperty("firstSend", state.firstSend); //$NON-NLS-1$
			o.addProperty("firstSendTime", Instant.ofEpochMilli(state.firstSend).toString()); //$NON-NLS-1$
		}
		JsonArray blocks = new JsonArray();
		state.blocks.forEach(blocks::add);
		o.add("blocks", blocks); //$NON-NLS-1$
		AtomicFiles.write(file, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			w.write(o.toString());
			w.write('\n');
			w.flush();
		});
	}
}
