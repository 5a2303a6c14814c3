package com.bitfaster.mail.core;

/**
 * Values for CSV files that people open in a spreadsheet: one that starts with {@code =}, {@code +}, {@code -} or
 * {@code @} (or a tab or carriage return before one) would be run as a formula (CSV injection), so it gets a leading
 * {@code '}, which spreadsheets show as text.
 */
public final class SpreadsheetCells {

	private SpreadsheetCells() {
	}

	/** @return {@code value} safe to open in a spreadsheet; {@code null} stays {@code null} */
	public static String neutralise(String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		char c = value.charAt(0);
		if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
			return "'" + value; //$NON-NLS-1$
		}
		return value;
	}
}
