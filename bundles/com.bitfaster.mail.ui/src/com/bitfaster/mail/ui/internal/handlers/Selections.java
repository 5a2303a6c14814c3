package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.MailServices;

/** The servers a command acts on. */
final class Selections {

	private Selections() {
	}

	/** @return the selected servers with their current settings; servers deleted meanwhile are left out */
	static List<MailServer> servers(ExecutionEvent event) {
		IStructuredSelection selection = HandlerUtil.getCurrentStructuredSelection(event);
		return ((List<?>) selection.toList()).stream().map(o -> Adapters.adapt(o, MailServer.class))
				.filter(java.util.Objects::nonNull)
				.map(s -> MailServices.registry().get(s.id()))
				.flatMap(java.util.Optional::stream).toList();
	}
}
