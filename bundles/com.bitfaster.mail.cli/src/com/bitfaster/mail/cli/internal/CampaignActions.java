package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLockedException;
import com.bitfaster.mail.campaign.LedgerDamage;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.LedgerMismatchException;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.ListProblem;
import com.bitfaster.mail.campaign.RecipientListSummary;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.SuppressionList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** What {@code campaign run|resume|retry-failed|resend-unknown|report CAMPAIGN.json} do. */
final class CampaignActions {

	/** How many invalid and how many duplicate rows are shown before sending. */
	static final int LIST_PROBLEMS_SHOWN = 10;

	private final Services services;
	private final PrintStream out;
	/** The list's check before sending, for the report; {@code null} for {@code report}. */
	private RecipientListSummary listSummary;

	CampaignActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(CampaignCommand.Action a) throws CliException {
		String action = a.spec.name();
		boolean json = a.json.json;
		Path file = Path.of(a.file).toAbsolutePath();
		ServerRegistry registry = services.get(ServerRegistry.class);
		Campaign campaign = read(file, registry);
		CampaignCommand.Sending sending = a instanceof CampaignCommand.Sending s ? s : null;
		if (sending != null && sending.batchSize != null) {
			// The option overrides the file's batch size; the file's rate limit stays.
			int batchSize = sending.batchSize;
			if (batchSize < 1 || batchSize > Throttle.MAX) {
				throw CliException.usage(NLS.bind(Messages.Campaign_batchSize, Throttle.MAX));
			}
			campaign = campaign.withThrottle(new Throttle(campaign.throttle().messagesPerHour(), batchSize));
		}
		CampaignRunner runner = new CampaignRunner(services.get(SenderService.class), registry,
				CampaignRunner.DEFAULT_BATCH_SIZE).deliverability(services.get(SuppressionList.class),
						services.get(RecipientTokens.class), services.get(DeliverabilitySettings.class),
						CampaignDirectory.ofDefault());
		// resend-unknown sends nothing without --yes: it only says how many it would send to.
		boolean confirmed = !(a instanceof CampaignCommand.ResendUnknown r) || r.yes;
		if (sending != null && confirmed) {
			listSummary = checked(runner, campaign);
			if (!json) {
				printListProblems(campaign, listSummary);
			}
			if (a instanceof CampaignCommand.Run run) {
				// After the list's own check, so an unreadable list keeps its message and exit code.
				new PreflightAction(services, out).beforeRun(campaign, run.force, json);
			}
		}
		Path ledgerFile = CampaignFile.ledgerFile(file);
		CampaignRunner.Mode mode = switch (action) {
		case "run", "resume" -> CampaignRunner.Mode.PENDING; //$NON-NLS-1$ //$NON-NLS-2$
		case "retry-failed" -> CampaignRunner.Mode.RETRY_FAILED; //$NON-NLS-1$
		case "resend-unknown" -> CampaignRunner.Mode.RESEND_UNKNOWN; //$NON-NLS-1$
		case "report" -> null; //$NON-NLS-1$
		default -> throw new IllegalStateException(action); // a subcommand declared but not handled here
		};
		try {
			CampaignReport report;
			if (!confirmed) {
				runner.check(campaign);
				askToConfirmResend(CampaignReport.read(ledgerFile, new RecipientList(campaign.recipientList())), ledgerFile, json);
				return;
			}
			if (mode == null) {
				// A report reads the ledger and never opens it for writing: safe while a run appends to it.
				runner.check(campaign);
				report = CampaignReport.read(ledgerFile, new RecipientList(campaign.recipientList()));
			} else {
				if (sending.startFresh) {
					Path aside = CampaignLedger.startFresh(ledgerFile);
					if (aside != null) {
						out.println(NLS.bind(Messages.Campaign_ledgerKept, aside));
					}
				}
				if (!json) {
					runner.onWaiting(out::println);
					printSchedule(campaign, file, action);
				}
				NullProgressMonitor monitor = new NullProgressMonitor();
				java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
				// Ctrl+C: the run stops as a pause does (nothing half sent, the ledger closed) before the JVM ends.
				Thread stop = new Thread(() -> {
					monitor.setCanceled(true);
					try {
						ended.await(20, java.util.concurrent.TimeUnit.SECONDS);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}, "bitfaster-cli stop"); //$NON-NLS-1$
				Runtime.getRuntime().addShutdownHook(stop);
				try (CampaignLedger ledger = CampaignLedger.forCampaign(file)) {
					report = runner.run(campaign, ledger, mode, monitor);
				} finally {
					if (monitor.isCanceled()) {
						// Said before the stop hook lets the JVM end: the ledger is closed, nothing is half sent.
						out.println(Messages.Campaign_stopped);
						out.flush();
					}
					ended.countDown();
				}
				if (!monitor.isCanceled()) {
					Runtime.getRuntime().removeShutdownHook(stop);
				}
			}
			print(report, ledgerFile, json);
			if (a.reportCsv != null) {
				report.writeCsv(Path.of(a.reportCsv));
			}
			if (mode != null && report.count(DeliveryState.PENDING) > 0) {
				throw new CliException(NLS.bind(Messages.Campaign_pending, report.count(DeliveryState.PENDING)),
						ExitCode.PENDING);
			}
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		} catch (CampaignLockedException e) {
			throw new CliException(e.getMessage(), ExitCode.LOCKED);
		} catch (LedgerMismatchException e) {
			throw CliException.failed(NLS.bind(Messages.Campaign_startFresh, e.getMessage()));
		} catch (IOException e) {
			throw CliException.failed(NLS.bind(Messages.Campaign_ledgerUnusable, ledgerFile, e.getMessage()));
		}
	}

	/**
	 * Says how many recipients are unknown and, when there are any, that resending may give some a second copy: the
	 * user confirms with {@code --yes}. Sends nothing.
	 *
	 * @throws CliException exit code 2 (usage) when there are unknown recipients to confirm
	 */
	private void askToConfirmResend(CampaignReport report, Path ledgerFile, boolean json) throws IOException, CliException {
		long unknown = report.count(DeliveryState.UNKNOWN);
		if (json) {
			print(report, ledgerFile, true);
		} else {
			out.println(unknown == 0 ? Messages.Campaign_noUnknown : NLS.bind(Messages.Campaign_unknownCount, unknown));
		}
		if (unknown > 0) {
			throw CliException.usage(Messages.Campaign_resendNeedsYes);
		}
	}

	private void print(CampaignReport report, Path ledgerFile, boolean json) throws IOException {
		// Bounces read back later are in the side journal, beside (not instead of) the server's immediate reply.
		java.util.Map<String, CampaignBounce> bounces = CampaignBounce.latestByAddress(ledgerFile);
		if (json) {
			JsonObject o = CliJson.versioned();
			o.addProperty("total", report.total()); //$NON-NLS-1$
			for (DeliveryState s : DeliveryState.values()) {
				o.addProperty(s.name().toLowerCase(java.util.Locale.ROOT), report.count(s));
			}
			o.addProperty("notInList", report.notInList()); //$NON-NLS-1$
			o.addProperty("listChanged", report.listChanged()); //$NON-NLS-1$
			JsonArray damage = new JsonArray();
			for (LedgerDamage d : report.damage()) {
				JsonObject entry = new JsonObject();
				entry.addProperty("offset", d.offset()); //$NON-NLS-1$
				entry.addProperty("description", d.description()); //$NON-NLS-1$
				damage.add(entry);
			}
			o.add("damage", damage); //$NON-NLS-1$
			o.addProperty("bounced", bounces.size()); //$NON-NLS-1$
			JsonArray bounced = new JsonArray();
			for (CampaignBounce b : bounces.values()) {
				JsonObject entry = new JsonObject();
				entry.addProperty("address", b.address()); //$NON-NLS-1$
				entry.addProperty("kind", b.kind()); //$NON-NLS-1$
				entry.addProperty("status", b.status()); //$NON-NLS-1$
				entry.addProperty("text", b.text()); //$NON-NLS-1$
				entry.addProperty("time", b.time().toString()); //$NON-NLS-1$
				bounced.add(entry);
			}
			o.add("bounces", bounced); //$NON-NLS-1$
			addListProblems(o);
			out.println(CliJson.toJson(o));
			return;
		}
		for (LedgerDamage d : report.damage().subList(0, Math.min(10, report.damage().size()))) {
			out.println(NLS.bind(Messages.Campaign_damaged, d.offset(), d.description()));
		}
		if (report.damage().size() > 10) {
			out.println(NLS.bind(Messages.Campaign_moreDamaged, report.damage().size() - 10));
		}
		if (!report.damage().isEmpty()) {
			out.println(Messages.Campaign_damageNote);
		}
		if (report.listChanged()) {
			out.println(report.previousRecipients() >= 0
					? NLS.bind(Messages.Campaign_listChangedCounts, report.previousRecipients(), report.total())
					: Messages.Campaign_listChanged);
		}
		if (report.notInList() > 0) {
			out.println(NLS.bind(Messages.Campaign_notInList, report.notInList()));
		}
		out.println(NLS.bind(Messages.Campaign_summary, new Object[] { report.total(),
				report.count(DeliveryState.ACCEPTED), report.count(DeliveryState.DEFERRED),
				report.count(DeliveryState.REJECTED), report.count(DeliveryState.UNKNOWN) + report.count(DeliveryState.SENDING),
				report.count(DeliveryState.PENDING) }));
		if (!bounces.isEmpty()) {
			out.println(NLS.bind(Messages.Campaign_bounced, bounces.size()));
			bounces.values().stream().limit(100).forEach(b -> out.println(NLS.bind(Messages.Campaign_bouncedRow,
					new Object[] { b.address(), b.kind(), b.status(), b.text(), b.time() })));
		}
		int shown = 100;
		List<LedgerEntry> unknown = report.entries(e -> e.state() == DeliveryState.UNKNOWN, shown);
		unknown.forEach(e -> out.println(NLS.bind(Messages.Campaign_unknownRow, e.address())));
		if (report.count(DeliveryState.UNKNOWN) > unknown.size()) {
			out.println(NLS.bind(Messages.Campaign_moreUnknown, report.count(DeliveryState.UNKNOWN) - unknown.size()));
		}
		if (report.count(DeliveryState.UNKNOWN) > 0) {
			out.println(Messages.Campaign_resendHint);
		}
	}

	/**
	 * For a campaign with a start time still to come: says when, and the crontab line that would start it instead
	 * (the system's local time, which cron uses).
	 */
	private void printSchedule(Campaign campaign, Path file, String action) {
		java.time.Instant startAt = campaign.policy().startAt();
		if (startAt == null || !startAt.isAfter(java.time.Instant.now())) {
			return;
		}
		java.time.ZonedDateTime local = startAt.atZone(java.time.ZoneId.systemDefault());
		String cli = System.getProperty("bitfaster.cli.path", "bitfaster-cli"); //$NON-NLS-1$ //$NON-NLS-2$
		String data = System.getProperty("bitfaster.cli.data", ""); //$NON-NLS-1$ //$NON-NLS-2$
		String line = local.getMinute() + " " + local.getHour() + " " + local.getDayOfMonth() + " " //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				+ local.getMonthValue() + " * " + shellQuote(cli) + (data.isEmpty() ? "" : " -data " + shellQuote(data)) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				+ " campaign " + action + " " + shellQuote(file.toString()); //$NON-NLS-1$ //$NON-NLS-2$
		out.println(NLS.bind(Messages.Campaign_crontab, local.getZone().getId(), line));
	}

	private static String shellQuote(String s) {
		return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
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
		if (summary.invalidRows() == 0 && summary.duplicateRows() == 0) {
			return;
		}
		out.println(NLS.bind(Messages.Campaign_listProblems, new Object[] { campaign.recipientList(),
				summary.invalidRows(), summary.duplicateRows() }));
		printFirst(summary.invalid(), summary.invalidRows(), Messages.Campaign_invalidRow, Messages.Campaign_moreInvalid);
		printFirst(summary.duplicates(), summary.duplicateRows(), Messages.Campaign_duplicateRow,
				Messages.Campaign_moreDuplicates);
		out.flush();
	}

	/** Prints the first of {@code count} problem rows (the summary keeps the first thousand) and how many more. */
	private void printFirst(List<ListProblem> problems, long count, String row, String more) {
		problems.stream().limit(LIST_PROBLEMS_SHOWN).forEach(p -> out.println(NLS.bind(row, p.line(), p.message())));
		long shown = Math.min(LIST_PROBLEMS_SHOWN, problems.size());
		if (count > shown) {
			out.println(NLS.bind(more, count - shown));
		}
	}

	/** {@code invalidRows} and {@code duplicateRows} count them; the first ten of each come with their lines. */
	private void addListProblems(JsonObject o) {
		if (listSummary == null) {
			return;
		}
		o.addProperty("invalidRows", listSummary.invalidRows()); //$NON-NLS-1$
		o.add("firstInvalidRows", rows(listSummary.invalid())); //$NON-NLS-1$
		o.addProperty("duplicateRows", listSummary.duplicateRows()); //$NON-NLS-1$
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

	static Campaign read(Path file, ServerRegistry registry) throws CliException {
		try {
			return CampaignFile.load(file, registry);
		} catch (CampaignFileException e) {
			throw e.kind() == CampaignFileException.Kind.SERVER ? CliException.failed(e.getMessage())
					: CliException.usage(e.getMessage());
		}
	}

}
