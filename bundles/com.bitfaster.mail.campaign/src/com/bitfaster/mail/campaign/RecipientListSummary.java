package com.bitfaster.mail.campaign;

import java.util.List;

/**
 * What a check of a recipient list found, before anything is sent.
 *
 * @param fieldNames    the column names of the header row, in order
 * @param addressColumn the column holding the addresses
 * @param recipients    how many distinct valid recipients the list has
 * @param invalid       rows with an invalid or missing address, with their line numbers
 * @param duplicates    rows whose address (compared case-insensitively) appeared before, with their line numbers
 * @param sha256        the SHA-256 of the list file as read (hex), {@code null} when not computed
 */
public record RecipientListSummary(List<String> fieldNames, String addressColumn, long recipients,
		List<ListProblem> invalid, List<ListProblem> duplicates, String sha256) {

	public RecipientListSummary(List<String> fieldNames, String addressColumn, long recipients,
			List<ListProblem> invalid, List<ListProblem> duplicates) {
		this(fieldNames, addressColumn, recipients, invalid, duplicates, null);
	}
}
