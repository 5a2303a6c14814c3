package com.bitfaster.mail.smtp.internal;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/** The built-in {@code none} provider: plain text, and no opportunistic STARTTLS either (the user chose plain). */
public class PlainProvider implements EncryptionProvider {

	@Override
	public void configure(SessionSettings settings) {
		String p = "mail." + settings.protocol(); //$NON-NLS-1$
		settings.properties().put(p + ".ssl.enable", "false"); //$NON-NLS-1$ //$NON-NLS-2$
		settings.properties().put(p + ".starttls.enable", "false"); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
