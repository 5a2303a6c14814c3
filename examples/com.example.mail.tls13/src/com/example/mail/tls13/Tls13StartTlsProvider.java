package com.example.mail.tls13;

import java.util.Properties;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/** A third party's encryption provider: STARTTLS is required and only TLS 1.3 is accepted. */
public class Tls13StartTlsProvider implements EncryptionProvider {

	@Override
	public void configure(SessionSettings settings) {
		String prefix = "mail." + settings.protocol() + "."; //$NON-NLS-1$ //$NON-NLS-2$
		Properties p = settings.properties();
		p.put(prefix + "starttls.enable", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		p.put(prefix + "starttls.required", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		p.put(prefix + "ssl.protocols", "TLSv1.3"); //$NON-NLS-1$ //$NON-NLS-2$
		p.put(prefix + "ssl.checkserveridentity", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		// Keeps the workbench's certificate verification and pinning.
		p.put(prefix + "ssl.socketFactory", settings.verifyingSocketFactory()); //$NON-NLS-1$
	}
}
