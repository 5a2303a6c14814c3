package com.bitfaster.mail.ui.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Shell;

/** Reports a failure to the user as a readable dialog and logs it with its cause. */
public final class Errors {

	private static final String BUNDLE = "com.bitfaster.mail.ui"; //$NON-NLS-1$

	private Errors() {
	}

	public static IStatus error(String message, Throwable cause) {
		return Status.error(message, cause);
	}

	/** Logs the failure and shows it; {@code shell} may be {@code null}. */
	public static void show(Shell shell, String title, String message, Throwable cause) {
		IStatus status = new Status(IStatus.ERROR, BUNDLE, message, cause);
		ILog.of(Errors.class).log(status);
		if (shell != null && !shell.isDisposed()) {
			String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
			ErrorDialog.openError(shell, title, message,
					new Status(IStatus.ERROR, BUNDLE, detail, cause));
		}
	}
}
