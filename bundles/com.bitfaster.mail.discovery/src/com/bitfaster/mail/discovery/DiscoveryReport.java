package com.bitfaster.mail.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.bitfaster.mail.core.DiagnosticStep;

/**
 * What discovery found for an address.
 *
 * @param address  the address as given
 * @param domain   its domain in ASCII (IDNA), or empty when the address was not understood
 * @param steps    every step in order with its verdict, as Test Connection shows them
 * @param proposal the settings proposed, or {@code null} when nothing usable was found
 * @param elapsed  how long discovery took
 */
public record DiscoveryReport(String address, String domain, List<DiagnosticStep> steps, Proposal proposal,
		Duration elapsed) {

	public DiscoveryReport {
		steps = List.copyOf(steps);
	}

	/** @return the proposal, if any */
	public Optional<Proposal> proposed() {
		return Optional.ofNullable(proposal);
	}
}
