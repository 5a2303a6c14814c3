package com.bitfaster.mail.ui;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.dialogs.ProgressMonitorDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.preflight.Severity;

/**
 * Runs a pre-flight check with a progress dialog (cancellable), and shows its findings in a dialog: to read them, or
 * to decide whether to send although something blocks.
 */
public final class FindingsDialog extends MessageDialog {

	private final PreflightReport report;

	private FindingsDialog(Shell shell, String title, String message, int kind, PreflightReport report,
			String... buttons) {
		super(shell, title, null, message, kind, 0, buttons);
		this.report = report;
		setShellStyle(getShellStyle() | org.eclipse.swt.SWT.RESIZE);
	}

	@Override
	protected Control createCustomArea(Composite parent) {
		FindingsTable table = new FindingsTable(parent);
		GridDataFactory.fillDefaults().grab(true, true).hint(860, 280).applyTo(table.control());
		table.setFindings(report.findings());
		return table.control();
	}

	/**
	 * Runs the check in the background with a progress dialog.
	 *
	 * @return the report, or empty when cancelled or failed (a failure is shown)
	 */
	public static Optional<PreflightReport> run(Shell shell, Function<IProgressMonitor, PreflightReport> check) {
		PreflightReport[] result = new PreflightReport[1];
		try {
			new ProgressMonitorDialog(shell).run(true, true, monitor -> {
				monitor.beginTask(Messages.Findings_checking, IProgressMonitor.UNKNOWN);
				try {
					result[0] = check.apply(monitor);
				} catch (OperationCanceledException e) {
					throw new InterruptedException();
				} finally {
					monitor.done();
				}
			});
		} catch (InvocationTargetException e) {
			MessageDialog.openError(shell, Messages.Findings_title, String.valueOf(e.getCause().getMessage()));
			return Optional.empty();
		} catch (InterruptedException e) {
			return Optional.empty();
		}
		return Optional.ofNullable(result[0]);
	}

	/** Shows the findings (a check asked for, no decision). */
	public static void show(Shell shell, PreflightReport report) {
		new FindingsDialog(shell, Messages.Findings_title, summary(report),
				report.blocks() ? ERROR : report.count(Severity.WARNS) > 0 ? WARNING : INFORMATION, report,
				IDialogConstants.CLOSE_LABEL).open();
	}

	/**
	 * Asks whether to send although a finding blocks; "Don't Send" is the default.
	 *
	 * @return whether the user chose to send anyway
	 */
	public static boolean askToSendAnyway(Shell shell, PreflightReport report) {
		FindingsDialog dialog = new FindingsDialog(shell, Messages.Findings_blockedTitle,
				NLS.bind(Messages.Findings_blocked, report.count(Severity.BLOCKS)), ERROR, report,
				Messages.Findings_dontSend, Messages.Findings_sendAnyway);
		return dialog.open() == 1;
	}

	/** @return one line: how many block, warn, inform */
	public static String summary(PreflightReport report) {
		return NLS.bind(Messages.Findings_summary, new Object[] { report.count(Severity.BLOCKS),
				report.count(Severity.WARNS), report.count(Severity.INFO) });
	}
}
