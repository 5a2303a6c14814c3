package com.bitfaster.mail.campaign;

/**
 * A row of a recipient list that was left out.
 *
 * @param line    the line of the file (1 is the header)
 * @param message why, for example "'ada@' is not a valid e-mail address."
 */
public record ListProblem(long line, String message) {

	@Override
	public String toString() {
		return "Line " + line + ": " + message; //$NON-NLS-1$ //$NON-NLS-2$
	}
}
