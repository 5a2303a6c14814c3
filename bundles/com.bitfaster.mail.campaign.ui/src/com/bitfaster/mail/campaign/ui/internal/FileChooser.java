package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

/** Asks for a file: a file dialog, or a test's answer. */
public interface FileChooser {

	/**
	 * @param save          whether the file is to be written (a save dialog, which confirms overwriting)
	 * @param extensions    filter patterns, for example {@code *.campaign.json}
	 * @param suggestedName the file name offered, or {@code null}
	 */
	Optional<Path> choose(Shell shell, boolean save, String[] extensions, String suggestedName);

	/** The file dialog. */
	FileChooser DIALOG = (shell, save, extensions, suggestedName) -> {
		FileDialog dialog = new FileDialog(shell, save ? SWT.SAVE : SWT.OPEN);
		dialog.setFilterExtensions(extensions);
		dialog.setOverwrite(save);
		if (suggestedName != null) {
			dialog.setFileName(suggestedName);
		}
		return Optional.ofNullable(dialog.open()).map(Path::of);
	};

	static FileChooser current() {
		return Holder.current;
	}

	/** Replaces the dialog, for tests; {@code null} restores it. */
	static void set(FileChooser chooser) {
		Holder.current = chooser == null ? DIALOG : chooser;
	}

	/** Where the current chooser is kept. */
	final class Holder {
		private static volatile FileChooser current = DIALOG;

		private Holder() {
		}
	}
}
