package com.bitfaster.mail.campaign.ui.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.ui.FindingsDialog;
import com.bitfaster.mail.ui.FindingsTable;

/**
 * The pre-flight check of the campaign: what would make it be refused or land in spam, each finding with its
 * severity, sentence, fix and where it was found. Check Now runs it; Run runs it too before sending.
 */
class CheckPage extends CampaignFormPage {

	static final String ID = "check"; //$NON-NLS-1$

	private Label summary;
	private FindingsTable table;
	private PreflightReport shown;

	CheckPage(CampaignEditor editor, CampaignModel model) {
		super(editor, ID, Messages.Page_check, model);
	}

	@Override
	protected void createContent(Composite body) {
		body.setLayout(new GridLayout(1, false));
		Section section = section(body, Messages.Section_check, Messages.Section_check_description);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(section);
		Composite c = (Composite) section.getClient();
		c.setLayout(new GridLayout(2, false));
		Button check = toolkit.createButton(c, Messages.Action_check, SWT.PUSH);
		check.setData(FIELD_KEY, "checkNow"); //$NON-NLS-1$
		check.addListener(SWT.Selection, e -> getEditor().check());
		summary = toolkit.createLabel(c, Messages.Check_notYet, SWT.WRAP);
		summary.setData(FIELD_KEY, "checkSummary"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).indent(8, 0).applyTo(summary);
		table = new FindingsTable(c);
		toolkit.adapt(table.viewer().getTable());
		GridDataFactory.fillDefaults().grab(true, true).span(2, 1).hint(600, 320).applyTo(table.control());
		if (shown != null) {
			show(shown);
		}
	}

	/** Shows a check's findings (also before the page's controls exist: then when they are made). */
	void show(PreflightReport report) {
		shown = report;
		if (summary == null || summary.isDisposed()) {
			return;
		}
		summary.setText(NLS.bind(Messages.Check_summary, new Object[] { FindingsDialog.summary(report),
				String.format("%,d", report.recipients()), //$NON-NLS-1$
				String.format("%.1f", report.elapsed().toMillis() / 1000.0), //$NON-NLS-1$
				DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM).format(ZonedDateTime.now(ZoneId.systemDefault())) }));
		table.setFindings(report.findings());
		summary.getParent().layout(true, true);
	}

	/** @return the findings shown; {@code null} before the first check */
	PreflightReport shown() {
		return shown;
	}

	FindingsTable table() {
		return table;
	}
}
