package com.bitfaster.mail.localserver.ui.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.ui.MailServices;

/**
 * Starts or stops the local mail server in a job; enabled when the server is installed and in the other state. Open
 * Local Mail views are told when it is done.
 */
public abstract class LocalServerHandler extends AbstractHandler {

	/** The family of the start and stop jobs. */
	public static final Object JOB_FAMILY = LocalServerHandler.class;
	public static final String START = "com.bitfaster.mail.localserver.ui.commands.start"; //$NON-NLS-1$
	public static final String STOP = "com.bitfaster.mail.localserver.ui.commands.stop"; //$NON-NLS-1$

	private final boolean start;

	/** The handlers alive, to update their enablement when the server starts or stops (weakly held). */
	private static final Set<LocalServerHandler> LIVE = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	LocalServerHandler(boolean start) {
		this.start = start;
		LIVE.add(this);
	}

	static Optional<LocalMailServer> server() {
		return MailServices.find(LocalMailServer.class);
	}

	@Override
	public void setEnabled(Object evaluationContext) {
		setBaseEnabled(server().map(s -> s.isRunning() != start).orElse(false));
	}

	@Override
	public Object execute(ExecutionEvent event) {
		Optional<LocalMailServer> server = server();
		if (server.isEmpty()) {
			return null;
		}
		Job job = new Job(start ? Messages.Handler_startJob : Messages.Handler_stopJob) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				try {
					if (start) {
						server.get().start();
					} else {
						server.get().stop();
					}
					return Status.OK_STATUS;
				} catch (RuntimeException e) {
					String message = NLS.bind(Messages.Handler_failed, e.getMessage());
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

	/** Tells the open Local Mail views and the command enablement that the server started or stopped. */
	public static void serverStateChanged() {
		if (!PlatformUI.isWorkbenchRunning() || PlatformUI.getWorkbench().isClosing()) {
			return; // queued before the workbench began to close: nothing left to update
		}
		for (IWorkbenchWindow window : PlatformUI.getWorkbench().getWorkbenchWindows()) {
			for (IWorkbenchPage page : window.getPages()) {
				for (IViewReference reference : page.getViewReferences()) {
					if (LocalMailView.ID.equals(reference.getId()) && reference.getView(false) instanceof LocalMailView view) {
						view.refresh();
					}
				}
			}
		}
		List<LocalServerHandler> handlers;
		synchronized (LIVE) {
			handlers = new ArrayList<>(LIVE);
		}
		for (LocalServerHandler handler : handlers) {
			handler.setEnabled(null); // fires a handler change when it differs, so menus and toolbars follow
		}
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		if (commands == null) {
			return; // the workbench is closing: a state change queued before it has nothing left to update
		}
		commands.refreshElements(START, null);
		commands.refreshElements(STOP, null);
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
