package com.bitfaster.mail.app.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.handlers.IHandlerService;

import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.ui.WorkbenchStarted;

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
	 * queued by then (the window's first paint among them) are handled; the server starts in a job.
	 */
	static void schedule(IWorkbench workbench) {
		workbench.getDisplay().asyncExec(() -> Work.run(workbench)); // a static call: the JVM loads Work only now
	}

	static final class Work {

		/** The local server's Start command (localserver.ui): it starts the server in a job and tells the Local Mail view and menus. */
		private static final String START_LOCAL_SERVER = "com.bitfaster.mail.localserver.ui.commands.start"; //$NON-NLS-1$

		private Work() {
		}

		static void run(IWorkbench workbench) {
			if (workbench.isClosing()) {
				return;
			}
			Display display = workbench.getDisplay();
			DeferredBundles.start(() -> {
				if (!display.isDisposed()) {
					display.asyncExec(() -> started(workbench));
				}
			});
		}

		private static void started(IWorkbench workbench) {
			if (workbench.isClosing()) {
				return;
			}
			// Views and jobs waiting for the window (the Local Mail view, the bounce reader) go on from here.
			WorkbenchStarted.markStarted();
			if (!LocalServerPreferences.autoStart()) {
				return;
			}
			try {
				workbench.getService(IHandlerService.class).executeCommand(START_LOCAL_SERVER, null);
			} catch (Exception e) { // not defined, not enabled (already running), not handled, failed
				ILog.of(AfterWindow.class).warn(NLS.bind(Messages.startLocalServerFailed, e.getMessage()), e);
			}
		}
	}
}
