package com.bitfaster.mail.campaign.ui.tests;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.widgets.Table;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;

/** The editor's Recipients tab: the list field, the check's summary and its table of problem rows. */
final class RecipientsTab extends CampaignEditorTab {

	/** A row of the problem table, as shown. */
	record Row(long line, String kind, String message) {
	}

	private RecipientsTab(CampaignEditor editor) {
		super(editor, "recipients"); //$NON-NLS-1$
	}

	static RecipientsTab show(CampaignEditor editor) {
		return new RecipientsTab(editor);
	}

	/** @return the line that says what the check of the list found */
	String summary() {
		return label("summary"); //$NON-NLS-1$
	}

	/** @return the problem rows, top to bottom */
	List<Row> problemRows() {
		Table table = field("problems"); //$NON-NLS-1$
		return Arrays.stream(table.getItems())
				.map(item -> new Row(Long.parseLong(item.getText(0)), item.getText(1), item.getText(2))).toList();
	}
}
