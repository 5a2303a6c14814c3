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
 * @param secureOptions          for a server without encryption: the TLS settings the test found it offers (STARTTLS
 *                               announced in EHLO, a port that accepts implicit TLS), best first; else empty
 */
public record DiagnosticReport(List<DiagnosticStep> steps, String transcript, List<String> advice,
		String certificateFingerprint, List<SecureOption> secureOptions) {

	/** Encryption settings the server was found to offer: an encryption provider id and its port. */
	public record SecureOption(String encryption, int port) {
	}

	public DiagnosticReport {
		secureOptions = secureOptions == null ? List.of() : List.copyOf(secureOptions);
	}

	/** A report without secure options. */
	public DiagnosticReport(List<DiagnosticStep> steps, String transcript, List<String> advice,
			String certificateFingerprint) {
		this(steps, transcript, advice, certificateFingerprint, List.of());
	}

	/** @return whether no step failed */
	public boolean ok() {
		return steps.stream().noneMatch(s -> s.verdict() == DiagnosticStep.Verdict.FAILED);
	}
}
