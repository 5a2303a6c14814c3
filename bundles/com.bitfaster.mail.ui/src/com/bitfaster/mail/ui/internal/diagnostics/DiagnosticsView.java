package com.bitfaster.mail.ui.internal.diagnostics;

import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.Messages;

/** Shows the last connection test: each step with its verdict, the advice, and the SMTP transcript. */
public class DiagnosticsView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.ui.diagnostics"; //$NON-NLS-1$

	private Label summary;
	private Label advice;
	private TableViewer steps;
	private Text transcript;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		summary = new Label(parent, SWT.WRAP);
		summary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		summary.setText(Messages.Diagnostics_empty);
		advice = new Label(parent, SWT.WRAP);
		advice.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		Composite tableArea = new Composite(sash, SWT.NONE);
		steps = StepsTable.create(tableArea, 3, 2, 7);
		transcript = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
		transcript.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
		sash.setWeights(3, 2);
	}

	public void showReport(MailServer server, DiagnosticReport report) {
		summary.setText(NLS.bind(report.ok() ? Messages.Diagnostics_ok : Messages.Diagnostics_notOk, server.name(),
				server.address()));
		showAdvice(String.join("\n", report.advice())); //$NON-NLS-1$
		steps.setInput(report.steps());
		transcript.setText(report.transcript());
		summary.getParent().layout(true, true);
	}

	public void showMessage(MailServer server, String message) {
		summary.setText(NLS.bind(Messages.Diagnostics_message, server.name(), message));
		showAdvice(""); //$NON-NLS-1$
		steps.setInput(new Object[0]);
		transcript.setText(""); //$NON-NLS-1$
		summary.getParent().layout(true, true);
	}

	/** Shows the advice line only when there is advice, so an empty one takes no room. */
	private void showAdvice(String text) {
		advice.setText(text);
		advice.setVisible(!text.isEmpty());
		((GridData) advice.getLayoutData()).exclude = text.isEmpty();
	}

	@Override
	public void setFocus() {
		steps.getControl().setFocus();
	}
}
