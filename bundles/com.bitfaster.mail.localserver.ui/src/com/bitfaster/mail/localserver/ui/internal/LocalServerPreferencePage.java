package com.bitfaster.mail.localserver.ui.internal;

import java.io.IOException;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.localserver.RehearsalRules;

/**
 * The local mail server's settings in the localserver bundle's instance preferences: ports, auto-start, the size cap
 * of the kept mail and the rehearsal rules (checked as they are typed, the first bad line named at the field).
 */
public class LocalServerPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "com.bitfaster.mail.localserver.ui.preferencePage"; //$NON-NLS-1$

	private ScopedPreferenceStore store;
	private RulesFieldEditor rules;

	public LocalServerPreferencePage() {
		super(GRID);
		setDescription(Messages.Preferences_description);
	}

	@Override
	public void init(IWorkbench workbench) {
		store = new ScopedPreferenceStore(InstanceScope.INSTANCE, LocalServerPreferences.NODE);
		// The localserver bundle keeps its defaults in code; show them as this store's defaults.
		store.setDefault(LocalServerPreferences.SMTP_PORT, LocalServerPreferences.DEFAULT_SMTP_PORT);
		store.setDefault(LocalServerPreferences.POP3_PORT, LocalServerPreferences.DEFAULT_POP3_PORT);
		store.setDefault(LocalServerPreferences.AUTO_START, true);
		store.setDefault(LocalServerPreferences.SIZE_CAP_MB, LocalServerPreferences.DEFAULT_SIZE_CAP_MB);
		store.setDefault(LocalServerPreferences.RULES, ""); //$NON-NLS-1$
		setPreferenceStore(store);
	}

	@Override
	protected void createFieldEditors() {
		addField(new PortFieldEditor(LocalServerPreferences.SMTP_PORT, Messages.Preferences_smtpPort, getFieldEditorParent()));
		addField(new PortFieldEditor(LocalServerPreferences.POP3_PORT, Messages.Preferences_pop3Port, getFieldEditorParent()));
		addField(new BooleanFieldEditor(LocalServerPreferences.AUTO_START, Messages.Preferences_autoStart,
				getFieldEditorParent()));
		IntegerFieldEditor cap = new IntegerFieldEditor(LocalServerPreferences.SIZE_CAP_MB, Messages.Preferences_sizeCap,
				getFieldEditorParent(), 6);
		cap.setValidRange(0, 100_000);
		cap.setErrorMessage(Messages.Preferences_sizeCapRange);
		addField(cap);
		rules = new RulesFieldEditor(getFieldEditorParent());
		addField(rules);
		Label note = new Label(getFieldEditorParent(), SWT.WRAP);
		note.setText(Messages.Preferences_note);
		GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		data.widthHint = 420;
		note.setLayoutData(data);
	}

	/** @return the rules text field (tests type into it) */
	public Text rulesText() {
		return rules.text;
	}

	/** @return the problem shown under the rules, or "" */
	public String rulesProblem() {
		return rules.problem.getText();
	}

	/** A port from 1 to 65535, checked at every change of the text, so a wrong port is refused at the field. */
	static final class PortFieldEditor extends IntegerFieldEditor {

		PortFieldEditor(String key, String label, Composite parent) {
			super(key, label, parent, 5);
			setValidRange(1, 65535);
			setErrorMessage(Messages.Preferences_portRange);
			getTextControl(parent).addModifyListener(e -> valueChanged());
		}
	}

	/** The rules as a multi-line text, parsed at each change with the parser the server uses. */
	final class RulesFieldEditor extends FieldEditor {
		private Label label;
		private Text text;
		private Label problem;
		private boolean valid = true;

		RulesFieldEditor(Composite parent) {
			init(LocalServerPreferences.RULES, Messages.Preferences_rules);
			createControl(parent);
		}

		@Override
		protected void adjustForNumColumns(int numColumns) {
			((GridData) label.getLayoutData()).horizontalSpan = numColumns;
			((GridData) text.getLayoutData()).horizontalSpan = numColumns;
			((GridData) problem.getLayoutData()).horizontalSpan = numColumns;
		}

		@Override
		protected void doFillIntoGrid(Composite parent, int numColumns) {
			label = getLabelControl(parent);
			label.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, numColumns, 1));
			text = new Text(parent, SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
			text.setMessage(Messages.Preferences_rulesHint.replace("\\n", "\n")); //$NON-NLS-1$ //$NON-NLS-2$
			GridData data = new GridData(SWT.FILL, SWT.FILL, true, true, numColumns, 1);
			data.heightHint = text.getLineHeight() * 7;
			data.widthHint = 420;
			text.setLayoutData(data);
			text.addModifyListener(e -> check());
			problem = new Label(parent, SWT.WRAP);
			problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
			GridData problemData = new GridData(SWT.FILL, SWT.TOP, true, false, numColumns, 1);
			problemData.widthHint = 420;
			problem.setLayoutData(problemData);
		}

		private void check() {
			boolean was = valid;
			try {
				RehearsalRules.parse(text.getText());
				valid = true;
				problem.setText(""); //$NON-NLS-1$
				clearErrorMessage();
			} catch (RehearsalRules.SyntaxException e) {
				valid = false;
				problem.setText(e.getMessage());
				showErrorMessage(NLS.bind(Messages.Preferences_rulesError, e.getMessage()));
			}
			problem.getParent().layout(true, true);
			if (was != valid) {
				fireStateChanged(IS_VALID, was, valid);
			}
		}

		@Override
		protected void doLoad() {
			text.setText(getPreferenceStore().getString(getPreferenceName()));
		}

		@Override
		protected void doLoadDefault() {
			text.setText(getPreferenceStore().getDefaultString(getPreferenceName()));
		}

		@Override
		protected void doStore() {
			getPreferenceStore().setValue(getPreferenceName(), text.getText());
		}

		@Override
		public int getNumberOfControls() {
			return 1;
		}

		@Override
		public boolean isValid() {
			return valid;
		}

		@Override
		protected void refreshValidState() {
			check();
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
