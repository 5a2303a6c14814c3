package com.bitfaster.mail.campaign.ui.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.UserPrompts;

/**
 * The organisation's suppression list: every address no campaign or compose sends to, with reason, date and source;
 * a filter, Add (the address typed next to it, reason MANUAL), Remove after confirmation, Import and Export of CSV.
 * Problems (a damaged list, a bad address) show in the status line above the table, at the field they concern.
 */
public final class SuppressionView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.campaign.ui.suppression"; //$NON-NLS-1$

	private Text filter;
	private Text address;
	private Label status;
	private TableViewer table;
	private Button remove;

	@Override
	public void createPartControl(Composite parent) {
		GridLayoutFactory.swtDefaults().numColumns(1).applyTo(parent);
		Composite bar = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(8).applyTo(bar);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		new Label(bar, SWT.NONE).setText(Messages.Suppression_filter);
		filter = new Text(bar, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
		filter.setMessage(Messages.Suppression_filterHint);
		GridDataFactory.fillDefaults().grab(true, false).hint(180, SWT.DEFAULT).applyTo(filter);
		filter.addModifyListener(e -> table.refresh());
		address = new Text(bar, SWT.BORDER);
		address.setMessage(Messages.Suppression_addressHint);
		GridDataFactory.fillDefaults().hint(220, SWT.DEFAULT).applyTo(address);
		Button add = button(bar, Messages.Suppression_add);
		add.addListener(SWT.Selection, e -> add());
		address.addListener(SWT.DefaultSelection, e -> add());
		remove = button(bar, Messages.Suppression_remove);
		remove.setEnabled(false);
		remove.addListener(SWT.Selection, e -> remove());
		button(bar, Messages.Suppression_import).addListener(SWT.Selection, e -> importCsv());
		button(bar, Messages.Suppression_export).addListener(SWT.Selection, e -> exportCsv());
		button(bar, Messages.Suppression_refresh).addListener(SWT.Selection, e -> reload());

		status = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(status);

		table = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(table.getControl());
		column(Messages.Suppression_columnAddress, 260, SuppressionEntry::address);
		column(Messages.Suppression_columnReason, 120, e -> e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
		column(Messages.Suppression_columnDate, 170,
				e -> e.date().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
		column(Messages.Suppression_columnSource, 260, SuppressionEntry::source);
		table.setContentProvider(ArrayContentProvider.getInstance());
		table.addFilter(new ViewerFilter() {
			@Override
			public boolean select(Viewer viewer, Object parentElement, Object element) {
				String f = filter.getText().strip().toLowerCase(Locale.ROOT);
				SuppressionEntry e = (SuppressionEntry) element;
				return f.isEmpty() || e.address().contains(f) || e.source().toLowerCase(Locale.ROOT).contains(f)
						|| e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ').contains(f);
			}
		});
		table.addSelectionChangedListener(e -> remove.setEnabled(!e.getStructuredSelection().isEmpty()));
		reload();
	}

	private static Button button(Composite parent, String text) {
		Button b = new Button(parent, SWT.PUSH);
		b.setText(text);
		return b;
	}

	private void column(String title, int width, java.util.function.Function<SuppressionEntry, String> text) {
		TableViewerColumn c = new TableViewerColumn(table, SWT.NONE);
		c.getColumn().setText(title);
		c.getColumn().setWidth(width);
		c.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((SuppressionEntry) element);
			}
		});
	}

	private SuppressionList list() throws CoreException {
		return MailServices.find(SuppressionList.class).orElseThrow(() -> new CoreException(
				org.eclipse.core.runtime.Status.error(NLS.bind(Messages.Services_missing, "SuppressionList")))); //$NON-NLS-1$
	}

	/** Reads the list again (another program may have changed it). */
	public void reload() {
		try {
			List<SuppressionEntry> entries = list().list();
			table.setInput(entries);
			show(NLS.bind(Messages.Suppression_count, entries.size()), false);
		} catch (CoreException e) {
			table.setInput(List.of());
			show(e.getMessage(), true);
		}
		remove.setEnabled(false);
	}

	private void show(String text, boolean problem) {
		status.setText(text);
		status.setForeground(problem ? status.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
		status.getParent().layout(true, true);
	}

	private void add() {
		addAddress(address.getText());
	}

	/** Suppresses {@code text} (reason MANUAL), as Add does with the address typed; a problem shows in the status. */
	public void addAddress(String text) {
		String a = text.strip();
		if (a.isEmpty()) {
			return;
		}
		try {
			boolean added = list().add(a, SuppressionEntry.Reason.MANUAL, "workbench " + System.getProperty("user.name", "")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			reload();
			address.setText(""); //$NON-NLS-1$
			show(NLS.bind(added ? Messages.Suppression_added : Messages.Suppression_already, a), false);
		} catch (CoreException e) {
			show(e.getMessage(), true);
			address.setFocus();
		}
	}

	/** Filters the rows, as typing in the filter field does. */
	public void setFilter(String text) {
		filter.setText(text);
		table.refresh();
	}

	/** Selects the row of {@code address}, if shown. */
	public void select(String address) {
		Object[] input = ((List<?>) table.getInput()).stream()
				.filter(o -> ((SuppressionEntry) o).address().equals(address)).toArray();
		table.setSelection(new org.eclipse.jface.viewers.StructuredSelection(input), true);
		remove.setEnabled(input.length > 0);
	}

	/** Removes the selected addresses once the user confirmed it. */
	public void removeSelected() {
		remove();
	}

	private void remove() {
		IStructuredSelection selection = table.getStructuredSelection();
		if (selection.isEmpty()) {
			return;
		}
		List<String> addresses = selection.toList().stream().map(o -> ((SuppressionEntry) o).address()).toList();
		if (!UserPrompts.current().confirm(getSite().getShell(), Messages.Suppression_removeTitle,
				NLS.bind(Messages.Suppression_removeQuestion, addresses.size(), String.join(", ", addresses)))) { //$NON-NLS-1$
			return;
		}
		try {
			SuppressionList l = list();
			for (String a : addresses) {
				l.remove(a);
			}
			reload();
			show(NLS.bind(Messages.Suppression_removed, addresses.size()), false);
		} catch (CoreException e) {
			show(e.getMessage(), true);
		}
	}

	/** Asks for a CSV file and imports its addresses. */
	public void importCsv() {
		UserPrompts.current().askFile(getSite().getShell(), false, null).ifPresent(p -> {
			try {
				SuppressionList.ImportSummary s = list().importCsv(p);
				reload();
				show(NLS.bind(Messages.Suppression_imported, new Object[] { s.added(), s.already(), s.invalid().size() }),
						!s.invalid().isEmpty());
				if (!s.invalid().isEmpty()) {
					UserPrompts.current().warn(getSite().getShell(), Messages.Suppression_importTitle,
							NLS.bind(Messages.Suppression_imported, new Object[] { s.added(), s.already(), s.invalid().size() }),
							s.invalid());
				}
			} catch (CoreException e) {
				show(e.getMessage(), true);
			}
		});
	}

	/** Asks where to write the list as CSV and writes it. */
	public void exportCsv() {
		UserPrompts.current().askFile(getSite().getShell(), true, "suppression.csv").ifPresent(p -> { //$NON-NLS-1$
			try {
				int n = list().exportCsv(p);
				show(NLS.bind(Messages.Suppression_exported, n, p), false);
			} catch (CoreException e) {
				show(e.getMessage(), true);
			}
		});
	}

	/** @return the status line's text (for tests) */
	public String statusText() {
		return status.getText();
	}

	/** @return the rows the filter shows (for tests) */
	public int visibleRows() {
		return table.getTable().getItemCount();
	}

	@Override
	public void setFocus() {
		filter.setFocus();
	}
}
