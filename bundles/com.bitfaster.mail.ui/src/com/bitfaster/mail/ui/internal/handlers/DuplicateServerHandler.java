package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;

/** Copies each selected server, password included, under a new unique name. */
public class DuplicateServerHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		servers.forEach(s -> registry.duplicate(s.id()));
	}
}
