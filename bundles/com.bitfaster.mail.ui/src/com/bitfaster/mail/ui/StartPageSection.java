package com.bitfaster.mail.ui;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.ui.IWorkbenchPage;

/**
 * A section of the start page contributed by another plug-in through the
 * {@code com.bitfaster.mail.ui.startPageSections} extension point (the last campaigns, the local server's newest
 * mail), so that the {@code ui} bundle depends on none of them. The start page creates the class after its window
 * has shown and calls {@link #entries} on a background job; each entry becomes a link.
 *
 * @since 1.1
 */
public interface StartPageSection {

	/**
	 * Reads what the section lists now, newest first. Called on a background thread, never on the UI thread.
	 *
	 * @param max how many entries are shown at most
	 * @return the entries; empty when there is nothing to show (the section then shows its {@code empty} text)
	 * @throws Exception when they cannot be read; the section shows the message
	 */
	List<Entry> entries(int max, IProgressMonitor monitor) throws Exception;

	/**
	 * One line of a section: a link, and what it opens.
	 *
	 * @param text   the link's text
	 * @param detail shown after the link (counts, a date); may be empty
	 * @param open   what the link does, on the UI thread, with the page the start page is in
	 */
	record Entry(String text, String detail, Consumer<IWorkbenchPage> open) {

		public Entry {
			detail = detail == null ? "" : detail; //$NON-NLS-1$
		}
	}
}
