package com.bitfaster.mail.ui.tests;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.SessionSettings;

/** Stands in for the smtp bundle's providers; the UI only needs ids, labels and default ports. */
public class TestEncryptionProvider implements EncryptionProvider {

	@Override
	public void configure(SessionSettings settings) {
		// Nothing: the UI tests never open a session.
	}
}
