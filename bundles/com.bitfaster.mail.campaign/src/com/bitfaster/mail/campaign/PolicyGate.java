package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;
import com.bitfaster.mail.core.SharedQuota;

/**
 * Holds a campaign's recipients back by its {@link SendingPolicy}: per recipient domain (messages per minute, from the
 * {@link SharedQuota} every process on the machine shares) and per send window (the campaign's zone, or each
 * recipient's). Recipients wait in one queue per domain and zone, so a domain at its limit or a zone outside its window
 * holds back only its own recipients while the others are sent; at most {@link #capacity()} recipients are held, after
 * which reading the list waits for the queues to drain.
 * <p>
 * Every message is checked again right before its final "." ({@link #handingOver}): outside the window, or after its
 * domain's reservation ran out (when no new one is granted), it is not handed over.
 * </p>
 */
final class PolicyGate {

	/** The window of a domain limit: a minute. */
	static final long MINUTE = 60_000L;
	/** How long a process may take to hand over a domain block's messages; a later message reserves anew. */
	static final long HAND_OVER_MILLIS = 120_000L;

	private final SendingPolicy policy;
	private final SharedQuota quota;
	private final LongSupplier clock;
	private final int capacity;
	private final Map<String, Queue> queues = new LinkedHashMap<>();
	private int held;
	/** Blocks not closed yet, with the messages handed over so far. */
	private final Map<SharedQuota.Block, AtomicInteger> open = new ConcurrentHashMap<>();

	/** Recipients of one domain in one zone. */
	private static final class Queue {
		final String domain;
		final ZoneId zone;
		final int limit;
		final ArrayDeque<Recipient> recipients = new ArrayDeque<>();
		long retryAt; // epoch millis before which the domain's quota is not asked again

		Queue(String domain, ZoneId zone, int limit) {
			this.domain = domain;
			this.zone = zone;
			this.limit = limit;
		}
	}

	/** What a recipient taken from the gate may use at its handover. */
	static final class Permit {
		final String domain;
		final int limit;
		final ZoneId zone;
		volatile SharedQuota.Block block;

		Permit(String domain, int limit, ZoneId zone, SharedQuota.Block block) {
			this.domain = domain;
			this.limit = limit;
			this.zone = zone;
			this.block = block;
		}
	}

	/** A batch taken: its recipients, each with its permit, and the blocks reserved for it. */
	static final class Taken {
		final List<Recipient> recipients = new ArrayList<>();
		final Map<String, Permit> permits = new HashMap<>();
		final List<SharedQuota.Block> blocks = new ArrayList<>();
	}

	PolicyGate(SendingPolicy policy, SharedQuota quota, LongSupplier clock, int capacity) {
		this.policy = policy;
		this.quota = quota;
		this.clock = clock;
		this.capacity = capacity;
	}

	int capacity() {
		return capacity;
	}

	int held() {
		return held;
	}

	/** @return the lower-case domain of an address */
	static String domain(String address) {
		int at = address.lastIndexOf('@');
		return (at < 0 ? "" : address.substring(at + 1)).toLowerCase(Locale.ROOT); //$NON-NLS-1$
	}

