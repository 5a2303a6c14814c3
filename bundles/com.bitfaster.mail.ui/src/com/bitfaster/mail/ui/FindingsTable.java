package com.bitfaster.mail.ui;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.preflight.Severity;

/**
 * The findings of a pre-flight check in a table: severity (with the workbench's error, warning and information
 * icons), the sentence, how to fix it, where it was found; below, the selected finding in full (the cells cut long
 * texts, which their tooltips show too).
 */
public final class FindingsTable {

	/** Key of {@code table.getData(KEY)}: a stable identity of the table for whatever drives the UI. */
	public static final String KEY = "com.bitfaster.mail.ui.findings"; //$NON-NLS-1$

	private final TableViewer viewer;
	private final Composite holder;
	private final Text detail;

	public FindingsTable(Composite parent) {
		holder = new Composite(parent, SWT.NONE);
		GridLayout outer = new GridLayout(1, false);
		outer.marginWidth = 0;
		outer.marginHeight = 0;
		holder.setLayout(outer);
		Composite tableHolder = new Composite(holder, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(tableHolder);
		TableColumnLayout layout = new TableColumnLayout();
		tableHolder.setLayout(layout);
		viewer = new TableViewer(tableHolder, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		Table table = viewer.getTable();
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		table.setData(KEY, "findings"); //$NON-NLS-1$
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
		column(layout, Messages.Findings_severity, 10, 90, new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return severity(((Finding) element).severity());
			}

			@Override
			public Image getImage(Object element) {
				return icon(((Finding) element).severity());
			}
		});
		column(layout, Messages.Findings_finding, 45, 200, text(Finding::sentence));
		column(layout, Messages.Findings_fix, 30, 150, text(Finding::fix));
		column(layout, Messages.Findings_where, 15, 100, text(Finding::where));
		// The selected finding in full: the table's cells cut long sentences.
		detail = new Text(holder, SWT.BORDER | SWT.READ_ONLY | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
		detail.setData(KEY, "detail"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).hint(200, detail.getLineHeight() * 5).applyTo(detail);
		viewer.addSelectionChangedListener(e -> showDetail(
				(Finding) ((org.eclipse.jface.viewers.IStructuredSelection) e.getSelection()).getFirstElement()));
	}

	private void showDetail(Finding f) {
		if (detail.isDisposed()) {
			return;
		}
		detail.setText(f == null ? "" //$NON-NLS-1$
				: severity(f.severity()) + ": " + f.sentence() //$NON-NLS-1$
						+ (f.fix().isEmpty() ? "" : "\n" + Messages.Findings_fix + ": " + f.fix()) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						+ "\n" + Messages.Findings_where + ": " + f.where()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return the text that shows the selected finding in full */
	public Text detail() {
		return detail;
	}

	private static ColumnLabelProvider text(java.util.function.Function<Finding, String> value) {
		return new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return value.apply((Finding) element);
			}

			@Override
			public String getToolTipText(Object element) {
				return value.apply((Finding) element);
			}
		};
	}

	private void column(TableColumnLayout layout, String title, int weight, int minimum, ColumnLabelProvider labels) {
		TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
		c.getColumn().setText(title);
		c.setLabelProvider(labels);
		layout.setColumnData(c.getColumn(), new ColumnWeightData(weight, minimum, true));
	}

	/** @return the control to lay out */
	public Composite control() {
		return holder;
	}

	public TableViewer viewer() {
		return viewer;
	}

	public void setFindings(List<Finding> findings) {
		if (!viewer.getTable().isDisposed()) {
			viewer.setInput(findings);
			if (!findings.isEmpty()) {
				viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(findings.get(0)), true);
			} else {
				showDetail(null);
			}
		}
	}

	/** @return the word for a severity, as the table shows it */
	public static String severity(Severity severity) {
		return switch (severity) {
		case BLOCKS -> Messages.Findings_blocks;
		case WARNS -> Messages.Findings_warns;
		case INFO -> Messages.Findings_info;
		};
	}

	/** @return the workbench's shared icon for a severity (not to be disposed) */
	public static Image icon(Severity severity) {
		ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
		return images.getImage(switch (severity) {
		case BLOCKS -> ISharedImages.IMG_OBJS_ERROR_TSK;
		case WARNS -> ISharedImages.IMG_OBJS_WARN_TSK;
		case INFO -> ISharedImages.IMG_OBJS_INFO_TSK;
		});
	}
}
