package com.bitfaster.mail.ui.internal.preferences;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.ui.internal.Messages;

/** The DNS TXT record of a key, to publish: its name and value, each with a Copy button, and a zone-file line. */
public class DkimRecordDialog extends TitleAreaDialog {

	private final DkimKey key;
	private Text name;
	private Text value;
	private Text zone;

	public DkimRecordDialog(Shell parent, DkimKey key) {
		super(parent);
		this.key = key;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(Messages.DkimRecordDialog_title);
	}

	@Override
	protected boolean isResizable() {
		return true;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle(NLS.bind(Messages.DkimRecordDialog_heading, key.domain(), key.selector()));
		setMessage(Messages.DkimRecordDialog_message);
		Composite body = new Composite(area, SWT.NONE);
		GridLayoutFactory.swtDefaults().numColumns(3).applyTo(body);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
		name = row(body, Messages.DkimRecordDialog_name, key.dnsName(), 0);
		row(body, Messages.DkimRecordDialog_type, "TXT", 0); //$NON-NLS-1$
		value = row(body, Messages.DkimRecordDialog_value, key.txtRecord(), 100);
		zone = row(body, Messages.DkimRecordDialog_zone, key.zoneFileRecord(), 150);
		Label algorithm = new Label(body, SWT.WRAP);
		algorithm.setText(NLS.bind(Messages.DkimRecordDialog_algorithm, DkimPreferencePage.algorithm(key), key.algorithm().tag()));
		GridDataFactory.fillDefaults().span(3, 1).hint(760, SWT.DEFAULT).applyTo(algorithm);
		return area;
	}

	/** @param height the text's height hint for a value on several lines, 0 for one line */
	private Text row(Composite body, String label, String text, int height) {
		boolean multi = height > 0;
		Label l = new Label(body, SWT.NONE);
		l.setText(label);
		GridDataFactory.fillDefaults().align(SWT.BEGINNING, multi ? SWT.BEGINNING : SWT.CENTER).applyTo(l);
		Text t = new Text(body, SWT.BORDER | SWT.READ_ONLY | (multi ? SWT.MULTI | SWT.WRAP | SWT.V_SCROLL : SWT.SINGLE));
		t.setText(text);
		GridDataFactory.fillDefaults().grab(true, multi).hint(720, multi ? height : SWT.DEFAULT).applyTo(t);
		if (!"TXT".equals(text)) { //$NON-NLS-1$
			Button copy = new Button(body, SWT.PUSH);
			copy.setText(Messages.DkimRecordDialog_copy);
			GridDataFactory.fillDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(copy);
			copy.addListener(SWT.Selection, e -> copy(text));
		} else {
			new Label(body, SWT.NONE);
		}
		return t;
	}

	private void copy(String text) {
		Clipboard clipboard = new Clipboard(getShell().getDisplay());
		try {
			clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
		} finally {
			clipboard.dispose();
		}
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
	}

	/** @return the record's name as shown */
	public String shownName() {
		return name.getText();
	}

	/** @return the record's value as shown */
	public String shownValue() {
		return value.getText();
	}

	/** @return the zone-file line as shown */
	public String shownZoneLine() {
		return zone.getText();
	}
}
