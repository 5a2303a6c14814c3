package com.bitfaster.mail.campaign.ui.tests;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.campaign.ui.internal.CampaignReportView;
import com.bitfaster.mail.tests.support.ui.Widgets;

/**
 * The Campaign Report view as shown: the counts line (found by its data key), the outcome choice, the search field and
 * the table (found by type), the buttons (by label). The view reads its rows in the background, again when a filter
 * changes, so a test waits until the table shows what it expects. The view has no accessors of its own for tests.
 */
final class CampaignReportPage {

	private final Composite root;

	CampaignReportPage(CampaignReportView view) {
		this.root = Widgets.partControl(view);
	}

	/** @return the line with the counts by outcome, "" before a report was read */
	String counts() {
		return Widgets.<Label> field(root, CampaignEditorTab.FIELD_KEY, "counts").getText(); //$NON-NLS-1$
	}

	/** @return how many recipients the counts line says were accepted, or -1 while it says no such count */
	long accepted() {
		Matcher m = Pattern.compile("([\\d,.\\u00a0\\u202f']+) accepted").matcher(counts()); //$NON-NLS-1$
		return m.find() ? Long.parseLong(m.group(1).replaceAll("\\D", "")) : -1; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return the addresses of the rows shown, top to bottom */
	List<String> addresses() {
		return Arrays.stream(Widgets.only(root, Table.class).getItems()).map(item -> item.getText(0)).toList();
	}

	/** Types {@code text} into the search field. */
	void filterByText(String text) {
		Widgets.only(root, Text.class).setText(text);
	}

	/** Chooses an outcome, such as "Accepted" or "All outcomes", to show only its rows. */
	void filterByOutcome(String outcome) {
		Widgets.select(Widgets.only(root, Combo.class), outcome);
	}

	/** @return whether Resend Unknown... can be pressed */
	boolean canResendUnknown() {
		return Widgets.button(root, "Resend Unknown...").isEnabled(); //$NON-NLS-1$
	}

	/** Presses Resend Unknown... (the confirmation is asked for through the {@code UserPrompts} service). */
	void resendUnknown() {
		Widgets.press(Widgets.button(root, "Resend Unknown...")); //$NON-NLS-1$
	}

	/** Presses Export CSV... (the file is asked for through the {@code FileChooser} service). */
	void exportCsv() {
		Widgets.press(Widgets.button(root, "Export CSV...")); //$NON-NLS-1$
	}
}
