package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.ListProblem;
import com.bitfaster.mail.campaign.RecipientListSummary;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** {@code campaign run|resume|retry-failed|report CAMPAIGN.json}. */
final class CampaignCommands {

	/** How many invalid and how many duplicate rows are shown before sending. */
	static final int LIST_PROBLEMS_SHOWN = 10;

	private final Services services;
	private final PrintStream out;
	/** The list's check before sending, for the report; {@code null} for {@code report}. */
	private RecipientListSummary listSummary;

	CampaignCommands(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(List<String> args) throws CliException {
		if (CliApplication.printedHelp(args, "campaign", out)) { //$NON-NLS-1$
			return;
		}
		Arguments a = new Arguments(args, Set.of("report-csv", "batch-size"), Set.of("json")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		if (a.positionals().size() != 2) {
			throw CliException.usage("Usage: bitfaster-cli campaign run|resume|retry-failed|report CAMPAIGN.json"); //$NON-NLS-1$
		}
		String action = a.positionals().get(0);
		Path file = Path.of(a.positionals().get(1)).toAbsolutePath();
		ServerRegistry registry = services.get(ServerRegistry.class);
		Campaign campaign = read(file, registry);
		if (a.has("batch-size")) { //$NON-NLS-1$
			// The option overrides the file's batch size; the file's rate limit stays.
			int batchSize = a.integer("batch-size", CampaignRunner.DEFAULT_BATCH_SIZE); //$NON-NLS-1$
			if (batchSize < 1 || batchSize > Throttle.MAX) {
				throw CliException.usage("--batch-size must be from 1 to " + Throttle.MAX + "."); //$NON-NLS-1$ //$NON-NLS-2$
			}
			campaign = campaign.withThrottle(new Throttle(campaign.throttle().messagesPerHour(), batchSize));
		}
		CampaignRunner runner = new CampaignRunner(services.get(SenderService.class), registry,
				CampaignRunner.DEFAULT_BATCH_SIZE);
		if (Set.of("run", "resume", "retry-failed").contains(action)) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			listSummary = checked(runner, campaign);
			if (!a.flag("json")) { //$NON-NLS-1$
				printListProblems(campaign, listSummary);
			}
		}
		Path ledgerFile = CampaignFile.ledgerFile(file);
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			CampaignReport report = switch (action) {
			case "run", "resume" -> runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor()); //$NON-NLS-1$ //$NON-NLS-2$
			case "retry-failed" -> runner.run(campaign, ledger, CampaignRunner.Mode.RETRY_FAILED, new NullProgressMonitor()); //$NON-NLS-1$
			case "report" -> { //$NON-NLS-1$
				RecipientListSummary summary = runner.check(campaign);
				yield CampaignReport.of(ledger, summary.recipients());
			}
			default -> throw CliException.usage("Unknown campaign action '" + action + "'; use run, resume, retry-failed or report."); //$NON-NLS-1$ //$NON-NLS-2$
			};
			print(report, a.flag("json")); //$NON-NLS-1$
			if (a.has("report-csv")) { //$NON-NLS-1$
				report.writeCsv(Path.of(a.required("report-csv"))); //$NON-NLS-1$
			}
			if (!action.equals("report") && report.count(DeliveryState.PENDING) > 0) { //$NON-NLS-1$
				throw CliException.failed(report.count(DeliveryState.PENDING) + " recipients are still pending; run 'campaign resume'."); //$NON-NLS-1$
			}
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		} catch (IOException e) {
			throw CliException.failed("The campaign ledger " + ledgerFile + " cannot be used: " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	private void print(CampaignReport report, boolean json) {
		if (json) {
			JsonObject o = new JsonObject();
			o.addProperty("total", report.total()); //$NON-NLS-1$
			for (DeliveryState s : DeliveryState.values()) {
				o.addProperty(s.name().toLowerCase(java.util.Locale.ROOT), report.count(s));
			}
			addListProblems(o);
			out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
			return;
		}
		out.printf("%d recipients: %d accepted, %d deferred, %d rejected, %d unknown, %d pending%n", report.total(), //$NON-NLS-1$
				report.count(DeliveryState.ACCEPTED), report.count(DeliveryState.DEFERRED),
				report.count(DeliveryState.REJECTED), report.count(DeliveryState.UNKNOWN) + report.count(DeliveryState.SENDING),
				report.count(DeliveryState.PENDING));
		report.entries().stream().filter(e -> e.state() == DeliveryState.UNKNOWN)
				.forEach(e -> out.println("unknown   " + e.address() + " (may have been delivered; not sent again)")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** What the campaign editor shows on its Recipients page, before anything is sent. */
	private static RecipientListSummary checked(CampaignRunner runner, Campaign campaign) throws CliException {
		try {
			return runner.check(campaign);
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
	}

	private void printListProblems(Campaign campaign, RecipientListSummary summary) {
		if (summary.invalid().isEmpty() && summary.duplicates().isEmpty()) {
			return;
		}
		out.println(NLS.bind(Messages.Campaign_listProblems, new Object[] { campaign.recipientList(),
				summary.invalid().size(), summary.duplicates().size() }));
		printFirst(summary.invalid(), Messages.Campaign_invalidRow, Messages.Campaign_moreInvalid);
		printFirst(summary.duplicates(), Messages.Campaign_duplicateRow, Messages.Campaign_moreDuplicates);
		out.flush();
	}

	private void printFirst(List<ListProblem> problems, String row, String more) {
		problems.stream().limit(LIST_PROBLEMS_SHOWN).forEach(p -> out.println(NLS.bind(row, p.line(), p.message())));
		if (problems.size() > LIST_PROBLEMS_SHOWN) {
			out.println(NLS.bind(more, problems.size() - LIST_PROBLEMS_SHOWN));
		}
	}

	/** {@code invalidRows} and {@code duplicateRows} count them; the first ten of each come with their lines. */
	private void addListProblems(JsonObject o) {
		if (listSummary == null) {
			return;
		}
		o.addProperty("invalidRows", listSummary.invalid().size()); //$NON-NLS-1$
		o.add("firstInvalidRows", rows(listSummary.invalid())); //$NON-NLS-1$
		o.addProperty("duplicateRows", listSummary.duplicates().size()); //$NON-NLS-1$
		o.add("firstDuplicateRows", rows(listSummary.duplicates())); //$NON-NLS-1$
	}

	private static JsonArray rows(List<ListProblem> problems) {
		JsonArray rows = new JsonArray();
		problems.stream().limit(LIST_PROBLEMS_SHOWN).forEach(p -> {
			JsonObject row = new JsonObject();
			row.addProperty("line", p.line()); //$NON-NLS-1$
			row.addProperty("problem", p.message()); //$NON-NLS-1$
			rows.add(row);
		});
		return rows;
	}

	private static Campaign read(Path file, ServerRegistry registry) throws CliException {
		try {
			return CampaignFile.load(file, registry);
		} catch (CampaignFileException e) {
			throw e.kind() == CampaignFileException.Kind.SERVER ? CliException.failed(e.getMessage())
					: CliException.usage(e.getMessage());
		}
	}

}
