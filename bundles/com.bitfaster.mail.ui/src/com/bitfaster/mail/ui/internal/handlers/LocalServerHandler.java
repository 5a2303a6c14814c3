package com.bitfaster.mail.ui.internal.handlers;

import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.inbox.InboxView;

/**
 * Starts or stops the local mail server in a job; enabled when the server is installed and in the other state. Open
 * Inbox views are told when it is done.
 */
public abstract class LocalServerHandler extends AbstractHandler {

	/** The family of the start and stop jobs. */
	public static final Object JOB_FAMILY = LocalServerHandler.class;

	private final boolean start;

	LocalServerHandler(boolean start) {
		this.start = start;
	}

	@Override
	public void setEnabled(Object evaluationContext) {
		setBaseEnabled(MailServices.localServer().map(s -> s.isRunning() != start).orElse(false));
	}

	@Override
	public Object execute(ExecutionEvent event) {
		Optional<LocalMailServer> server = MailServices.localServer();
		if (server.isEmpty()) {
			return null;
		}
		Job job = new Job(start ? Messages.LocalServer_startJob : Messages.LocalServer_stopJob) {
			@Override
			protected org.eclipse.core.runtime.IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
				try {
					if (start) {
						server.get().start();
					} else {
						server.get().stop();
					}
					return Status.OK_STATUS;
				} catch (RuntimeException e) {
					String message = NLS.bind(Messages.LocalServer_failed, e.getMessage());
					ILog.of(LocalServerHandler.class).error(message, e);
					return Status.error(message, e);
				} finally {
					Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
					if (display != null && !display.isDisposed()) {
						display.asyncExec(LocalServerHandler::serverStateChanged);
					}
				}
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == JOB_FAMILY;
			}
		};
		job.schedule();
		return null;
	}

	/** Tells the open Inbox views and the command enablement that the server started or stopped. */
	static void serverStateChanged() {
		for (IWorkbenchWindow window : PlatformUI.getWorkbench().getWorkbenchWindows()) {
			for (IWorkbenchPage page : window.getPages()) {
				for (IViewReference reference : page.getViewReferences()) {
					if (InboxView.ID.equals(reference.getId()) && reference.getView(false) instanceof InboxView view) {
						view.refresh();
					}
				}
			}
		}
		org.eclipse.ui.commands.ICommandService commands = PlatformUI.getWorkbench()
				.getService(org.eclipse.ui.commands.ICommandService.class);
		commands.refreshElements(CommandIds.START_LOCAL_SERVER, null);
		commands.refreshElements(CommandIds.STOP_LOCAL_SERVER, null);
	}

	/** Start Local Mail Server. */
	public static class Start extends LocalServerHandler {
		public Start() {
			super(true);
		}
	}

	/** Stop Local Mail Server. */
	public static class Stop extends LocalServerHandler {
		public Stop() {
			super(false);
		}
	}
}
