package com.bitfaster.mail.ui.internal.diagnostics;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * Tests the connection to a server (and, with a recipient, sends a test message) in the background, then shows the
 * report in the diagnostics view. Without a connection tester installed, the view says so.
 */
public final class ConnectionTestJob extends Job {

	private final MailServer server;
	private final char[] password;
	private final String recipient;

	/**
	 * @param password  the password to use, {@code null} for the stored one
	 * @param recipient where to send a test message; {@code null} to test the connection only
	 */
	public ConnectionTestJob(MailServer server, char[] password, String recipient) {
		super(NLS.bind(recipient == null ? Messages.Job_testConnection : Messages.Job_sendTestMessage, server.name()));
		this.server = server;
		this.password = password;
		this.recipient = recipient;
		setUser(true);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		Optional<ConnectionTester> tester = MailServices.connectionTester();
		if (tester.isEmpty()) {
			show(null, recipient == null ? Messages.Diagnostics_notInstalled : Messages.Diagnostics_sendNotInstalled);
			return Status.OK_STATUS;
		}
		try {
			DiagnosticReport report = tester.get().test(server, password, recipient, monitor);
			ConnectionTestResults.get().put(server.id(), report);
			show(report, null);
			return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
		} catch (RuntimeException e) {
			// The tester promises not to throw for a failing server: this is a bug, shown and logged by the job.
			return Errors.error(NLS.bind(Messages.Diagnostics_failed, server.name()), e);
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
	}

	private void show(DiagnosticReport report, String message) {
		Display display = PlatformUI.getWorkbench().getDisplay();
		display.asyncExec(() -> {
			IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
			if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
				window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
			}
			IWorkbenchPage page = window == null ? null : window.getActivePage();
			if (page == null) {
				return;
			}
			try {
				DiagnosticsView view = (DiagnosticsView) page.showView(DiagnosticsView.ID, null,
						IWorkbenchPage.VIEW_VISIBLE);
				if (report != null) {
					view.showReport(server, report);
				} else {
					view.showMessage(server, message);
				}
			} catch (PartInitException e) {
				Errors.show(window.getShell(), Messages.Diagnostics_title, e.getMessage(), e);
			}
		});
	}
}
