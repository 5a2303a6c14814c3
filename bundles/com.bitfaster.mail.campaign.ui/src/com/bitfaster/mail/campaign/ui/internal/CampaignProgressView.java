package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;

/**
 * The campaigns sent from this workbench, running, paused or ended: a progress bar, sent, failed, rate and time left,
 * and Pause, Resume, Cancel and Report for each.
 */
public class CampaignProgressView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.campaign.ui.progress"; //$NON-NLS-1$

	/**
	 * Key of {@code control.getData(CAMPAIGN_KEY)} on the composite of a campaign's row: the campaign file's absolute
	 * path, a stable identity of the row for whatever drives or inspects the view (UI automation, assistive tools). In
	 * the row, the status line has {@link CampaignFormPage#FIELD_KEY} {@code "status"}, as on the editor's Campaign page.
	 */
	public static final String CAMPAIGN_KEY = "com.bitfaster.mail.campaign.ui.campaign"; //$NON-NLS-1$

	private ScrolledComposite scroller;
	private Composite rows;
	private Label empty;
	private final Map<Path, Row> shown = new LinkedHashMap<>();
	private final AtomicBoolean refreshQueued = new AtomicBoolean();
	private final Runnable listener = this::queueRefresh;

	/** The widgets of one campaign. */
	private final class Row {
		final Composite composite;
		final Label name;
		final ProgressBar bar;
		final Label status;
		final Button pause;
		final Button resume;
		final Button cancel;
		final SendRateChart rate;
		final OutcomeChart outcomes;
		/** Reads the ledger for the outcome chart, at most once a second while the run goes on, and once at its end. */
		final Job outcomeReader;
		long lastOutcomeRead;
		CampaignJob job;

		Row(Path file, CampaignJob job) {
			this.job = job;
			composite = new Composite(rows, SWT.NONE);
			composite.setData(CAMPAIGN_KEY, file.toString());
			GridLayoutFactory.fillDefaults().numColumns(5).margins(4, 4).applyTo(composite);
			GridDataFactory.fillDefaults().grab(true, false).applyTo(composite);
			name = new Label(composite, SWT.NONE);
			name.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
			GridDataFactory.fillDefaults().grab(true, false).span(5, 1).applyTo(name);
			bar = new ProgressBar(composite, SWT.HORIZONTAL | SWT.SMOOTH);
			GridDataFactory.fillDefaults().grab(true, false).hint(120, SWT.DEFAULT).applyTo(bar);
			pause = button(Messages.Action_pause, () -> this.job.pause());
			resume = button(Messages.Action_resume, () -> resume(file));
			cancel = button(Messages.Action_cancel, () -> this.job.cancel());
			button(Messages.Action_report, () -> showReport(file));
			status = new Label(composite, SWT.WRAP);
			status.setData(CampaignFormPage.FIELD_KEY, "status"); //$NON-NLS-1$
			GridDataFactory.fillDefaults().grab(true, false).span(5, 1).hint(200, SWT.DEFAULT).applyTo(status);
			rate = new SendRateChart(composite);
			GridDataFactory.fillDefaults().grab(true, false).span(5, 1).hint(200, 150).applyTo(rate.control());
			outcomes = new OutcomeChart(composite);
			GridDataFactory.fillDefaults().grab(true, false).span(5, 1).hint(200, 150).applyTo(outcomes.control());
			Path ledger = CampaignFile.ledgerFile(file);
			outcomeReader = Job.create(Messages.Progress_readingOutcomes, monitor -> {
				CampaignReport report;
				long bounced;
				try {
					report = CampaignReport.read(ledger, 0);
					bounced = CampaignBounce.latestByAddress(ledger).size();
				} catch (java.io.IOException e) {
					return; // no ledger yet, or being replaced: the next progress reads it again
				}
				if (!outcomes.control().isDisposed()) {
					outcomes.control().getDisplay().asyncExec(() -> {
						if (!outcomes.control().isDisposed()) {
							outcomes.set(report.counts(), bounced);
						}
					});
				}
			});
			outcomeReader.setSystem(true);
			new Label(rows, SWT.SEPARATOR | SWT.HORIZONTAL).setLayoutData(
					GridDataFactory.fillDefaults().grab(true, false).create());
		}

		private Button button(String text, Runnable action) {
			Button b = new Button(composite, SWT.PUSH);
			b.setText(text);
			b.addListener(SWT.Selection, e -> action.run());
			return b;
		}

		private void resume(Path file) {
			if (job.isPaused()) {
				job = CampaignRuns.get().start(file, job.campaign(), CampaignRunner.Mode.PENDING);
			}
		}

		void update() {
			name.setText(job.campaign().name());
			CampaignJob.Progress p = job.progress();
			bar.setMaximum(Math.max(1, p.total()));
			bar.setSelection(Math.min(p.done(), Math.max(1, p.total())));
			rate.sample(p.done(), p.total());
			long now = System.nanoTime();
			if (job.getState() == Job.NONE || now - lastOutcomeRead > 1_000_000_000L) {
				lastOutcomeRead = now;
				outcomeReader.schedule();
			}
			status.setText(CampaignPage.describe(Optional.of(job)));
			boolean running = job.getState() != Job.NONE;
			pause.setEnabled(running);
			resume.setEnabled(job.isPaused());
			cancel.setEnabled(running || job.isPaused());
		}
	}

	@Override
	public void createPartControl(Composite parent) {
		scroller = new ScrolledComposite(parent, SWT.V_SCROLL);
		scroller.setExpandHorizontal(true);
		scroller.setExpandVertical(true);
		rows = new Composite(scroller, SWT.NONE);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(0, 4).applyTo(rows);
		empty = new Label(rows, SWT.WRAP);
		empty.setText(Messages.Progress_empty);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(empty);
		scroller.setContent(rows);
		scroller.addListener(SWT.Resize, e -> relayout());
		CampaignRuns.get().addListener(listener);
		refresh();
	}

	private void queueRefresh() {
		if (rows == null || rows.isDisposed() || !refreshQueued.compareAndSet(false, true)) {
			return;
		}
		rows.getDisplay().asyncExec(() -> {
			refreshQueued.set(false);
			if (!rows.isDisposed()) {
				refresh();
			}
		});
	}

	/** Shows every run as it is now. */
	private void refresh() {
		Map<Path, CampaignJob> all = CampaignRuns.get().all();
		boolean added = false;
		for (Map.Entry<Path, CampaignJob> e : all.entrySet()) {
			Row row = shown.get(e.getKey());
			if (row == null) {
				row = new Row(e.getKey(), e.getValue());
				shown.put(e.getKey(), row);
				added = true;
			}
			row.job = e.getValue();
			row.update();
		}
		empty.setVisible(all.isEmpty());
		((org.eclipse.swt.layout.GridData) empty.getLayoutData()).exclude = !all.isEmpty();
		if (added) {
			relayout();
		} else {
			rows.layout(true, true);
		}
	}

	/** @return the counts the outcome chart of the campaign in {@code file} shows, by state; empty when not shown */
	public Map<com.bitfaster.mail.campaign.DeliveryState, Long> chartCounts(Path file) {
		Row row = shown.get(file.toAbsolutePath().normalize());
		return row == null ? Map.of() : row.outcomes.shown();
	}

	/** @return the recipients the "bounced" bar of the campaign in {@code file} shows */
	public long chartBounced(Path file) {
		Row row = shown.get(file.toAbsolutePath().normalize());
		return row == null ? 0 : row.outcomes.shownBounced();
	}

	private void relayout() {
		int width = scroller.getClientArea().width;
		rows.layout(true, true);
		scroller.setMinSize(rows.computeSize(width, SWT.DEFAULT));
	}

	private void showReport(Path file) {
		try {
			CampaignReportView view = (CampaignReportView) getSite().getPage().showView(CampaignReportView.ID);
			view.show(file);
		} catch (PartInitException e) {
			org.eclipse.jface.dialogs.MessageDialog.openError(getSite().getShell(), Messages.Editor_openFailed, e.getMessage());
		}
	}

	@Override
	public void setFocus() {
		scroller.setFocus();
	}

	@Override
	public void dispose() {
		CampaignRuns.get().removeListener(listener);
		super.dispose();
	}
}
