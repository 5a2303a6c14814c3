package com.bitfaster.mail.ui.internal.diagnostics;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * The table of {@link DiagnosticStep}s that Test Connection and New Server from Address show: step (with its verdict's
 * icon and the detail as tool tip), verdict, detail. Fills a composite of its own, whose layout it sets.
 */
public final class StepsTable {

	private StepsTable() {
	}

	/** The three weights are the relative widths of the step, verdict and detail columns. */
	public static TableViewer create(Composite area, int stepWeight, int verdictWeight, int detailWeight) {
		TableColumnLayout columns = new TableColumnLayout();
		area.setLayout(columns);
		TableViewer steps = new TableViewer(area, SWT.BORDER | SWT.FULL_SELECTION);
		steps.getTable().setHeaderVisible(true);
		steps.getTable().setLinesVisible(true);
		steps.setContentProvider(ArrayContentProvider.getInstance());
		ColumnViewerToolTipSupport.enableFor(steps); // the detail of a step cut off by its column
		Image passedIcon = ResourceLocator.imageDescriptorFromBundle(StepsTable.class, "icons/test_connection.png") //$NON-NLS-1$
				.map(d -> d.createImage()).orElse(null);
		steps.getTable().addDisposeListener(e -> {
			if (passedIcon != null) {
				passedIcon.dispose();
			}
		});
		column(steps, columns, Messages.Diagnostics_step, stepWeight, new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return ((DiagnosticStep) element).name();
			}

			@Override
			public Image getImage(Object element) {
				ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
				return switch (((DiagnosticStep) element).verdict()) {
				case PASSED -> passedIcon;
				case WARNING -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
				case FAILED -> images.getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
				case SKIPPED -> null;
				};
			}

			@Override
			public String getToolTipText(Object element) {
				return ((DiagnosticStep) element).detail();
			}
		});
		column(steps, columns, Messages.Diagnostics_verdict, verdictWeight, new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return verdict(((DiagnosticStep) element).verdict());
			}
		});
		column(steps, columns, Messages.Diagnostics_detail, detailWeight, new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return ((DiagnosticStep) element).detail();
			}
		});
		return steps;
	}

	private static void column(TableViewer steps, TableColumnLayout layout, String title, int weight,
			ColumnLabelProvider provider) {
		TableViewerColumn column = new TableViewerColumn(steps, SWT.NONE);
		column.getColumn().setText(title);
		column.setLabelProvider(provider);
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60));
	}

	static String verdict(DiagnosticStep.Verdict verdict) {
		return switch (verdict) {
		case PASSED -> Messages.Diagnostics_passed;
		case WARNING -> Messages.Diagnostics_warning;
		case FAILED -> Messages.Diagnostics_failedVerdict;
		case SKIPPED -> Messages.Diagnostics_skipped;
		};
	}
}
