package com.bitfaster.mail.bounces.ui.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.WorkbenchStarted;

/**
 * Starts the periodic read of the bounce mailbox with the workbench (it does nothing when no interval is set), a little
 * after the workbench has started ({@link WorkbenchStarted}): the bounce service brings Angus Mail and secure storage,
 * which must not delay the window (releng/test-product.sh checks that none of their classes loads before it).
 */
public final class BounceReadStartup implements IStartup {

	/** After the start: the local server and the start page fill in first. */
	private static final long AFTER_WINDOW_MILLIS = 5_000;

	private final AtomicBoolean scheduled = new AtomicBoolean();

	@Override
	public void earlyStartup() {
		IWorkbench workbench = PlatformUI.getWorkbench();
		WorkbenchStarted.whenStarted(workbench.getDisplay(), () -> {
			if (!workbench.isClosing()) {
				scheduleCheck();
			}
		});
	}

	private void scheduleCheck() {
		if (!scheduled.compareAndSet(false, true)) {
			return;
		}
		Job check = Job.create("Checking the bounce mailbox settings", monitor -> { //$NON-NLS-1$
			try {
				var service = MailServices.find(BounceService.class);
				if (service.isPresent() && service.get().mailbox().configured()
						&& service.get().mailbox().intervalMinutes() > 0) {
					BounceReadJob.readNow();
				}
			} catch (CoreException e) {
				ILog.of(BounceReadStartup.class).log(e.getStatus());
			}
			return Status.OK_STATUS;
		});
		check.setSystem(true);
		check.schedule(AFTER_WINDOW_MILLIS);
	}
}
