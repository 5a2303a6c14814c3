package com.bitfaster.mail.preflight;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The findings of one check, most severe first (in the order found within a severity).
 *
 * @param findings   what was found
 * @param recipients how many recipients the list has (0 for a single mail)
 * @param elapsed    how long the check took
 */
public record PreflightReport(List<Finding> findings, long recipients, Duration elapsed) {
	public PreflightReport {
		findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
	}

	/** @return whether a finding blocks sending */
	public boolean blocks() {
		return count(Severity.BLOCKS) > 0;
	}

	/** @return how many findings have this severity */
	public long count(Severity severity) {
		return findings.stream().filter(f -> f.severity() == severity).count();
	}

	/** @return the findings with this id (usually one) */
	public List<Finding> withId(String id) {
		return findings.stream().filter(f -> f.id().equals(id)).toList();
	}
}
