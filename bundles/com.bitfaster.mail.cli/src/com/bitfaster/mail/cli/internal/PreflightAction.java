package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.preflight.Severity;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** {@code campaign check CAMPAIGN.json}, and the check {@code campaign run} makes before it sends. */
final class PreflightAction {

	private final Services services;
	private final PrintStream out;

	PreflightAction(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void check(CampaignCommand.Check c) throws CliException {
		Path file = Path.of(c.file).toAbsolutePath();
		Campaign campaign = CampaignActions.read(file, services.get(ServerRegistry.class));
		PreflightReport report = check(campaign);
		print(campaign, report, c.json.json, true);
		if (report.blocks()) {
			throw new CliException(NLS.bind(Messages.Preflight_blocks, report.count(Severity.BLOCKS)), ExitCode.BLOCKED);
		}
	}

	/**
	 * The check before {@code campaign run}: prints what blocks or warns; refuses to go on when something blocks,
	 * unless forced.
	 */
	void beforeRun(Campaign campaign, boolean force, boolean json) throws CliException {
		PreflightReport report = check(campaign);
		if (report.blocks() && !force) {
			print(campaign, report, json, false);
			throw new CliException(NLS.bind(Messages.Preflight_runBlocked, report.count(Severity.BLOCKS)),
					ExitCode.BLOCKED);
		}
		if (!json) {
			print(campaign, report, false, false);
			if (report.blocks()) {
				out.println(NLS.bind(Messages.Preflight_forced, report.count(Severity.BLOCKS)));
			}
		}
	}

	private PreflightReport check(Campaign campaign) throws CliException {
		return services.get(PreflightCheck.class).check(campaign, PreflightCheck.Area.all(), new NullProgressMonitor());
	}

	/** @param all whether INFO findings are printed too (the check alone), or only what blocks or warns (a run) */
	private void print(Campaign campaign, PreflightReport report, boolean json, boolean all) {
		if (json) {
			out.println(CliJson.toJson(json(campaign, report)));
			return;
		}
		out.println(NLS.bind(Messages.Preflight_summary, new Object[] { campaign.name(), campaign.from().getAddress(),
				String.format(Locale.ROOT, "%,d", report.recipients()), report.count(Severity.BLOCKS), //$NON-NLS-1$
				report.count(Severity.WARNS), report.count(Severity.INFO),
				String.format(Locale.ROOT, "%.1f", report.elapsed().toMillis() / 1000.0) })); //$NON-NLS-1$
		for (Finding f : report.findings()) {
			if (!all && f.severity() == Severity.INFO) {
				continue;
			}
			out.println(String.format(Locale.ROOT, "%-7s %s", f.severity(), f.sentence())); //$NON-NLS-1$
			if (!f.fix().isEmpty()) {
				out.println("        " + NLS.bind(Messages.Preflight_fix, f.fix())); //$NON-NLS-1$
			}
			out.println("        " + NLS.bind(Messages.Preflight_where, f.where())); //$NON-NLS-1$
		}
	}

	/** The {@code --json} shape of a check. */
	static JsonObject json(Campaign campaign, PreflightReport report) {
		JsonObject o = CliJson.versioned();
		o.addProperty("campaign", campaign.name()); //$NON-NLS-1$
		o.addProperty("from", campaign.from().getAddress()); //$NON-NLS-1$
		o.addProperty("recipients", report.recipients()); //$NON-NLS-1$
		o.addProperty("blocks", report.blocks()); //$NON-NLS-1$
		JsonObject counts = new JsonObject();
		for (Severity s : Severity.values()) {
			counts.addProperty(s.name(), report.count(s));
		}
		o.add("counts", counts); //$NON-NLS-1$
		o.addProperty("elapsedMillis", report.elapsed().toMillis()); //$NON-NLS-1$
		JsonArray findings = new JsonArray();
		for (Finding f : report.findings()) {
			JsonObject j = new JsonObject();
			j.addProperty("severity", f.severity().name()); //$NON-NLS-1$
			j.addProperty("id", f.id()); //$NON-NLS-1$
			j.addProperty("sentence", f.sentence()); //$NON-NLS-1$
			j.addProperty("fix", f.fix()); //$NON-NLS-1$
			j.addProperty("where", f.where()); //$NON-NLS-1$
			findings.add(j);
		}
		o.add("findings", findings); //$NON-NLS-1$
		return o;
	}
}
