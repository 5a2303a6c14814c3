package com.bitfaster.mail.campaign;

import java.util.List;

/**
 * What a check of a recipient list found, before anything is sent. The rows left out are all counted, but only the
 * first {@link RecipientList#PROBLEMS_KEPT} of each kind are kept with their line and reason, so a list of millions
 * of duplicates does not hold millions of objects.
 *
 * @param fieldNames    the column names of the header row, in order
 * @param addressColumn the column holding the addresses
 * @param recipients    how many distinct valid recipients the list has
 * @param invalid       the first rows with an invalid or missing address, with their line numbers
 * @param duplicates    the first rows whose address (compared case-insensitively) appeared before, with their line
 *                      numbers
 * @param sha256        the SHA-256 of the list file as read (hex), {@code null} when not computed
 * @param invalidRows   how many rows have an invalid or missing address (at least {@code invalid.size()})
 * @param duplicateRows how many rows repeat an earlier address (at least {@code duplicates.size()})
 */
public record RecipientListSummary(List<String> fieldNames, String addressColumn, long recipients,
		List<ListProblem> invalid, List<ListProblem> duplicates, String sha256, long invalidRows, long duplicateRows) {

	public RecipientListSummary {
		invalidRows = Math.max(invalidRows, invalid.size());
		duplicateRows = Math.max(duplicateRows, duplicates.size());
	}

	/** A summary whose problem lists hold every row left out. */
	public RecipientListSummary(List<String> fieldNames, String addressColumn, long recipients,
			List<ListProblem> invalid, List<ListProblem> duplicates, String sha256) {
		this(fieldNames, addressColumn, recipients, invalid, duplicates, sha256, invalid.size(), duplicates.size());
	}

	public RecipientListSummary(List<String> fieldNames, String addressColumn, long recipients,
			List<ListProblem> invalid, List<ListProblem> duplicates) {
		this(fieldNames, addressColumn, recipients, invalid, duplicates, null);
	}

	/** @return rows of the list after its header: valid, duplicate and invalid */
	public long rows() {
		return recipients + invalidRows + duplicateRows;
	}
}
