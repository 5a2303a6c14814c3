package com.bitfaster.mail.bounces.ui.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.ui.MailServices;

/**
 * Reads the bounce mailbox in the background, then again after the interval of the settings. Its result (counts, or
 * the error) stays in the Progress view; an error is returned as the job's status, which the workbench shows: a
 * failing mailbox is never silent.
 */
public final class BounceReadJob extends Job {

	/** The family of the job, so there is one at a time and tests can wait for it. */
	public static final Object FAMILY = BounceReadJob.class;

	private volatile FetchSummary last;

	public BounceReadJob() {
		super("Reading the bounce mailbox"); //$NON-NLS-1$
		setProperty(IProgressConstants.KEEP_PROPERTY, Boolean.TRUE);
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	/** @return the last read's counts, {@code null} before the first */
	public FetchSummary last() {
		return last;
	}

	/** Schedules a read now, unless one is already waiting or running. */
	public static void readNow() {
		if (Job.getJobManager().find(FAMILY).length == 0) {
			new BounceReadJob().schedule();
		}
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		BounceService service = MailServices.find(BounceService.class).orElse(null);
		if (service == null) {
			return Status.error("The bounce service is not available."); //$NON-NLS-1$
		}
		BounceMailbox mailbox;
		try {
			mailbox = service.mailbox();
			if (!mailbox.configured()) {
				return Status.info("No bounce mailbox is set up."); //$NON-NLS-1$
			}
			FetchSummary s = service.fetch(monitor);
			last = s;
			setName(BouncesMessages.summary(s));
			return Status.info(BouncesMessages.summary(s));
		} catch (OperationCanceledException e) {
			return Status.CANCEL_STATUS;
		} catch (CoreException e) {
			return e.getStatus();
		} finally {
			rescheduleFromSettings(service);
		}
	}

	private void rescheduleFromSettings(BounceService service) {
		try {
			int minutes = service.mailbox().intervalMinutes();
			if (minutes > 0 && Job.getJobManager().find(FAMILY).length <= 1) {
				new BounceReadJob().schedule(minutes * 60_000L);
			}
		} catch (CoreException e) {
			// The settings cannot be read: the error was already returned by this run or will be by the next Read Now.
		}
	}
}
