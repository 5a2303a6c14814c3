package com.bitfaster.mail.campaign.internal;

import java.util.Locale;

/**
 * Where each recipient of a campaign stands, in 12 to 18 bytes a recipient (nine a slot, up to three quarters of the
 * slots used) and no object per recipient, so a campaign of ten million fits a 256 MB heap.
 * <p>
 * A recipient is keyed by a 64-bit hash of its address (lower case). Two different addresses of one campaign share a
 * hash with a probability of about n²/2⁶⁵ (3·10⁻⁶ for ten million): the price of holding no addresses. Open
 * addressing with linear probing, in 64 parts by the key's top bits; a part grows by half when three quarters of it
 * are used.
 * <p>
 * Per recipient: its state (a small number the caller defines), flag bits the caller uses for one pass at a time
 * (seen in this pass of the list, in the previous run's list), and, only once a ledger shows damage, the number of
 * damage points found before its latest record. Not thread-safe: callers synchronise.
 */
public final class RecipientIndex {

	/** No entry: the state of a recipient the index does not hold. */
	public static final int ABSENT = -1;

	public static final int FLAG_SEEN = 1;
	public static final int FLAG_IN_LIST = 2;
	public static final int FLAG_IN_PREVIOUS_LIST = 4;

	private static final int STATE_MASK = 0x0f;
	private static final int FLAG_SHIFT = 4;
	/** Marks an entry that has flags but no state recorded. */
	private static final int NO_STATE = STATE_MASK;

	/**
	 * The index is split by the key's top bits into {@link #PARTS} tables that grow on their own: a grow copies one
	 * part, never the whole index, so the heap never holds the whole table twice and no single array is large (a
	 * table of ten million in one piece needs 120 MB arrays and, while it grows, room for 1.5 times that again).
	 */
	private static final int PART_BITS = 6;
	private static final int PARTS = 1 << PART_BITS;

	private final Part[] parts = new Part[PARTS];
	private int size;

	/** @param expected about how many recipients it will hold (it grows past that) */
	public RecipientIndex(long expected) {
		long perPart = Math.max(16, expected / PARTS + 1);
		for (int p = 0; p < PARTS; p++) {
			parts[p] = new Part(perPart);
		}
	}

	private Part part(long key) {
		return parts[(int) (key >>> (Long.SIZE - PART_BITS))];
	}

	/** One open-addressing table with linear probing. */
	private static final class Part {
		long[] keys;
		byte[] slots;
		byte[] epochs; // allocated with the part's first record after a damage point
		int size;
		int limit;

		Part(long expected) {
			allocate(capacityFor(expected));
		}

		private static int capacityFor(long expected) {
			long capacity = expected * 4 / 3 + 1;
			if (capacity > Integer.MAX_VALUE - 8) {
				throw new IllegalStateException("Too many recipients: " + expected * PARTS); //$NON-NLS-1$
			}
			return (int) capacity;
		}

		private void allocate(int capacity) {
			keys = new long[capacity];
			slots = new byte[capacity];
			limit = (int) (capacity * 3L / 4);
		}

		int find(long key) {
			int capacity = keys.length;
			int i = (int) Long.remainderUnsigned(key, capacity);
			while (true) {
				long k = keys[i];
				if (k == key || k == 0) {
					return i;
				}
				if (++i == capacity) {
					i = 0;
				}
			}
		}

		/** @return the slot of the key, added (with no state) when it was not held */
		int findOrAdd(long key) {
			int i = find(key);
			if (keys[i] == 0) {
				if (size >= limit) {
					grow();
					i = find(key);
				}
				keys[i] = key;
				slots[i] = (byte) NO_STATE;
				size++;
			}
			return i;
		}

		private void grow() {
			long[] oldKeys = keys;
			byte[] oldSlots = slots;
			byte[] oldEpochs = epochs;
			allocate(capacityFor(size + size / 2 + 16));
			epochs = oldEpochs == null ? null : new byte[keys.length];
			for (int j = 0; j < oldKeys.length; j++) {
				if (oldKeys[j] != 0) {
					int i = find(oldKeys[j]);
					keys[i] = oldKeys[j];
					slots[i] = oldSlots[j];
					if (epochs != null) {
						epochs[i] = oldEpochs[j];
					}
				}
			}
		}
	}

	/** @return the slot of the key in its part, added when it was not held */
	private int findOrAdd(Part part, long key) {
		int before = part.size;
		int i = part.findOrAdd(key);
		size += part.size - before;
		return i;
	}

