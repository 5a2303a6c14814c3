package com.bitfaster.mail.campaign.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.tests.support.ui.Widgets;

/** The editor's Check tab: Check Now, the summary line and the findings table as shown. */
final class CheckTab extends CampaignEditorTab {

	/** A row of the findings table as shown: severity, finding, fix, where. */
	record Row(String severity, String finding, String fix, String where, boolean hasIcon) {
	}

	private CheckTab(CampaignEditor editor) {
		super(editor, "check"); //$NON-NLS-1$
	}

	static CheckTab show(CampaignEditor editor) {
		return new CheckTab(editor);
	}

	/** Clicks Check Now (the check runs under a progress dialog and returns when done). */
	void checkNow() {
		Widgets.press(this.<Button> field("checkNow")); //$NON-NLS-1$
	}

	String summary() {
		return label("checkSummary"); //$NON-NLS-1$
	}

	/** @return the selected finding in full, below the table */
	String detail() {
		return Widgets.<org.eclipse.swt.widgets.Text> field(this.<org.eclipse.swt.widgets.Label> field("checkSummary").getParent(), //$NON-NLS-1$
				"com.bitfaster.mail.ui.findings", "detail").getText(); //$NON-NLS-1$ //$NON-NLS-2$
	}

	List<Row> rows() {
		Table table = Widgets.field(this.<org.eclipse.swt.widgets.Label> field("checkSummary").getParent(), //$NON-NLS-1$
				"com.bitfaster.mail.ui.findings", "findings"); //$NON-NLS-1$ //$NON-NLS-2$
		List<Row> rows = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			rows.add(new Row(item.getText(0), item.getText(1), item.getText(2), item.getText(3), item.getImage(0) != null));
		}
		return rows;
	}
}
