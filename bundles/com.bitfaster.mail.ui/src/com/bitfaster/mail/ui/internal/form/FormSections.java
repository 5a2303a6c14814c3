package com.bitfaster.mail.ui.internal.form;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.Section;

/** Sections of a forms editor, drawn with its toolkit. */
public final class FormSections implements SectionFactory {

	private final FormToolkit toolkit;

	public FormSections(FormToolkit toolkit) {
		this.toolkit = toolkit;
	}

	@Override
	public Composite createSection(Composite parent, String title, String description) {
		Section section = toolkit.createSection(parent,
				ExpandableComposite.TITLE_BAR | Section.DESCRIPTION | ExpandableComposite.EXPANDED);
		section.setText(title);
		section.setDescription(description);
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, false);
		// Wrapped descriptions would otherwise ask for their one-line width and push the form off screen.
		data.widthHint = 240;
		section.setLayoutData(data);
		Composite client = toolkit.createComposite(section);
		section.setClient(client);
		return client;
	}

	@Override
	public void adapt(Composite client) {
		toolkit.adapt(client);
		for (Control child : client.getChildren()) {
			if (child.getClass() == Composite.class) {
				adapt((Composite) child);
			} else {
				toolkit.adapt(child, true, false);
			}
		}
		toolkit.paintBordersFor(client);
	}
}
