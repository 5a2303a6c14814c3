package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.forms.editor.IFormPage;
import org.eclipse.ui.forms.widgets.ScrolledForm;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.tests.support.ui.Widgets;

/**
 * A page (tab) of the campaign editor as a user sees it: its controls found in the form by the data key the campaign
 * pages put on them (their identity for UI automation), its problems in the form heading. The pages have no accessors
 * of their own for tests.
 */
abstract class CampaignEditorTab {

	/** The data key the campaign UI names its controls with. */
	static final String FIELD_KEY = "com.bitfaster.mail.campaign.ui.field"; //$NON-NLS-1$

	private final CampaignEditor editor;
	private final String id;

	/** Brings the tab {@code id} to the front, as a click on it does. */
	CampaignEditorTab(CampaignEditor editor, String id) {
		this.editor = editor;
		this.id = id;
		editor.setActivePage(id);
		flush();
	}

	/** @return the control of a field, such as {@code "SUBJECT"}, or of a line, such as {@code "status"} */
	<T extends Control> T field(String key) {
		return Widgets.field(form().getBody(), FIELD_KEY, key);
	}

	/** @return the text of the label named {@code key} */
	String label(String key) {
		return this.<Label> field(key).getText();
	}

	/** @return the message in the form heading, as shown */
	String headingMessage() {
		return form().getMessage();
	}

	private ScrolledForm form() {
		IFormPage page = editor.findPage(id);
		if (page == null || page.getManagedForm() == null) {
			throw new AssertionError("the editor has no page " + id); //$NON-NLS-1$
		}
		return page.getManagedForm().getForm();
	}
}
