package com.bitfaster.mail.smtp.internal;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/** The built-in {@code ssl} provider: implicit TLS from the first byte, chain and host name verified. */
public class SslProvider implements EncryptionProvider {

	@Override
	public void configure(SessionSettings settings) {
		String p = "mail." + settings.protocol(); //$NON-NLS-1$
		settings.properties().put(p + ".ssl.enable", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		settings.properties().put(p + ".ssl.socketFactory", settings.verifyingSocketFactory()); //$NON-NLS-1$
		settings.properties().put(p + ".ssl.checkserveridentity", checkIdentity(settings)); //$NON-NLS-1$
	}

	/** A pinned certificate identifies the server exactly, so its host name need not match (self-signed on an IP). */
	static String checkIdentity(SessionSettings settings) {
		return Boolean.toString(settings.server().pinnedCertificate().isEmpty());
	}
}
