package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestJob;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/** Sends a test message through the selected server to the notification address of the preferences. */
public class SendTestMessageHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		String address = UiPreferences.store().getString(UiPreferences.NOTIFICATION_ADDRESS).strip();
		if (address.isEmpty()) {
			UserPrompts.current().inform(HandlerUtil.getActiveShell(event), Messages.SendTest_title,
					Messages.SendTest_noAddress, List.of());
			return;
		}
		servers.forEach(s -> new ConnectionTestJob(s, null, address).schedule());
	}
}
