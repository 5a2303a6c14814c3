package com.bitfaster.mail.ui.internal.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;

/** Asks for a date and time, then switches the selected servers off until then. */
public class DeactivateUntilHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		UserPrompts.current().askInstant(HandlerUtil.getActiveShell(event), Messages.DeactivateUntil_title,
				Messages.DeactivateUntil_message, Instant.now().plus(Duration.ofDays(1)))
				.ifPresent(until -> servers.forEach(s -> registry.deactivateUntil(s.id(), until)));
	}
}
