package com.bitfaster.mail.campaign;

import com.bitfaster.mail.campaign.internal.RecipientIndex;

/**
 * The addresses met in one pass over a recipient list, to send to each once. Compact: a 64-bit hash per address, no
 * object per address (see {@link RecipientIndex} for the odds of two addresses sharing one).
 */
@FunctionalInterface
public interface AddressSet {

	/** @return {@code true} when the address (compared case-insensitively) was not met before in this pass */
	boolean add(String address);

	/** @return a new empty set */
	static AddressSet create() {
		return of(new RecipientIndex(1024), new Object());
	}

	/** @return a set kept as a flag of {@code index}, whose other users synchronise on {@code lock} */
	static AddressSet of(RecipientIndex index, Object lock) {
		synchronized (lock) {
			index.clear(RecipientIndex.FLAG_SEEN);
		}
		return address -> {
			long key = RecipientIndex.key(address);
			synchronized (lock) {
				return !index.mark(key, RecipientIndex.FLAG_SEEN);
			}
		};
	}

	/** @return a set kept as a flag of {@code index}, which only this thread uses */
	static AddressSet of(RecipientIndex index) {
		return of(index, index);
	}
}
