package com.bitfaster.mail.localserver.ui.internal;

import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.ui.MailServices;

/**
 * Starts or stops the local mail server in a job; enabled when the server is installed and in the other state,
 * following the server's announcements of its state (whoever started or stopped it).
 */
public abstract class LocalServerHandler extends AbstractHandler {

	/** The family of the start and stop jobs. */
	public static final Object JOB_FAMILY = LocalServerHandler.class;
	public static final String START = "com.bitfaster.mail.localserver.ui.commands.start"; //$NON-NLS-1$
	public static final String STOP = "com.bitfaster.mail.localserver.ui.commands.stop"; //$NON-NLS-1$

	private final boolean start;

	/** The server whose state this handler follows, once it asked for it. */
	private LocalMailServer followed;
	private final Consumer<LocalMailServer.State> onStateChange = state -> {
		Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
		if (display != null && !display.isDisposed()) {
			display.asyncExec(this::followState);
		}
	};

	/**
	 * Updates the enablement, and asks the workbench to evaluate its tool items again: the handler change alone does
	 * not reach a tool item whose enablement the e4 renderer keeps.
	 */
	private void followState() {
		setEnabled(null);
		if (PlatformUI.isWorkbenchRunning() && !PlatformUI.getWorkbench().isClosing()) {
			IEventBroker events = PlatformUI.getWorkbench().getService(IEventBroker.class);
			if (events != null) {
				// Sent, not posted: this runs on the UI thread, and a posted event could reach the renderer after the
				// display is disposed (the server stops as the workbench closes).
				events.send(UIEvents.REQUEST_ENABLEMENT_UPDATE_TOPIC, UIEvents.ALL_ELEMENT_ID);
			}
		}
	}

	LocalServerHandler(boolean start) {
		this.start = start;
	}

	static Optional<LocalMailServer> server() {
		return MailServices.find(LocalMailServer.class);
	}

	@Override
	public void setEnabled(Object evaluationContext) {
		Optional<LocalMailServer> server = server();
		follow(server.orElse(null));
		setBaseEnabled(server.map(s -> s.isRunning() != start).orElse(false));
	}

	private synchronized void follow(LocalMailServer server) {
		if (server != followed) {
			if (followed != null) {
				followed.removeStateListener(onStateChange);
			}
			if (server != null) {
				server.addStateListener(onStateChange);
			}
			followed = server;
		}
	}

	@Override
	public void dispose() {
		follow(null);
		super.dispose();
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
