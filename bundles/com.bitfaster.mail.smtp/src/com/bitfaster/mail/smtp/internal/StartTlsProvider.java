package com.bitfaster.mail.smtp.internal;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/**
 * The built-in {@code starttls} provider: STARTTLS is required, so a server that does not offer it is refused before
 * anything (credentials, MAIL FROM) is sent in plain text.
 */
public class StartTlsProvider implements EncryptionProvider {

	@Override
	public void configure(SessionSettings settings) {
		String p = "mail." + settings.protocol(); //$NON-NLS-1$
		settings.properties().put(p + ".ssl.enable", "false"); //$NON-NLS-1$ //$NON-NLS-2$
		settings.properties().put(p + ".starttls.enable", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		settings.properties().put(p + ".starttls.required", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		settings.properties().put(p + ".ssl.socketFactory", settings.verifyingSocketFactory()); //$NON-NLS-1$
		settings.properties().put(p + ".ssl.checkserveridentity", SslProvider.checkIdentity(settings)); //$NON-NLS-1$
	}
}
