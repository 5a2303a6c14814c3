package com.bitfaster.mail.preflight.internal;

import java.util.ResourceBundle;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.Severity;

/** The sentence and the fix of each finding, from {@code messages.properties} by the finding's id. */
final class Texts {
	private static final ResourceBundle BUNDLE = ResourceBundle
			.getBundle("com.bitfaster.mail.preflight.internal.messages"); //$NON-NLS-1$

	private Texts() {
	}

	static Finding finding(Severity severity, String id, String where, Object... args) {
		String fix = BUNDLE.containsKey(id + ".fix") ? NLS.bind(BUNDLE.getString(id + ".fix"), args) : ""; //$NON-NLS-1$ //$NON-NLS-2$
		return new Finding(severity, id, NLS.bind(BUNDLE.getString(id), args), fix, where);
	}
}
