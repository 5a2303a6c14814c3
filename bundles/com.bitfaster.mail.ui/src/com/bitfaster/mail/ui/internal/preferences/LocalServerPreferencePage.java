package com.bitfaster.mail.ui.internal.preferences;

import java.io.IOException;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.ui.internal.Messages;

/** The ports and auto-start of the local mail server, in the localserver bundle's instance preferences. */
public class LocalServerPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "com.bitfaster.mail.ui.localServerPreferencePage"; //$NON-NLS-1$
	static final int MIN_PORT = 1;
	static final int MAX_PORT = 65535;

	private ScopedPreferenceStore store;

	public LocalServerPreferencePage() {
		super(GRID);
		setDescription(Messages.LocalServerPreferences_description);
	}

	@Override
	public void init(IWorkbench workbench) {
		store = new ScopedPreferenceStore(InstanceScope.INSTANCE, LocalServerPreferences.NODE);
		// The localserver bundle keeps its defaults in code; show them as this store's defaults.
		store.setDefault(LocalServerPreferences.SMTP_PORT, LocalServerPreferences.DEFAULT_SMTP_PORT);
		store.setDefault(LocalServerPreferences.POP3_PORT, LocalServerPreferences.DEFAULT_POP3_PORT);
		store.setDefault(LocalServerPreferences.AUTO_START, true);
		setPreferenceStore(store);
	}

	@Override
	protected void createFieldEditors() {
		addField(port(LocalServerPreferences.SMTP_PORT, Messages.LocalServerPreferences_smtpPort));
		addField(port(LocalServerPreferences.POP3_PORT, Messages.LocalServerPreferences_pop3Port));
		addField(new BooleanFieldEditor(LocalServerPreferences.AUTO_START,
				Messages.LocalServerPreferences_autoStart, getFieldEditorParent()));
		Label note = new Label(getFieldEditorParent(), SWT.WRAP);
		note.setText(Messages.LocalServerPreferences_note);
		GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		data.widthHint = 360;
		note.setLayoutData(data);
	}

	private IntegerFieldEditor port(String key, String label) {
		return new PortFieldEditor(key, label, getFieldEditorParent());
	}

	/** A port from 1 to 65535, checked at every change of the text, so a wrong port is refused at the field. */
	static final class PortFieldEditor extends IntegerFieldEditor {

		PortFieldEditor(String key, String label, Composite parent) {
			super(key, label, parent, 5);
			setValidRange(MIN_PORT, MAX_PORT);
			setErrorMessage(Messages.LocalServerPreferences_portRange);
			getTextControl(parent).addModifyListener(e -> valueChanged());
		}
	}

	@Override
	public boolean performOk() {
		boolean ok = super.performOk();
		if (ok && store.needsSaving()) {
			try {
				store.save();
			} catch (IOException e) {
				ILog.of(getClass()).error(e.getMessage(), e);
			}
		}
		return ok;
	}
}
