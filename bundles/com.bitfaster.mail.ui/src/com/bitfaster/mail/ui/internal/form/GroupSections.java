package com.bitfaster.mail.ui.internal.form;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;

/** Sections as SWT groups, for dialogs and property pages. */
public final class GroupSections implements SectionFactory {

	@Override
	public Composite createSection(Composite parent, String title, String description) {
		Group group = new Group(parent, SWT.NONE);
		group.setText(title);
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		return group;
	}

	@Override
	public void adapt(Composite client) {
		// Plain SWT widgets already look right in a dialog.
	}
}
