package com.bitfaster.mail.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;

/** Preference keys of the UI bundle and the store they live in (instance scope). */
public final class UiPreferences {

	public static final String QUALIFIER = "com.bitfaster.mail.ui"; //$NON-NLS-1$
	public static final String DEFAULT_TIMEOUT = "defaultTimeoutSeconds"; //$NON-NLS-1$
	public static final String DEFAULT_ENCRYPTION = "defaultEncryption"; //$NON-NLS-1$
	public static final String DEFAULT_MAX_CONNECTIONS = "defaultMaxConnections"; //$NON-NLS-1$
	public static final String DEFAULT_MESSAGES_PER_CONNECTION = "defaultMessagesPerConnection"; //$NON-NLS-1$
	public static final String DEFAULT_MESSAGES_PER_HOUR = "defaultMessagesPerHour"; //$NON-NLS-1$
	public static final String NOTIFICATION_ADDRESS = "notificationAddress"; //$NON-NLS-1$
	/** The address the Inbox view read last. */
	public static final String INBOX_ADDRESS = "inboxAddress"; //$NON-NLS-1$

	private static ScopedPreferenceStore store;

	private UiPreferences() {
	}

	public static synchronized IPreferenceStore store() {
		if (store == null) {
			store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
		}
		return store;
	}

	/** @return a new server's settings from the preferences: timeout, encryption, limits */
	public static MailServer.Builder newServerDefaults() {
		IPreferenceStore s = store();
		return MailServer.builder().timeoutSeconds(s.getInt(DEFAULT_TIMEOUT))
				.encryption(s.getString(DEFAULT_ENCRYPTION))
				.limits(new ServerLimits(s.getInt(DEFAULT_MAX_CONNECTIONS), s.getInt(DEFAULT_MESSAGES_PER_CONNECTION),
						s.getInt(DEFAULT_MESSAGES_PER_HOUR)));
	}
}
