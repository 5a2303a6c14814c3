package com.bitfaster.mail.suppression;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.eclipse.core.runtime.CoreException;

import com.bitfaster.mail.suppression.SuppressionEntry.Reason;

/**
 * The organisation's one suppression list: addresses no send goes to. Shared by every program on the data folder
 * (changed under a cross-process lock, replaced atomically, readable by the owner only). A damaged list is copied
 * aside and every method then fails with a message naming the file and the copy, so that nothing is sent to
 * addresses the list would have held until it is repaired or removed.
 */
public interface SuppressionList {

	/** @return whether {@code address} (any case, angle brackets allowed) is suppressed */
	boolean isSuppressed(String address) throws CoreException;

	/**
	 * @return the entries of those of {@code addresses} that are suppressed, in their order (one read of the list)
	 * @throws CoreException when the list cannot be read or is damaged: the caller must not send
	 */
	default List<SuppressionEntry> suppressedAmong(Collection<String> addresses) throws CoreException {
		List<SuppressionEntry> found = new java.util.ArrayList<>();
		for (String a : addresses) {
			entry(a).ifPresent(found::add);
		}
		return List.copyOf(found);
	}

	/** @return the entry of {@code address} (any case, angle brackets allowed), if it is suppressed */
	java.util.Optional<SuppressionEntry> entry(String address) throws CoreException;

	/**
	 * Suppresses {@code address} unless it is already.
	 *
	 * @return whether it was added
	 * @throws CoreException when the address is not an address, or the list cannot be read or written
	 */
	boolean add(String address, Reason reason, String source) throws CoreException;

	/**
	 * Suppresses each address not suppressed yet, in one write.
	 *
	 * @return the entries added (dates set now when {@code null})
	 * @throws CoreException when an address is not an address (nothing is added), or the list cannot be read or written
	 */
	List<SuppressionEntry> addAll(Collection<SuppressionEntry> entries) throws CoreException;

	/** @return whether {@code address} was suppressed and no longer is */
	boolean remove(String address) throws CoreException;

	/** @return every entry, by address */
	List<SuppressionEntry> list() throws CoreException;

	/**
	 * What an import did.
	 *
	 * @param added   addresses added
	 * @param already addresses that were suppressed already
	 * @param invalid rows refused, each with its line number and reason
	 */
	record ImportSummary(int added, int already, List<String> invalid) {
	}

	/**
	 * Adds the addresses of a CSV file: a column {@code address} or {@code email} (header row), or the first column
	 * without a header; optional columns {@code reason} (default UNSUBSCRIBE), {@code date}, {@code source} (default
	 * the file's name).
	 */
	ImportSummary importCsv(Path file) throws CoreException;

	/**
	 * Writes the list as CSV ({@code address,reason,date,source}), readable by the owner only; values a spreadsheet
	 * would take for a formula are neutralised.
	 *
	 * @return the number of entries written
	 */
	int exportCsv(Path file) throws CoreException;

	/**
	 * Counts a soft bounce of {@code address} at {@code when}; suppresses it (SOFT_BOUNCES) when the bounces within
	 * the settings' period reach their limit.
	 *
	 * @return whether the address is now suppressed
	 */
	boolean recordSoftBounce(String address, Instant when, String source) throws CoreException;

	/**
	 * One soft bounce for {@link #recordSoftBounces(List)}.
	 *
	 * @param address the recipient
	 * @param when    when it bounced; the same address and time count once
	 * @param source  the source of the entry if it suppresses the address
	 */
	record SoftBounce(String address, Instant when, String source) {
	}

	/**
	 * Counts each soft bounce as {@link #recordSoftBounce(String, Instant, String)} does, in order, in one write.
	 *
	 * @return the addresses now suppressed
	 * @throws CoreException when an address is not an address (nothing is counted), or the list cannot be read or
	 *                       written
	 */
	default java.util.Set<String> recordSoftBounces(List<SoftBounce> bounces) throws CoreException {
		java.util.Set<String> suppressed = new java.util.LinkedHashSet<>();
		for (SoftBounce b : bounces) {
			if (recordSoftBounce(b.address(), b.when(), b.source())) {
				suppressed.add(b.address());
			}
		}
		return suppressed;
	}

	/** {@link #recordSoftBounce(String, Instant, String)} with source {@code bounce}. */
	default boolean recordSoftBounce(String address, Instant when) throws CoreException {
		return recordSoftBounce(address, when, "bounce"); //$NON-NLS-1$
	}

	/** @return the file the list is kept in */
	Path file();
}