	/** @return the key of an address: a 64-bit hash of its lower-case form, never 0 */
	public static long key(String address) {
		String a = address.toLowerCase(Locale.ROOT);
		long h = 0x9E3779B97F4A7C15L ^ a.length();
		for (int i = 0; i < a.length(); i++) {
			h = (h ^ a.charAt(i)) * 0xff51afd7ed558ccdL;
			h = Long.rotateLeft(h, 31);
		}
		// murmur3's finaliser: every bit of the input reaches every bit of the key
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h == 0 ? 1 : h;
	}

	/** @return the recorded state of the recipient, or {@link #ABSENT} */
	public int state(long key) {
		Part part = part(key);
		int i = part.find(key);
		if (part.keys[i] == 0) {
			return ABSENT;
		}
		int s = part.slots[i] & STATE_MASK;
		return s == NO_STATE ? ABSENT : s;
	}

	/** @return the number of damage points before the recipient's latest record; {@link #ABSENT} without a record */
	public int epoch(long key) {
		Part part = part(key);
		int i = part.find(key);
		if (part.keys[i] == 0 || (part.slots[i] & STATE_MASK) == NO_STATE) {
			return ABSENT;
		}
		return part.epochs == null ? 0 : part.epochs[i] & 0xff;
	}

	/**
	 * Records a recipient's state.
	 *
	 * @param state a number from 0 to 14
	 * @param epoch the number of damage points found so far (saturates at 255, which only makes damage cover more)
	 */
	public void put(long key, int state, int epoch) {
		Part part = part(key);
		int i = findOrAdd(part, key);
		part.slots[i] = (byte) ((part.slots[i] & ~STATE_MASK) | state);
		if (epoch > 0) {
			if (part.epochs == null) {
				part.epochs = new byte[part.keys.length];
			}
			part.epochs[i] = (byte) Math.min(255, epoch);
		} else if (part.epochs != null) {
			part.epochs[i] = 0;
		}
	}

	/** Gives every recipient in state {@code from} the state {@code to}, keeping its flags and epoch. */
	public void replaceState(int from, int to) {
		for (Part part : parts) {
			long[] keys = part.keys;
			byte[] slots = part.slots;
			for (int i = 0; i < slots.length; i++) {
				if (keys[i] != 0 && (slots[i] & STATE_MASK) == from) {
					slots[i] = (byte) ((slots[i] & ~STATE_MASK) | to);
				}
			}
		}
	}

	/**
	 * Sets a flag.
	 *
	 * @return whether the flag was set before
	 */
	public boolean mark(long key, int flag) {
		Part part = part(key);
		int i = findOrAdd(part, key);
		int bits = flag << FLAG_SHIFT;
		boolean before = (part.slots[i] & bits) != 0;
		part.slots[i] |= (byte) bits;
		return before;
	}

	public boolean hasFlag(long key, int flag) {
		Part part = part(key);
		int i = part.find(key);
		return part.keys[i] != 0 && (part.slots[i] & (flag << FLAG_SHIFT)) != 0;
	}

	/** Clears a flag on every recipient, for a new pass over the list. */
	public void clear(int flag) {
		byte keep = (byte) ~(flag << FLAG_SHIFT);
		for (Part part : parts) {
			byte[] slots = part.slots;
			for (int i = 0; i < slots.length; i++) {
				slots[i] &= keep;
			}
		}
	}

	/** What {@link #forEach} reports of one recipient. */
	@FunctionalInterface
	public interface EntryVisitor {
		/**
		 * @param state the recorded state or {@link #ABSENT}
		 * @param flags the flag bits
		 * @param epoch the number of damage points before its latest record
		 */
		void visit(long key, int state, int flags, int epoch);
	}

	public void forEach(EntryVisitor visitor) {
		for (Part part : parts) {
			long[] keys = part.keys;
			byte[] slots = part.slots;
			byte[] epochs = part.epochs;
			for (int i = 0; i < keys.length; i++) {
				if (keys[i] != 0) {
					int s = slots[i] & STATE_MASK;
					visitor.visit(keys[i], s == NO_STATE ? ABSENT : s, (slots[i] & 0xff) >>> FLAG_SHIFT,
							epochs == null ? 0 : epochs[i] & 0xff);
				}
			}
		}
	}

	/** @return the number of recipients held (with a state or a flag) */
	public int size() {
		return size;
	}
}
