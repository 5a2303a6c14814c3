package com.bitfaster.mail.core;

/**
 * One step of a connection test, for example "Connect" or "TLS", with its verdict.
 *
 * @param name    short name shown in the step list
 * @param verdict how the step went
 * @param detail  what was found, in plain words (for TLS: protocol, cipher, certificate subject, issuer, expiry)
 */
public record DiagnosticStep(String name, Verdict verdict, String detail) {

	/** How a step went. */
	public enum Verdict {
		PASSED, WARNING, FAILED, SKIPPED
	}
}
