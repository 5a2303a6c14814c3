package com.bitfaster.mail.ui.internal.overview;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerStats;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * One server's line in the Servers overview, as shown.
 *
 * @param stats the server's record (its last test, its recent sends)
 */
public record ServerOverviewRow(String serverId, String name, String address, ServerStats stats) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT, FormatStyle.MEDIUM)
			.withZone(ZoneId.systemDefault());

	static ServerOverviewRow of(MailServer server, ServerStats stats) {
		return new ServerOverviewRow(server.id(), server.name(), server.address(), stats);
	}

	/** @return when the last connection test ran, or that it never did */
	public String lastTestText() {
		return stats.lastTest() == null ? Messages.Overview_never : TIME.format(stats.lastTest().at());
	}

	/** @return the last test's verdict and its summary */
	public String testResultText() {
		if (stats.lastTest() == null) {
			return ""; //$NON-NLS-1$
		}
		String verdict = stats.lastTest().passed() ? Messages.Overview_passed : Messages.Overview_failed;
		return stats.lastTest().summary().isEmpty() ? verdict : verdict + ": " + stats.lastTest().summary(); //$NON-NLS-1$
	}

	/** @return the share of recipients accepted, as a percentage, or a dash when nothing was sent */
	public String successRateText() {
		double rate = stats.successRate();
		return rate < 0 ? "\u2014" : NLS.bind(Messages.Overview_percent, String.format("%.1f", 100 * rate)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	public String latencyText() {
		long ms = stats.meanLatencyMillis();
		return ms < 0 ? "\u2014" : NLS.bind(Messages.Overview_millis, ms); //$NON-NLS-1$
	}

	public String lastSendText() {
		return stats.lastSend() == null ? Messages.Overview_never : TIME.format(stats.lastSend());
	}
}
