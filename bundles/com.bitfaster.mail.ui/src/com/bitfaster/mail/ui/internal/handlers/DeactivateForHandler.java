package com.bitfaster.mail.ui.internal.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;

/** Switches the selected servers off for a while: the command parameter is an ISO-8601 duration such as PT1H. */
public class DeactivateForHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		Duration duration = Duration.parse(event.getParameter(CommandIds.DEACTIVATE_FOR_DURATION));
		Instant until = Instant.now().plus(duration);
		servers.forEach(s -> registry.deactivateUntil(s.id(), until));
	}
}