	/** @return a file-name-safe key of a domain's quota: letters, digits, '.', '-'; anything else as _hex */
	static String key(String domain) {
		StringBuilder b = new StringBuilder("domain-"); //$NON-NLS-1$
		for (char c : domain.toCharArray()) {
			if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
				b.append(c);
			} else {
				b.append('_').append(Integer.toHexString(c));
			}
		}
		return b.toString();
	}

	/**
	 * @return a recipient's time zone from the list's {@value SendWindow#ZONE_COLUMN} column
	 * @throws IllegalArgumentException with the line, for a value that is not an IANA time zone
	 */
	static ZoneId recipientZone(Recipient r) {
		String id = r.fields().getOrDefault(SendWindow.ZONE_COLUMN, "").strip(); //$NON-NLS-1$
		try {
			if (id.isEmpty()) {
				throw new DateTimeException(id);
			}
			return ZoneId.of(id);
		} catch (DateTimeException e) {
			throw new IllegalArgumentException(
					NLS.bind(Messages.Window_badRecipientZone, new Object[] { r.line(), id, SendWindow.ZONE_COLUMN }));
		}
	}

	private ZoneId zoneOf(Recipient r) {
		SendWindow w = policy.sendWindow();
		if (w == null) {
			return null;
		}
		return w.perRecipient() ? recipientZone(r) : ZoneId.of(w.zone());
	}

	void offer(Recipient r) {
		String domain = domain(r.address());
		ZoneId zone = zoneOf(r);
		String k = domain + "\n" + zone; //$NON-NLS-1$
		queues.computeIfAbsent(k, x -> new Queue(domain, zone, policy.limitFor(domain))).recipients.add(r);
		held++;
	}

	/**
	 * Takes up to {@code size} recipients that may be sent now, reserving their domains' quota; empty when none may.
	 */
	Taken take(int size) throws IOException {
		Taken taken = new Taken();
		long now = clock.getAsLong();
		Instant instant = Instant.ofEpochMilli(now);
		for (Iterator<Queue> it = queues.values().iterator(); it.hasNext() && taken.recipients.size() < size;) {
			Queue q = it.next();
			if (q.zone != null && !policy.sendWindow().isOpen(instant, q.zone)) {
				continue;
			}
			int room = Math.min(size - taken.recipients.size(), q.recipients.size());
			SharedQuota.Block block = null;
			if (q.limit > 0) {
				if (q.retryAt > now) {
					continue;
				}
				SharedQuota.Grant grant = quota.reserve(key(q.domain), MINUTE, q.limit, room, HAND_OVER_MILLIS);
				if (grant.problem() != null) {
					ILog.of(PolicyGate.class).warn(grant.problem());
				}
				if (grant.block() == null) {
					q.retryAt = Math.max(grant.retryAt(), now + 1);
					continue;
				}
				block = grant.block();
				room = block.count();
				open.put(block, new AtomicInteger());
				taken.blocks.add(block);
			}
			for (int i = 0; i < room; i++) {
				Recipient r = q.recipients.poll();
				taken.recipients.add(r);
				taken.permits.put(r.address(), new Permit(q.domain, q.limit, q.zone, block));
				held--;
			}
			if (q.recipients.isEmpty()) {
				it.remove();
			}
		}
		return taken;
	}

	/**
	 * Checks a message right before its final ".": inside the window, and within its domain's reservation (or a new
	 * one of one message).
	 *
	 * @throws IllegalStateException when it must not be handed over now
	 */
	void handingOver(Permit permit) {
		long now = clock.getAsLong();
		if (permit.zone != null && !policy.sendWindow().isOpen(Instant.ofEpochMilli(now), permit.zone)) {
			throw new IllegalStateException(Messages.Window_closed);
		}
		if (permit.limit == 0) {
			return;
		}
		synchronized (permit) {
			SharedQuota.Block block = permit.block;
			if (block == null || now > block.handOverBy()) {
				// The batch waited (for a server's limit or a retry) past its reservation: one message's worth anew.
				try {
					SharedQuota.Grant grant = quota.reserve(key(permit.domain), MINUTE, permit.limit, 1, HAND_OVER_MILLIS);
					if (grant.block() == null) {
						throw new IllegalStateException(Messages.Domain_expired);
					}
					block = grant.block();
					open.put(block, new AtomicInteger());
					permit.block = block;
				} catch (IOException e) {
					throw new IllegalStateException(Messages.Domain_expired, e);
				}
			}
			open.get(block).incrementAndGet();
		}
	}

	/** Closes a batch's blocks (once its messages have their outcomes, or were never begun) with what they used. */
	void close(Taken taken) {
		List<SharedQuota.Block> blocks = new ArrayList<>(taken.blocks);
		for (Permit p : taken.permits.values()) {
			SharedQuota.Block b = p.block;
			if (b != null && !blocks.contains(b)) {
				blocks.add(b);
			}
		}
		for (SharedQuota.Block b : blocks) {
			AtomicInteger used = open.remove(b);
			if (used == null) {
				continue;
			}
			try {
				quota.close(b, used.get());
			} catch (IOException e) {
				// Left open, the block counts whole until its deadline: never less than was sent.
				ILog.of(PolicyGate.class).error(e.getMessage(), e);
			}
		}
	}

	/** Why nothing may be sent now, and until when. */
	record Wait(long until, String message, String key) {
	}

	/** @return until when nothing held may be sent, and why */
	Wait waiting() {
		long now = clock.getAsLong();
		Instant instant = Instant.ofEpochMilli(now);
		long until = Long.MAX_VALUE;
		ZonedDateTime opening = null;
		Queue domainWait = null;
		int windowHeld = 0;
		for (Queue q : queues.values()) {
			if (q.zone != null && !policy.sendWindow().isOpen(instant, q.zone)) {
				ZonedDateTime opens = policy.sendWindow().nextOpen(instant, q.zone);
				windowHeld += q.recipients.size();
				if (opening == null || opens.toInstant().isBefore(opening.toInstant())) {
					opening = opens;
				}
				until = Math.min(until, opens.toInstant().toEpochMilli());
			} else if (q.retryAt > now) {
				until = Math.min(until, q.retryAt);
				if (domainWait == null || q.recipients.size() > domainWait.recipients.size()) {
					domainWait = q;
				}
			} else {
				until = now; // may be ready now
			}
		}
		if (domainWait != null && (opening == null || windowHeld < held)) {
			return new Wait(until, NLS.bind(Messages.Domain_waiting,
					new Object[] { domainWait.domain, domainWait.limit, held }), "domain " + domainWait.domain); //$NON-NLS-1$
		}
		if (opening != null) {
			String when = SendWindow.describeOpening(opening, instant);
			String message = windowHeld < held || policy.sendWindow().perRecipient()
					? NLS.bind(Messages.Window_waitingRecipients, windowHeld, when)
					: NLS.bind(Messages.Window_waiting, when);
			return new Wait(until, message, "window " + opening.toInstant()); //$NON-NLS-1$
		}
		return new Wait(until, "", ""); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
