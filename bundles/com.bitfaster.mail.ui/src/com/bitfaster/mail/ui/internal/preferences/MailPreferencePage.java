package com.bitfaster.mail.ui.internal.preferences;

import java.util.List;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerValidation;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;

/** Defaults for new servers and the address test messages go to. */
public class MailPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public MailPreferencePage() {
		super(GRID);
		setDescription(Messages.Preferences_description);
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(UiPreferences.store());
	}

	@Override
	protected void createFieldEditors() {
		IntegerFieldEditor timeout = new IntegerFieldEditor(UiPreferences.DEFAULT_TIMEOUT, Messages.Field_timeout,
				getFieldEditorParent());
		timeout.setValidRange(ServerValidation.MIN_TIMEOUT_SECONDS, ServerValidation.MAX_TIMEOUT_SECONDS);
		addField(timeout);
		List<EncryptionProviderDescriptor> providers = MailServices.extensions()
				.map(e -> e.encryptionProviders()).orElse(List.of());
		String[][] choices = providers.stream().map(p -> new String[] { p.label(), p.id() }).toArray(String[][]::new);
		if (choices.length > 0) {
			addField(new ComboFieldEditor(UiPreferences.DEFAULT_ENCRYPTION, Messages.Field_encryption, choices,
					getFieldEditorParent()));
		}
		IntegerFieldEditor connections = new IntegerFieldEditor(UiPreferences.DEFAULT_MAX_CONNECTIONS,
				Messages.Field_maxConnections, getFieldEditorParent());
		connections.setValidRange(1, ServerLimits.MAX_CONNECTIONS);
		addField(connections);
		IntegerFieldEditor perConnection = new IntegerFieldEditor(UiPreferences.DEFAULT_MESSAGES_PER_CONNECTION,
				Messages.Field_messagesPerConnection, getFieldEditorParent());
		perConnection.setValidRange(0, ServerLimits.MAX_MESSAGES_PER_CONNECTION);
		addField(perConnection);
		IntegerFieldEditor perHour = new IntegerFieldEditor(UiPreferences.DEFAULT_MESSAGES_PER_HOUR,
				Messages.Field_messagesPerHour, getFieldEditorParent());
		perHour.setValidRange(0, ServerLimits.MAX_MESSAGES_PER_HOUR);
		addField(perHour);
		addField(new StringFieldEditor(UiPreferences.NOTIFICATION_ADDRESS, Messages.Preferences_notificationAddress,
				getFieldEditorParent()));
	}
}
