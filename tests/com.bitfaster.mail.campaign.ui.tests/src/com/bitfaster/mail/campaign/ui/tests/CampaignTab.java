package com.bitfaster.mail.campaign.ui.tests;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.tests.support.ui.Widgets;

/** The editor's Campaign tab: name, From, throttles, the server pool with its check boxes, the sending status. */
final class CampaignTab extends CampaignEditorTab {

	private CampaignTab(CampaignEditor editor) {
		super(editor, "campaign"); //$NON-NLS-1$
	}

	static CampaignTab show(CampaignEditor editor) {
		return new CampaignTab(editor);
	}

	/** Types the throttles into their spinners. */
	void setThrottle(int messagesPerHour, int batchSize) {
		type(field("perHour"), messagesPerHour); //$NON-NLS-1$
		type(field("batchSize"), batchSize); //$NON-NLS-1$
	}

	private static void type(Spinner spinner, int value) {
		spinner.setSelection(value);
		spinner.notifyListeners(SWT.Modify, new Event());
	}

	/** @return the rows of the server pool, as shown: "[x] " or "[ ] " (checked or not), then the row's text */
	List<String> serverRows() {
		return Arrays.stream(servers().getItems()).map(item -> (item.getChecked() ? "[x] " : "[ ] ") + item.getText()) //$NON-NLS-1$ //$NON-NLS-2$
				.toList();
	}

	/** Checks or unchecks the server's box in the pool; its row is the one that starts with its name. */
	void choose(MailServer server, boolean chosen) {
		TableItem row = Arrays.stream(servers().getItems()).filter(item -> item.getText().startsWith(server.name() + " \u2014 ")) //$NON-NLS-1$
				.findFirst().orElseThrow(() -> new AssertionError("no row for " + server.name() + " in " + serverRows())); //$NON-NLS-1$ //$NON-NLS-2$
		Widgets.check(row, chosen);
	}

	/** @return the sending status line */
	String status() {
		return label("status"); //$NON-NLS-1$
	}

	private Table servers() {
		return field("servers"); //$NON-NLS-1$
	}
}
