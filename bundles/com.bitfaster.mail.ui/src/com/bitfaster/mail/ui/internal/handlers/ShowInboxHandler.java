package com.bitfaster.mail.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.inbox.InboxView;

/** Shows the Inbox view. */
public class ShowInboxHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		try {
			HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(InboxView.ID);
		} catch (PartInitException | org.eclipse.core.commands.ExecutionException e) {
			Errors.show(HandlerUtil.getActiveShell(event), Messages.Handler_failedTitle, e.getMessage(), e);
		}
		return null;
	}
}
