package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestJob;

/** Tests the connection to each selected server in the background; the diagnostics view shows the result. */
public class TestConnectionHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		servers.forEach(s -> new ConnectionTestJob(s, null, null).schedule());
	}
}
