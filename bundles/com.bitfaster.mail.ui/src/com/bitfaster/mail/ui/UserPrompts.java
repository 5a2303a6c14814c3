package com.bitfaster.mail.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.widgets.Shell;

/**
 * The questions the workbench's commands ask the user (the campaign UI's too): the {@code UserPrompts} registered as
 * an OSGi service with the highest ranking, when there is one (UI tests register one that answers), else modal
 * dialogs ({@link DialogPrompts}).
 */
public interface UserPrompts {

	boolean confirm(Shell shell, String title, String message);

	/** @return the instant chosen, or empty when cancelled */
	Optional<Instant> askInstant(Shell shell, String title, String message, Instant initial);

	/** @return the file chosen, or empty when cancelled */
	Optional<Path> askFile(Shell shell, boolean save, String suggestedName);

	void inform(Shell shell, String title, String message, List<String> details);

	/** Tells the user that something failed, with the details; by default the same as {@link #inform}. */
	default void warn(Shell shell, String title, String message, List<String> details) {
		inform(shell, title, message, details);
	}

	static UserPrompts current() {
		return MailServices.find(UserPrompts.class).orElseGet(DialogPrompts::new);
	}
}
