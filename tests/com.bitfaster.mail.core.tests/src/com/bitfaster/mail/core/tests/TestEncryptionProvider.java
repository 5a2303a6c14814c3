package com.bitfaster.mail.core.tests;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/** Contributed by this bundle's plugin.xml; counts how often it is created. */
public class TestEncryptionProvider implements EncryptionProvider {

	static final java.util.concurrent.atomic.AtomicInteger CREATED = new java.util.concurrent.atomic.AtomicInteger();

	public TestEncryptionProvider() {
		CREATED.incrementAndGet();
	}

	@Override
	public void configure(SessionSettings settings) {
		settings.properties().setProperty("mail." + settings.protocol() + ".test", "yes"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
