package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;

import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.internal.diagnostics.DiagnosticsView;

/** The Diagnostics view as shown: the summary line on top, a row per step. Found by its widget tree. */
final class DiagnosticsPage {

	private DiagnosticsPage() {
	}

	/** @return the summary line, or "" while the view is not open */
	static String summary() {
		return root().map(root -> Arrays.stream(root.getChildren()).filter(Label.class::isInstance)
				.map(c -> ((Label) c).getText()).findFirst().orElse("")).orElse(""); //$NON-NLS-1$ //$NON-NLS-2$
	}

	static int stepCount() {
		return root().map(root -> Widgets.only(root, Table.class).getItemCount()).orElse(0);
	}

	/** @return the composite the view built its controls in, once the view is open */
	private static Optional<Composite> root() {
		return Optional.ofNullable(page().findView(DiagnosticsView.ID))
				.map(view -> Widgets.only(Widgets.partControl(view), SashForm.class).getParent());
	}
}
