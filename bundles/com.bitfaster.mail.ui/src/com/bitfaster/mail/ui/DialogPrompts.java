package com.bitfaster.mail.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DateTime;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/** {@link UserPrompts} as modal dialogs. */
final class DialogPrompts implements UserPrompts {

	@Override
	public boolean confirm(Shell shell, String title, String message) {
		return MessageDialog.openQuestion(shell, title, message);
	}

	@Override
	public Optional<Instant> askInstant(Shell shell, String title, String message, Instant initial) {
		InstantDialog dialog = new InstantDialog(shell, title, message, initial);
		return dialog.open() == Dialog.OK ? Optional.of(dialog.value) : Optional.empty();
	}

	@Override
	public Optional<Path> askFile(Shell shell, boolean save, String suggestedName) {
		FileDialog dialog = new FileDialog(shell, save ? SWT.SAVE : SWT.OPEN);
		dialog.setFilterExtensions(new String[] { "*.json", "*" }); //$NON-NLS-1$ //$NON-NLS-2$
		dialog.setFileName(suggestedName);
		dialog.setOverwrite(save);
		String chosen = dialog.open();
		return Optional.ofNullable(chosen).map(Path::of);
	}

	@Override
	public void inform(Shell shell, String title, String message, List<String> details) {
		String text = details.isEmpty() ? message : message + "\n\n" + String.join("\n", details); //$NON-NLS-1$ //$NON-NLS-2$
		MessageDialog.openInformation(shell, title, text);
	}

	@Override
	public void warn(Shell shell, String title, String message, List<String> details) {
		String text = details.isEmpty() ? message : message + "\n\n" + String.join("\n", details); //$NON-NLS-1$ //$NON-NLS-2$
		MessageDialog.openError(shell, title, text);
	}

	/** Asks for a date and a time in the local time zone. */
	private static final class InstantDialog extends Dialog {
		private final String title;
		private final String message;
		private final LocalDateTime initial;
		private DateTime date;
		private DateTime time;
		Instant value;

		InstantDialog(Shell shell, String title, String message, Instant initial) {
			super(shell);
			this.title = title;
			this.message = message;
			this.initial = LocalDateTime.ofInstant(initial, ZoneId.systemDefault());
		}

		@Override
		protected void configureShell(Shell shell) {
			super.configureShell(shell);
			shell.setText(title);
		}

		@Override
		protected Control createDialogArea(Composite parent) {
			Composite area = (Composite) super.createDialogArea(parent);
			area.setLayout(new GridLayout(2, false));
			Label label = new Label(area, SWT.WRAP);
			label.setText(message);
			label.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
			date = new DateTime(area, SWT.DATE | SWT.DROP_DOWN | SWT.BORDER);
			date.setDate(initial.getYear(), initial.getMonthValue() - 1, initial.getDayOfMonth());
			time = new DateTime(area, SWT.TIME | SWT.SHORT | SWT.BORDER);
			time.setTime(initial.getHour(), initial.getMinute(), 0);
			return area;
		}

		@Override
		protected void okPressed() {
			value = LocalDateTime.of(date.getYear(), date.getMonth() + 1, date.getDay(), time.getHours(), time.getMinutes())
					.atZone(ZoneId.systemDefault()).toInstant();
			super.okPressed();
		}
	}
}
