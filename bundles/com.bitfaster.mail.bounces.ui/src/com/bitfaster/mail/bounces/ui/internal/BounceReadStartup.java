package com.bitfaster.mail.bounces.ui.internal;

import org.eclipse.ui.IStartup;

/** Starts the periodic read of the bounce mailbox with the workbench (it does nothing when no interval is set). */
public final class BounceReadStartup implements IStartup {

	@Override
	public void earlyStartup() {
		try {
			var service = com.bitfaster.mail.ui.MailServices.find(com.bitfaster.mail.bounces.BounceService.class);
			if (service.isPresent() && service.get().mailbox().configured() && service.get().mailbox().intervalMinutes() > 0) {
				BounceReadJob.readNow();
			}
		} catch (org.eclipse.core.runtime.CoreException e) {
			org.eclipse.core.runtime.ILog.of(getClass()).log(e.getStatus());
		}
	}
}
