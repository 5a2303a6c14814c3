package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * A campaign sending in the background, with progress (sent, failed, rate, time left) in the Progress view. Pausing
 * stops after the batch in flight; resuming schedules the job again, which carries on from the ledger. Only one run
 * of a campaign at a time: the ledger file is the scheduling rule.
 */
public final class CampaignJob extends Job {

	private final CampaignRunner runner;
	private final Campaign campaign;
	private final Path ledgerFile;
	private volatile CampaignRunner.Mode mode;
	private volatile boolean paused;
	private final AtomicReference<CampaignReport> lastReport = new AtomicReference<>();

	public CampaignJob(CampaignRunner runner, Campaign campaign, Path ledgerFile, CampaignRunner.Mode mode) {
		super(NLS.bind(Messages.Runner_task, campaign.name()));
		this.runner = runner;
		this.campaign = campaign;
		this.ledgerFile = ledgerFile.toAbsolutePath();
		this.mode = mode;
		setUser(true);
		setRule(new LedgerRule(this.ledgerFile));
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		paused = false;
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			lastReport.set(runner.run(campaign, ledger, mode, monitor));
		} catch (CoreException e) {
			return e.getStatus();
		} catch (IOException e) {
			return Status.error(NLS.bind(Messages.Runner_ledgerFailed, e.getMessage()), e);
		}
		if (monitor.isCanceled()) {
			return paused ? Status.info(NLS.bind(Messages.Job_paused, campaign.name())) : Status.CANCEL_STATUS;
		}
		return Status.OK_STATUS;
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
