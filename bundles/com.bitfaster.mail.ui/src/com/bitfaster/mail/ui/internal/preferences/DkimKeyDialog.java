package com.bitfaster.mail.ui.internal.preferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * Generate... (domain, selector, algorithm) or Import... (domain, selector, a PKCS#8 PEM pasted or read from a file).
 * OK makes the key at once; a refusal (a taken selector, a bad domain) stays in the dialog as its error.
 */
public class DkimKeyDialog extends TitleAreaDialog {

	private final boolean importing;
	private Text domain;
	private Text selector;
	private Combo algorithm;
	private Text pem;
	private DkimKey key;

	public DkimKeyDialog(Shell parent, boolean importing) {
		super(parent);
		this.importing = importing;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(importing ? Messages.DkimKeyDialog_importTitle : Messages.DkimKeyDialog_generateTitle);
	}

	@Override
	protected boolean isResizable() {
		return true;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle(importing ? Messages.DkimKeyDialog_importTitle : Messages.DkimKeyDialog_generateTitle);
		setMessage(importing ? Messages.DkimKeyDialog_importMessage : Messages.DkimKeyDialog_generateMessage);
		Composite body = new Composite(area, SWT.NONE);
		GridLayoutFactory.swtDefaults().numColumns(3).applyTo(body);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
		domain = field(body, Messages.DkimKeyDialog_domain);
		selector = field(body, Messages.DkimKeyDialog_selector);
		selector.setText("bf" + LocalDate.now().format(DateTimeFormatter.ofPattern("yyyyMM"))); //$NON-NLS-1$ //$NON-NLS-2$
		if (importing) {
			new Label(body, SWT.NONE).setText(Messages.DkimKeyDialog_pem);
			pem = new Text(body, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
			pem.setMessage("-----BEGIN PRIVATE KEY-----"); //$NON-NLS-1$
			GridDataFactory.fillDefaults().grab(true, true).hint(420, 120).applyTo(pem);
			Button file = new Button(body, SWT.PUSH);
			file.setText(Messages.DkimKeyDialog_fromFile);
			GridDataFactory.fillDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(file);
			file.addListener(SWT.Selection, e -> readFile());
			pem.addModifyListener(e -> validate());
		} else {
			new Label(body, SWT.NONE).setText(Messages.DkimKeyDialog_algorithm);
			algorithm = new Combo(body, SWT.READ_ONLY);
			algorithm.setItems(Messages.DkimKeyDialog_rsa, Messages.DkimKeyDialog_ed25519);
			algorithm.select(0);
			GridDataFactory.fillDefaults().span(2, 1).applyTo(algorithm);
		}
		domain.addModifyListener(e -> validate());
		selector.addModifyListener(e -> validate());
		return area;
	}

	private static Text field(Composite body, String label) {
		new Label(body, SWT.NONE).setText(label);
		Text t = new Text(body, SWT.BORDER);
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(t);
		return t;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		super.createButtonsForButtonBar(parent);
		getButton(IDialogConstants.OK_ID).setText(importing ? Messages.DkimKeyDialog_importButton : Messages.DkimKeyDialog_generateButton);
		validate();
	}

	private void readFile() {
		FileDialog d = new FileDialog(getShell(), SWT.OPEN);
		d.setFilterExtensions(new String[] { "*.pem;*.key", "*" }); //$NON-NLS-1$ //$NON-NLS-2$
		String path = d.open();
		if (path != null) {
			try {
				pem.setText(Files.readString(Path.of(path)));
			} catch (IOException e) {
				setErrorMessage(e.getMessage());
			}
		}
	}

	private void validate() {
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok != null) {
			ok.setEnabled(!domain.getText().isBlank() && !selector.getText().isBlank()
					&& (pem == null || !pem.getText().isBlank()));
		}
		setErrorMessage(null);
	}

	/** Sets the fields (for tests and scripts), as typing would. */
	public void fill(String domainName, String selectorName, DkimKey.Algorithm algorithmChoice) {
		domain.setText(domainName);
		selector.setText(selectorName);
		if (algorithm != null) {
			algorithm.select(algorithmChoice == DkimKey.Algorithm.RSA_SHA256 ? 0 : 1);
		}
	}

	@Override
	protected void okPressed() {
		DkimKeys keys = DkimPreferencePage.keys().orElse(null);
		if (keys == null) {
			setErrorMessage(Messages.DkimPreferences_unavailable);
			return;
		}
		try {
			key = importing ? keys.importKey(domain.getText(), selector.getText(), pem.getText())
					: keys.generate(domain.getText(), selector.getText(),
							algorithm.getSelectionIndex() == 0 ? DkimKey.Algorithm.RSA_SHA256 : DkimKey.Algorithm.ED25519_SHA256);
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
			return;
		}
		super.okPressed();
	}

	/** @return the key made, after OK */
	public DkimKey key() {
		return key;
	}
}
