package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import com.bitfaster.mail.ui.MailServices;

/**
 * Asks for a file: the {@code FileChooser} registered as an OSGi service with the highest ranking, when there is one,
 * else a file dialog.
 */
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
		return MailServices.find(FileChooser.class).orElse(DIALOG);
	}
}
