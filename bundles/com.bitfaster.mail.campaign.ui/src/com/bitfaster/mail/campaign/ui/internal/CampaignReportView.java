package com.bitfaster.mail.campaign.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.UserPrompts;

/**
 * What happened to each recipient of a campaign, from its ledger (read without changing it, also while it runs):
 * counts by outcome, one row per recipient with the server's reply, filtered by outcome and by text, Export CSV,
 * Retry Failed and Resend Unknown (after the user confirmed that some may get a second copy).
 */
public class CampaignReportView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.campaign.ui.report"; //$NON-NLS-1$

	/** The outcomes the filter offers, after "all". */
	private static final DeliveryState[] OUTCOMES = { DeliveryState.ACCEPTED, DeliveryState.DEFERRED,
			DeliveryState.REJECTED, DeliveryState.UNKNOWN, DeliveryState.SENDING, DeliveryState.PENDING };

	/** Bounces read back later, by address, of the report shown (from the campaign's side journal). */
	private volatile java.util.Map<String, CampaignBounce> bounces = java.util.Map.of();
	private Label title;
	private Label counts;
	private OutcomeChart chart;
	private Combo outcome;
	private Text search;
	private TableViewer table;
	private Button export;
	private Button retry;
	private Button resend;
	private Path campaignFile;
	private CampaignReport report;
	private final AtomicBoolean reloadQueued = new AtomicBoolean();
	/**
	 * Loads started and the newest one shown (both on the UI thread): loads run side by side, and one that ends after
	 * a newer one (the filter changed meanwhile) must not bring back rows of the older filter.
	 */
	private long loadsStarted;
	private long loadShown;
	private final Runnable runsListener = this::runsChanged;
	private static final long LIVE_RELOAD_NANOS = 1_000_000_000L;
	/** The most rows the view holds: a campaign of millions is paged by the filter, and exported whole. */
	static final int PAGE = 10_000;
	private volatile long lastLiveReload = System.nanoTime();
	/** The list's recipient count, kept while the list file is unchanged (a reload during a run reads only the ledger). */
	private Path totalList;
	/** The campaign file last read, by path: a live reload reads only the ledger. */
	private final java.util.Map<Path, CampaignFile.Contents> contentsRead = new java.util.concurrent.ConcurrentHashMap<>();
	private java.nio.file.attribute.FileTime totalStamp;
	private long totalRecipients;

	@Override
	public void createPartControl(Composite parent) {
		GridLayoutFactory.fillDefaults().numColumns(1).margins(6, 6).applyTo(parent);
		title = new Label(parent, SWT.NONE);
		title.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
		title.setText(Messages.Report_none);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(title);
		// The counts, and beside them what can be done about the failed and the unknown ones.
		Composite summary = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(summary);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);
		counts = new Label(summary, SWT.WRAP);
		counts.setData(CampaignFormPage.FIELD_KEY, "counts"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).hint(200, SWT.DEFAULT).applyTo(counts);
		retry = new Button(summary, SWT.PUSH);
		retry.setText(Messages.Action_retryFailed);
		retry.addListener(SWT.Selection, e -> start(CampaignRunner.Mode.RETRY_FAILED));
		resend = new Button(summary, SWT.PUSH);
		resend.setText(Messages.Action_resendUnknown);
		resend.addListener(SWT.Selection, e -> resendUnknown());

		chart = new OutcomeChart(parent);
		GridDataFactory.fillDefaults().grab(true, false).hint(300, 170).applyTo(chart.control());

		Composite bar = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(6).applyTo(bar);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		new Label(bar, SWT.NONE).setText(Messages.Report_outcome);
		outcome = new Combo(bar, SWT.READ_ONLY | SWT.DROP_DOWN);
		outcome.add(Messages.Report_allOutcomes);
		for (DeliveryState s : OUTCOMES) {
			outcome.add(label(s));
		}
		outcome.add(Messages.Report_bouncedLater);
		outcome.select(0);
		outcome.addListener(SWT.Selection, e -> {
			table.refresh(); // the page shown at once, then read again with the filter: the view holds one page
			reload(false);
		});
		search = new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
		search.setMessage(Messages.Report_search);
		GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(search);
		search.addModifyListener(e -> {
			table.refresh();
			reload(false);
		});
		Button open = new Button(bar, SWT.PUSH);
		open.setText(Messages.Report_open);
		open.addListener(SWT.Selection, e -> FileChooser.current().choose(getSite().getShell(), false,
				new String[] { "*" + CampaignFile.EXTENSION, "*.json" }, null).ifPresent(this::show)); //$NON-NLS-1$ //$NON-NLS-2$
		Button refresh = new Button(bar, SWT.PUSH);
		refresh.setText(Messages.Report_refresh);
		refresh.addListener(SWT.Selection, e -> reload());
		export = new Button(bar, SWT.PUSH);
		export.setText(Messages.Report_export);
		export.addListener(SWT.Selection, e -> exportCsv());

		table = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).hint(300, 120).applyTo(table.getControl());
		table.setContentProvider(ArrayContentProvider.getInstance());
		column(Messages.Column_address, 240, LedgerEntry::address);
		column(Messages.Column_outcome, 90, e -> label(e.state()));
		column(Messages.Column_code, 50, e -> e.replyCode() == 0 ? "" : Integer.toString(e.replyCode())); //$NON-NLS-1$
		column(Messages.Column_reply, 400, LedgerEntry::reply);
		column(Messages.Column_bounced, 300, e -> bounceText(bounces.get(e.address())));
		table.addFilter(new ViewerFilter() {
			@Override
			public boolean select(Viewer viewer, Object parentElement, Object element) {
				return matches((LedgerEntry) element);
			}
		});
		CampaignRuns.get().addListener(runsListener);
		updateButtons();
	}

	private void column(String text, int width, java.util.function.Function<LedgerEntry, String> value) {
		TableViewerColumn c = new TableViewerColumn(table, SWT.LEFT);
		c.getColumn().setText(text);
		c.getColumn().setWidth(width);
		c.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return value.apply((LedgerEntry) element);
			}
		});
	}

	static String label(DeliveryState state) {
		return switch (state) {
		case PENDING -> Messages.Outcome_pending;
		case SENDING -> Messages.Outcome_sending;
		case ACCEPTED -> Messages.Outcome_accepted;
		case DEFERRED -> Messages.Outcome_deferred;
		case REJECTED -> Messages.Outcome_rejected;
		case UNKNOWN -> Messages.Outcome_unknown;
		case SUPPRESSED -> Messages.Outcome_suppressed;
		};
	}

	private boolean matches(LedgerEntry e) {
		return filter(outcome.getSelectionIndex(), search.getText(), bounces).test(e);
	}

	/** @return a bounce read back later as the table shows it, empty for none */
	static String bounceText(CampaignBounce b) {
		return b == null ? "" : NLS.bind(Messages.Report_bounceRow, new Object[] { b.kind(), b.status(), b.text(), b.time() }); //$NON-NLS-1$
	}

	/** The rows the outcome choice and the search text select; made on the UI thread, used by the loading job. */
	private static java.util.function.Predicate<LedgerEntry> filter(int outcomeIndex, String searchText,
			java.util.Map<String, CampaignBounce> bounced) {
		boolean bouncedOnly = outcomeIndex == OUTCOMES.length + 1;
		DeliveryState state = outcomeIndex > 0 && !bouncedOnly ? OUTCOMES[outcomeIndex - 1] : null;
		String text = searchText.strip().toLowerCase(Locale.ROOT);
		return e -> (state == null || e.state() == state) && (!bouncedOnly || bounced.containsKey(e.address())) && (text.isEmpty()
				|| e.address().toLowerCase(Locale.ROOT).contains(text) || e.reply().toLowerCase(Locale.ROOT).contains(text));
	}

	/** Shows the report of the campaign in {@code file}, read in the background. */
	public void show(Path file) {
		campaignFile = file.toAbsolutePath().normalize();
		title.setText(campaignFile.getFileName().toString());
		reload();
	}

	/** Reads the campaign file again, then its ledger. */
	private void reload() {
		reload(true);
	}

	/** @param readCampaign whether to read the campaign file again, or only the ledger (a live reload during a run) */
	private void reload(boolean readCampaign) {
		if (campaignFile == null) {
			return;
		}
		Path file = campaignFile;
		CampaignFile.Contents known = readCampaign ? null : contentsRead.get(file);
		var display = table.getControl().getDisplay();
		int outcomeIndex = outcome.getSelectionIndex();
		String searchText = search.getText();
		long load = ++loadsStarted;
		Job job = Job.create(NLS.bind(Messages.Report_loading, file.getFileName()), (IProgressMonitor monitor) -> {
			String name;
			CampaignReport loaded;
			List<LedgerEntry> rows = List.of();
			String error = null;
			try {
				CampaignFile.Contents contents = known != null ? known : CampaignFile.read(file);
				contentsRead.clear();
				contentsRead.put(file, contents);
				name = contents.name().isBlank() ? file.getFileName().toString() : contents.name();
				long total = contents.listPath(file).map(this::recipients).orElse(0L);
				loaded = CampaignReport.read(CampaignFile.ledgerFile(file), total);
				bounces = CampaignBounce.latestByAddress(CampaignFile.ledgerFile(file));
				rows = loaded.entries(filter(outcomeIndex, searchText, bounces), PAGE + 1); // one more says whether there are more
			} catch (CampaignFileException | IOException e) {
				name = file.getFileName().toString();
				loaded = null;
				error = e.getMessage();
			}
			String n = name;
			CampaignReport r = loaded;
			List<LedgerEntry> page = rows;
			String err = error;
			display.asyncExec(() -> {
				if (!table.getControl().isDisposed() && file.equals(campaignFile) && load > loadShown) {
					loadShown = load;
					shown(n, r, page, err);
				}
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
	}

	private void shown(String name, CampaignReport loaded, List<LedgerEntry> rows, String error) {
		report = loaded;
		title.setText(name);
		chart.set(loaded == null ? java.util.Map.of() : loaded.counts(), loaded == null ? 0 : bounces.size());
		if (loaded == null) {
			counts.setText(error);
			table.setInput(List.of());
		} else {
			counts.setText(NLS.bind(Messages.Report_counts, new Object[] { loaded.total(),
					loaded.count(DeliveryState.ACCEPTED), loaded.count(DeliveryState.DEFERRED),
					loaded.count(DeliveryState.REJECTED), loaded.count(DeliveryState.UNKNOWN),
					loaded.count(DeliveryState.SENDING) + loaded.count(DeliveryState.PENDING) })
					+ (bounces.isEmpty() ? "" : " " + NLS.bind(Messages.Report_bouncedCount, bounces.size())) //$NON-NLS-1$ //$NON-NLS-2$
					+ (loaded.damage().isEmpty() ? "" : " " + NLS.bind(Messages.Report_damaged, loaded.damage().size())) //$NON-NLS-1$ //$NON-NLS-2$
					+ (rows.size() > PAGE ? " " + NLS.bind(Messages.Report_page, PAGE) : "")); //$NON-NLS-1$ //$NON-NLS-2$
			table.setInput(rows.size() > PAGE ? rows.subList(0, PAGE) : rows);
		}
		table.getControl().getParent().layout(true, true);
		updateButtons();
	}

	private void updateButtons() {
		export.setEnabled(report != null);
		retry.setEnabled(report != null
				&& (report.count(DeliveryState.DEFERRED) > 0 || report.count(DeliveryState.REJECTED) > 0));
		resend.setEnabled(report != null && report.count(DeliveryState.UNKNOWN) > 0);
	}

	private synchronized long recipients(Path list) {
		try {
			java.nio.file.attribute.FileTime stamp = java.nio.file.Files.getLastModifiedTime(list);
			if (!list.equals(totalList) || !stamp.equals(totalStamp)) {
				totalRecipients = new RecipientList(list).check().recipients();
				totalList = list;
				totalStamp = stamp;
			}
			return totalRecipients;
		} catch (IOException e) {
			return 0L;
		}
	}

	private void runsChanged() {
		if (campaignFile == null || table == null || table.getControl().isDisposed()) {
			return;
		}
		var job = CampaignRuns.get().find(campaignFile).orElse(null);
		if (job == null) {
			return;
		}
		// When the run ends, and about once a second while it sends, so the counts follow the run.
		boolean ended = job.getState() == Job.NONE;
		long now = System.nanoTime();
		boolean due = now - lastLiveReload > LIVE_RELOAD_NANOS;
		if ((ended || due) && reloadQueued.compareAndSet(false, true)) {
			lastLiveReload = now;
			table.getControl().getDisplay().asyncExec(() -> {
				reloadQueued.set(false);
				if (!table.getControl().isDisposed()) {
					reload(false);
				}
			});
		}
	}

	/** Asks where to write the report as CSV and writes it. */
	private void exportCsv() {
		if (report == null) {
			return;
		}
		String suggested = campaignFile.getFileName().toString().replaceFirst("(\\.campaign)?\\.json$", "") + "-report.csv"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		FileChooser.current().choose(getSite().getShell(), true, new String[] { "*.csv" }, suggested).ifPresent(p -> { //$NON-NLS-1$
			try {
				report.writeCsv(p);
			} catch (IOException e) {
				MessageDialog.openError(getSite().getShell(), Messages.Report_exportFailedTitle,
						NLS.bind(Messages.Report_exportFailed, p, e.getMessage()));
			}
		});
	}

	/**
	 * Sends to the unknown recipients again once the user confirmed it, knowing how many they are and that some of
	 * them may have the message already.
	 */
	private void resendUnknown() {
		long unknown = report == null ? 0 : report.count(DeliveryState.UNKNOWN);
		if (unknown > 0 && UserPrompts.current().confirm(getSite().getShell(), Messages.Resend_title,
				NLS.bind(Messages.Resend_question, unknown))) {
			start(CampaignRunner.Mode.RESEND_UNKNOWN);
		}
	}

	private void start(CampaignRunner.Mode mode) {
		try {
			Campaign campaign = CampaignFile.load(campaignFile, MailServices.registry());
			CampaignRuns.get().start(campaignFile, campaign, mode);
		} catch (CampaignFileException | IllegalStateException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle, e.getMessage());
		}
	}

	/** @return the counts the outcome chart shows, by state */
	public java.util.Map<DeliveryState, Long> chartCounts() {
		return chart.shown();
	}

	/** @return the recipients the outcome chart's "bounced" bar shows */
	public long chartBounced() {
		return chart.shownBounced();
	}

	@Override
	public void setFocus() {
		table.getControl().setFocus();
	}

	@Override
	public void dispose() {
		CampaignRuns.get().removeListener(runsListener);
		super.dispose();
	}
}
