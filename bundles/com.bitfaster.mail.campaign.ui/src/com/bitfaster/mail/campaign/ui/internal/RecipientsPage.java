package com.bitfaster.mail.campaign.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.campaign.ListProblem;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.campaign.RecipientListSummary;

/** The recipient list: which CSV file, and what a check of it found (rows, valid, duplicates, invalid rows). */
class RecipientsPage extends CampaignFormPage {

	/** One row of the problem table. */
	private record Row(long line, String kind, String message) {
	}

	private Text list;
	private Label summary;
	private TableViewer problems;

	RecipientsPage(CampaignEditor editor, CampaignModel model) {
		super(editor, "recipients", Messages.Page_recipients, model); //$NON-NLS-1$
	}

	@Override
	protected void createContent(Composite body) {
		body.setLayout(new GridLayout(1, false));
		Section section = section(body, Messages.Section_list, Messages.Section_list_description);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(section);
		Composite c = (Composite) section.getClient();
		((GridLayout) c.getLayout()).numColumns = 3;
		list = text(c, Messages.Field_list, CampaignModel.Field.LIST, SWT.SINGLE, 0);
		Button browse = toolkit.createButton(c, Messages.Field_browse, SWT.PUSH);
		browse.addListener(SWT.Selection, e -> FileChooser.current()
				.choose(getSite().getShell(), false, new String[] { "*.csv", "*.*" }, null) //$NON-NLS-1$ //$NON-NLS-2$
				.ifPresent(p -> list.setText(p.toString())));
		summary = toolkit.createLabel(c, "", SWT.WRAP); //$NON-NLS-1$
		summary.setData(FIELD_KEY, "summary"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(300, SWT.DEFAULT).applyTo(summary);
		problems = new TableViewer(c, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		problems.getTable().setHeaderVisible(true);
		problems.getTable().setLinesVisible(true);
		problems.getTable().setData(FIELD_KEY, "problems"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(300, 160).applyTo(problems.getControl());
		problems.setContentProvider(ArrayContentProvider.getInstance());
		column(Messages.Column_line, 60, r -> Long.toString(r.line()));
		column(Messages.Column_kind, 110, Row::kind);
		column(Messages.Column_problem, 420, Row::message);
	}

	private void column(String title, int width, java.util.function.Function<Row, String> text) {
		TableViewerColumn column = new TableViewerColumn(problems, SWT.LEFT);
		column.getColumn().setText(title);
		column.getColumn().setWidth(width);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((Row) element);
			}
		});
	}

	@Override
	protected void refresh() {
		if (summary == null || summary.isDisposed()) {
			return;
		}
		CampaignModel.ListCheck check = model.check();
		List<Row> rows = new ArrayList<>();
		String listProblem = model.problems().get(CampaignModel.Field.LIST);
		if (check == null && model.listPath().isEmpty()) {
			summary.setText(Messages.Recipients_none);
		} else if (check == null && model.checkJob() == null && listProblem != null) {
			summary.setText(listProblem); // not a file that can be checked: no check is coming
		} else if (check == null) {
			summary.setText(Messages.Recipients_notChecked);
		} else if (check.summary() == null) {
			summary.setText(check.error());
		} else {
			RecipientListSummary s = check.summary();
			summary.setText(NLS.bind(Messages.Recipients_summary, new Object[] { check.rows(), s.recipients(),
					s.duplicateRows(), s.invalidRows(), s.addressColumn(), String.join(", ", s.fieldNames()) }) //$NON-NLS-1$
					+ (s.invalidRows() > s.invalid().size() || s.duplicateRows() > s.duplicates().size()
							? NLS.bind(Messages.Recipients_problemsKept, String.format("%,d", RecipientList.PROBLEMS_KEPT)) //$NON-NLS-1$
							: "")); //$NON-NLS-1$
			for (ListProblem p : s.invalid()) {
				rows.add(new Row(p.line(), Messages.Recipients_invalid, p.message()));
			}
			for (ListProblem p : s.duplicates()) {
				rows.add(new Row(p.line(), Messages.Recipients_duplicate, p.message()));
			}
			rows.sort(java.util.Comparator.comparingLong(Row::line));
		}
		problems.setInput(rows);
		summary.getParent().layout();
	}
}
