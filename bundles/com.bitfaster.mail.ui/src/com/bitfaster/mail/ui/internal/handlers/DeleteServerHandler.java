package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestResults;

/** Deletes the selected servers and their passwords after the user confirms. */
public class DeleteServerHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		String names = servers.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String question = servers.size() == 1 ? NLS.bind(Messages.Delete_confirmOne, names)
				: NLS.bind(Messages.Delete_confirmMany, servers.size(), names);
		if (!UserPrompts.current().confirm(HandlerUtil.getActiveShell(event), Messages.Delete_title, question)) {
			return;
		}
		for (MailServer server : servers) {
			registry.delete(server.id());
			ConnectionTestResults.get().forget(server.id());
		}
	}
}
