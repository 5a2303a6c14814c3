package com.bitfaster.mail.core;

import java.util.List;

/**
 * The result of testing the connection to a server.
 *
 * @param steps                  every step in order, each with a verdict
 * @param transcript             the SMTP dialogue, with AUTH lines masked
 * @param advice                 plain advice for the mistakes recognised, for example "Port 465 expects SSL/TLS, but
 *                               STARTTLS is selected."
 * @param certificateFingerprint SHA-256 fingerprint of the server's certificate when TLS was reached, else empty;
 *                               the user can pin it
 */
public record DiagnosticReport(List<DiagnosticStep> steps, String transcript, List<String> advice,
		String certificateFingerprint) {

	/** @return whether no step failed */
	public boolean ok() {
		return steps.stream().noneMatch(s -> s.verdict() == DiagnosticStep.Verdict.FAILED);
	}
}
