package com.bitfaster.mail.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;

/** The defaults of the UI preferences: those of the core model. */
public class UiPreferenceInitializer extends AbstractPreferenceInitializer {

	@Override
	public void initializeDefaultPreferences() {
		IEclipsePreferences node = DefaultScope.INSTANCE.getNode(UiPreferences.QUALIFIER);
		node.putInt(UiPreferences.DEFAULT_TIMEOUT, MailServer.DEFAULT_TIMEOUT_SECONDS);
		node.put(UiPreferences.DEFAULT_ENCRYPTION, MailServer.DEFAULT_ENCRYPTION);
		node.putInt(UiPreferences.DEFAULT_MAX_CONNECTIONS, ServerLimits.DEFAULT.maxConnections());
		node.putInt(UiPreferences.DEFAULT_MESSAGES_PER_CONNECTION, ServerLimits.DEFAULT.messagesPerConnection());
		node.putInt(UiPreferences.DEFAULT_MESSAGES_PER_HOUR, ServerLimits.DEFAULT.messagesPerHour());
		node.put(UiPreferences.NOTIFICATION_ADDRESS, ""); //$NON-NLS-1$
	}
}
