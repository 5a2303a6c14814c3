package com.bitfaster.mail.ui.internal.form;

import org.eclipse.swt.widgets.Composite;

/** Creates the frame of one group of fields: a forms section in the editor, a group in the property page. */
public interface SectionFactory {

	/** @return the composite to put the fields into */
	Composite createSection(Composite parent, String title, String description);

	/** Gives the fields created in {@code client} the look of the surrounding UI. */
	void adapt(Composite client);
}
