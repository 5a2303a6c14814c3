package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;

/** Switches the selected servers off until they are activated again. */
public class DeactivateServerHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		servers.forEach(s -> registry.deactivate(s.id()));
	}
}
