package com.bitfaster.mail.ui.internal.discovery;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.discovery.DiscoveryReport;
import com.bitfaster.mail.discovery.Proposal;
import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.StepsTable;

/**
 * The address, a Discover button, each discovery step as it happens (as Test Connection shows them) and the proposal.
 * Discovery runs in the wizard's own progress area, so it can be cancelled.
 */
public final class DiscoveryPage extends WizardPage {

	private Text address;
	private Button discover;
	private TableViewer steps;
	private Label proposalText;
	private final List<DiagnosticStep> shown = new ArrayList<>();
	private DiscoveryReport report;
	/** Whether a discovery runs: steps posted after it ended (already in its report) are not shown again. */
	private boolean running;

	DiscoveryPage() {
		super("discovery"); //$NON-NLS-1$
		setTitle(Messages.Discovery_title);
		setDescription(Messages.Discovery_description);
		setPageComplete(false);
	}

	@Override
	public void createControl(Composite parent) {
		Composite c = new Composite(parent, SWT.NONE);
		c.setLayout(new GridLayout(3, false));
		new Label(c, SWT.NONE).setText(Messages.Discovery_address);
		address = new Text(c, SWT.BORDER | SWT.SINGLE);
		address.setMessage("ann@example.com"); //$NON-NLS-1$
		address.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		address.addModifyListener(e -> addressChanged());
		discover = new Button(c, SWT.PUSH);
		discover.setText(Messages.Discovery_discover);
		discover.setEnabled(false);
		discover.addListener(SWT.Selection, e -> runDiscovery());
		address.addListener(SWT.DefaultSelection, e -> {
			if (discover.isEnabled()) {
				runDiscovery();
			}
		});

		Composite tableArea = new Composite(c, SWT.NONE);
		GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
		tableData.heightHint = 260;
		tableData.widthHint = 400; // the dialog's page size sets the width; this is a minimum
		tableArea.setLayoutData(tableData);
		steps = StepsTable.create(tableArea, 2, 1, 9);
		steps.setInput(shown);

		proposalText = new Label(c, SWT.WRAP);
		GridData proposalData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
		proposalData.widthHint = 400;
		proposalText.setLayoutData(proposalData);
		proposalText.setText(Messages.Discovery_nothingYet);
		setControl(c);
		address.setFocus();
	}

	private void addressChanged() {
		String a = address.getText().trim();
		boolean plausible = a.indexOf('@') > 0 && a.indexOf('@') < a.length() - 1;
		discover.setEnabled(plausible);
		report = null;
		setPageComplete(false);
		setMessage(null);
		setErrorMessage(null);
	}

	/** Runs discovery of the address in the wizard's progress area; the steps appear as they are done. */
	public void runDiscovery() {
		String a = address.getText().trim();
		ServerDiscovery discovery = MailServices.find(ServerDiscovery.class).orElse(null);
		if (discovery == null) {
			setErrorMessage(Messages.Discovery_notInstalled);
			return;
		}
		shown.clear();
		steps.refresh();
		report = null;
		setPageComplete(false);
		setErrorMessage(null);
		setMessage(null);
		proposalText.setText(NLS.bind(Messages.Discovery_running, a));
		Display display = getShell().getDisplay();
		DiscoveryReport[] result = new DiscoveryReport[1];
		running = true;
		try {
			getContainer().run(true, true, monitor -> {
				monitor.beginTask(NLS.bind(Messages.Discovery_running, a), org.eclipse.core.runtime.IProgressMonitor.UNKNOWN);
				result[0] = discovery.discover(a, step -> display.asyncExec(() -> {
					if (running && !steps.getControl().isDisposed()) {
						shown.add(step);
						steps.refresh();
						steps.reveal(step);
					}
				}), monitor);
				monitor.done();
			});
		} catch (InvocationTargetException e) {
			setErrorMessage(String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
			return;
		} catch (InterruptedException e) {
			return;
		} finally {
			running = false;
		}
		// Steps still queued with asyncExec are now ignored: the report's list is shown in one go.
		shown.clear();
		shown.addAll(result[0].steps());
		steps.refresh();
		showReport(result[0]);
	}

	private void showReport(DiscoveryReport r) {
		report = r;
		Proposal p = r.proposal();
		if (p == null) {
			proposalText.setText(NLS.bind(Messages.Discovery_none, r.domain().isEmpty() ? r.address() : r.domain()));
			setErrorMessage(NLS.bind(Messages.Discovery_none, r.domain().isEmpty() ? r.address() : r.domain()));
			setPageComplete(false);
			return;
		}
		String auth = switch (p.authentication()) {
		case Proposal.AUTH_PASSWORD -> NLS.bind(Messages.Discovery_password, p.username());
		case Proposal.AUTH_OAUTH2 -> NLS.bind(Messages.Discovery_oauth2, p.username());
		default -> Messages.Discovery_noAuth;
		};
		proposalText.setText(NLS.bind(Messages.Discovery_proposal,
				new Object[] { p.host(), String.valueOf(p.port()), encryptionLabel(p.encryption()), auth }));
		if (!p.encrypted()) {
			setMessage(Messages.Discovery_plainOnly, IMessageProvider.WARNING);
		} else if (Proposal.AUTH_OAUTH2.equals(p.authentication())) {
			setMessage(Messages.Discovery_oauth2Note, IMessageProvider.INFORMATION);
		} else {
			setMessage(Messages.Discovery_finish, IMessageProvider.INFORMATION);
		}
		proposalText.getParent().layout(true, true);
		setPageComplete(true);
	}

	private static String encryptionLabel(String encryption) {
		return switch (encryption) {
		case Proposal.SSL -> "SSL/TLS"; //$NON-NLS-1$
		case Proposal.STARTTLS -> "STARTTLS"; //$NON-NLS-1$
		default -> Messages.Discovery_noEncryption;
		};
	}

	/** @return the last discovery's report, or {@code null} */
	public DiscoveryReport report() {
		return report;
	}

	/** For tests: the address field. */
	public Text addressField() {
		return address;
	}

	/** For tests: the Discover button. */
	public Button discoverButton() {
		return discover;
	}

	/** For tests: the steps shown. */
	public List<DiagnosticStep> shownSteps() {
		return List.copyOf(shown);
	}
}
