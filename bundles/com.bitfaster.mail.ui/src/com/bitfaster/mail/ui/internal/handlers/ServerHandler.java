package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;

/** A command on the selected servers that changes the registry; a refused change is shown and logged. */
abstract class ServerHandler extends AbstractHandler {

	@Override
	public final Object execute(ExecutionEvent event) {
		List<MailServer> servers = Selections.servers(event);
		if (servers.isEmpty()) {
			return null;
		}
		try {
			run(event, MailServices.registry(), servers);
		} catch (RuntimeException e) {
			Errors.show(HandlerUtil.getActiveShell(event), Messages.Handler_failedTitle, e.getMessage() == null
					? Messages.Handler_failed : e.getMessage(), e);
		}
		return null;
	}

	abstract void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers);
}
