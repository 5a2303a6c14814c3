package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * A campaign sending in the background, with progress (sent, failed, rate, time left) in the Progress view. Pausing
 * stops after the batch in flight; resuming schedules the job again, which carries on from the ledger. Only one run
 * of a campaign at a time: within the workbench the ledger file is the scheduling rule, and across processes the
 * campaign's {@link CampaignLock} (a run of the command line makes this job end at once with {@link #LOCKED}).
 */
public final class CampaignJob extends Job {

	/** The code of the status of a run that did not start because another run of the campaign holds its lock. */
	public static final int LOCKED = 1;
	/** The code of the status of a run that did not start because the ledger belongs to another campaign. */
	public static final int OTHER_CAMPAIGN = 2;
	private static final String PLUGIN_ID = "com.bitfaster.mail.campaign"; //$NON-NLS-1$

	private final CampaignRunner runner;
	private final Campaign campaign;
	private final Path ledgerFile;
	private final Path campaignFile;
	private volatile CampaignRunner.Mode mode;
	private volatile boolean paused;
	private final AtomicReference<CampaignReport> lastReport = new AtomicReference<>();
	private volatile Progress progress = new Progress(0, 0, ""); //$NON-NLS-1$
	private final List<Runnable> progressListeners = new CopyOnWriteArrayList<>();

	/**
	 * How far the last run got, as its progress monitor was told.
	 *
	 * @param done  units of work done, in proportion to the recipients done
	 * @param total units of work in all, 0 before the run began
	 * @param text  the progress line: sent, failed, rate, time left
	 */
	public record Progress(int done, int total, String text) {
	}

	public CampaignJob(CampaignRunner runner, Campaign campaign, Path ledgerFile, CampaignRunner.Mode mode) {
		this(runner, campaign, null, ledgerFile, mode);
	}

	/**
	 * A run of the campaign kept in {@code campaignFile}: the file gets its id the first time, and a ledger of another
	 * campaign is refused.
	 */
	public static CampaignJob forCampaignFile(CampaignRunner runner, Campaign campaign, Path campaignFile,
			CampaignRunner.Mode mode) {
		return new CampaignJob(runner, campaign, campaignFile, CampaignFile.ledgerFile(campaignFile), mode);
	}

	private CampaignJob(CampaignRunner runner, Campaign campaign, Path campaignFile, Path ledgerFile,
			CampaignRunner.Mode mode) {
		super(NLS.bind(Messages.Runner_task, campaign.name()));
		this.runner = runner;
		this.campaign = campaign;
		this.campaignFile = campaignFile == null ? null : campaignFile.toAbsolutePath();
		this.ledgerFile = ledgerFile.toAbsolutePath();
		this.mode = mode;
		setUser(true);
		setRule(new LedgerRule(this.ledgerFile));
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		paused = false;
		progress = new Progress(0, 0, ""); //$NON-NLS-1$
		IProgressMonitor tracking = new ProgressMonitorWrapper(monitor) {
			@Override
			public void beginTask(String name, int totalWork) {
				super.beginTask(name, totalWork);
				progress = new Progress(0, Math.max(0, totalWork), progress.text());
				fireProgress();
			}

			@Override
			public void subTask(String name) {
				super.subTask(name);
				progress = new Progress(progress.done(), progress.total(), name == null ? "" : name); //$NON-NLS-1$
				// told with the worked() that follows each result
			}

			@Override
			public void worked(int work) {
				super.worked(work);
				progress = new Progress(progress.done() + work, progress.total(), progress.text());
				fireProgress();
			}
		};
		try (CampaignLedger ledger = campaignFile == null ? CampaignLedger.open(ledgerFile)
				: CampaignLedger.forCampaign(campaignFile)) {
			lastReport.set(runner.run(campaign, ledger, mode, tracking));
		} catch (CoreException e) {
			return e.getStatus();
		} catch (CampaignLockedException e) {
			return new Status(IStatus.WARNING, PLUGIN_ID, LOCKED,
					e.getMessage(), e);
		} catch (LedgerMismatchException e) {
			return new Status(IStatus.ERROR, PLUGIN_ID, OTHER_CAMPAIGN,
					e.getMessage(), e);
		} catch (IOException e) {
			return Status.error(NLS.bind(Messages.Runner_ledgerFailed, e.getMessage()), e);
		}
		if (monitor.isCanceled()) {
			return paused ? Status.info(NLS.bind(Messages.Job_paused, campaign.name())) : Status.CANCEL_STATUS;
		}
		return Status.OK_STATUS;
	}

	public Progress progress() {
		return progress;
	}

	/** Called, on the job's thread, whenever the progress changes. */
	public void addProgressListener(Runnable listener) {
		progressListeners.add(listener);
	}

	public void removeProgressListener(Runnable listener) {
		progressListeners.remove(listener);
	}

	private void fireProgress() {
		progressListeners.forEach(Runnable::run);
	}

	public Campaign campaign() {
		return campaign;
	}

	public Path ledgerFile() {
		return ledgerFile;
	}

	/** Stops after the batch in flight; {@link #resume()} carries on. */
	public void pause() {
		paused = true;
		cancel();
	}

	/** Schedules the job again: it sends to the recipients still pending. */
	public void resume() {
		mode = CampaignRunner.Mode.PENDING;
		schedule();
	}

	public boolean isPaused() {
		return paused && getState() == NONE;
	}

	/** @return the report after the last run, or {@code null} before the first one ended */
	public CampaignReport lastReport() {
		return lastReport.get();
	}

	/** Two runs of the same campaign never overlap. */
	private record LedgerRule(Path file) implements org.eclipse.core.runtime.jobs.ISchedulingRule {
		@Override
		public boolean contains(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
			return equals(rule);
		}

		@Override
		public boolean isConflicting(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
			return equals(rule);
		}
	}
}
