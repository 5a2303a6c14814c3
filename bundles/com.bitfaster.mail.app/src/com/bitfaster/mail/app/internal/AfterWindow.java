package com.bitfaster.mail.app.internal;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.ui.MailServices;

/**
 * What the workbench starts once its window is shown, so that none of it delays the window: the local mail server
 * (GreenMail, Angus Mail, the server registry). The start-up check of releng/test-product.sh takes the loading of
 * {@link AfterWindow.Work} as the moment the window was up: keep it loaded by nothing else.
 */
final class AfterWindow {

	private AfterWindow() {
	}

	/**
	 * Called from {@code postStartup}, when the window is open: the work is started from the event loop, once the events
	 * queued by then (the window's first paint among them) are handled, and runs in the background.
	 */
	static void schedule(IWorkbench workbench) {
		workbench.getDisplay().asyncExec(() -> Work.create().schedule()); // a static call: the JVM loads Work only now
	}

	static final class Work {

		private Work() {
		}

		static Job create() {
			return Job.create(Messages.startLocalServer, monitor -> {
				// Not when the user quit at once: the services are going away.
				if (LocalServerPreferences.autoStart() && PlatformUI.isWorkbenchRunning()
						&& !PlatformUI.getWorkbench().isClosing()) {
					MailServices.localServer().ifPresent(LocalMailServer::start);
				}
			});
		}
	}
}
