package com.bitfaster.mail.ui.internal.navigator;

import java.util.Locale;

import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;

/** Keeps the servers whose name or address contains the text typed in the navigator's filter box. */
public class ServerFilter extends ViewerFilter {

	private String text = ""; //$NON-NLS-1$

	public void setText(String value) {
		text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT); //$NON-NLS-1$
	}

	@Override
	public boolean select(Viewer viewer, Object parentElement, Object element) {
		if (text.isEmpty() || !(element instanceof ServerNode node)) {
			return true;
		}
		return node.server().name().toLowerCase(Locale.ROOT).contains(text)
				|| node.server().address().toLowerCase(Locale.ROOT).contains(text);
	}
}
