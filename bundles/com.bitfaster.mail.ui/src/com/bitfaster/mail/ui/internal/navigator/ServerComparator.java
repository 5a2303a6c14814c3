package com.bitfaster.mail.ui.internal.navigator;

import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;

/** Servers by name, case-insensitively, as the registry lists them. */
public class ServerComparator extends ViewerComparator {

	@Override
	public int compare(Viewer viewer, Object e1, Object e2) {
		if (e1 instanceof ServerNode a && e2 instanceof ServerNode b) {
			int byName = String.CASE_INSENSITIVE_ORDER.compare(a.server().name(), b.server().name());
			return byName != 0 ? byName : a.server().id().compareTo(b.server().id());
		}
		return super.compare(viewer, e1, e2);
	}
}
