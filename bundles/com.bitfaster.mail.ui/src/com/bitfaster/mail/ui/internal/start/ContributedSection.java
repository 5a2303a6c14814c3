package com.bitfaster.mail.ui.internal.start;

import java.util.Comparator;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Composite;

import com.bitfaster.mail.ui.StartPageSection;

/** A start page section from the {@code startPageSections} extension point: its place, then its entries once read. */
final class ContributedSection {

	static final String POINT = "com.bitfaster.mail.ui.startPageSections"; //$NON-NLS-1$
	private static final int MAX_ENTRIES = 5;

	final String id;
	final Composite client;
	private final IConfigurationElement element;
	volatile List<StartPageSection.Entry> entries = List.of();
	volatile String problem;
	/** Whether the entries have been shown; UI thread only. */
	boolean shown;

	ContributedSection(IConfigurationElement element, Composite client) {
		this.element = element;
		this.id = element.getAttribute("id"); //$NON-NLS-1$
		this.client = client;
	}

	/** @return the contributions, by their order then id (reading them loads no class) */
	static List<IConfigurationElement> elements() {
		return List.of(Platform.getExtensionRegistry().getConfigurationElementsFor(POINT)).stream()
				.filter(e -> "section".equals(e.getName()) && e.getAttribute("id") != null) //$NON-NLS-1$ //$NON-NLS-2$
				.sorted(Comparator.comparingInt(ContributedSection::order).thenComparing(e -> e.getAttribute("id"))) //$NON-NLS-1$
				.toList();
	}

	private static int order(IConfigurationElement e) {
		try {
			return Integer.parseInt(e.getAttribute("order")); //$NON-NLS-1$
		} catch (NumberFormatException | NullPointerException ex) {
			return 100;
		}
	}

	String emptyText() {
		String empty = element.isValid() ? element.getAttribute("empty") : null; //$NON-NLS-1$
		return empty == null ? "" : empty; //$NON-NLS-1$
	}

	/** Creates the contributed class and reads its entries; a failure becomes the section's one line. */
	void load(IProgressMonitor monitor) {
		try {
			StartPageSection section = (StartPageSection) element.createExecutableExtension("class"); //$NON-NLS-1$
			entries = List.copyOf(section.entries(MAX_ENTRIES, monitor));
			problem = null;
		} catch (CoreException | RuntimeException e) {
			ILog.of(ContributedSection.class).error("Start page section " + id + " failed", e); //$NON-NLS-1$ //$NON-NLS-2$
			problem = e.getMessage();
		} catch (Exception e) {
			problem = e.getMessage() == null ? e.toString() : e.getMessage();
		}
	}
}
