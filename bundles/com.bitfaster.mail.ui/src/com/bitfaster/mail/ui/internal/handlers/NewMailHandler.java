package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.compose.ComposeEditor;
import com.bitfaster.mail.ui.internal.compose.ComposeEditorInput;

/** Opens a new mail; with one server selected, the mail is sent through it. */
public class NewMailHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		List<MailServer> selected = Selections.servers(event);
		String serverId = selected.size() == 1 ? selected.get(0).id() : null;
		try {
			HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
					.openEditor(new ComposeEditorInput(serverId), ComposeEditor.ID);
		} catch (PartInitException e) {
			Errors.show(HandlerUtil.getActiveShell(event), Messages.Compose_title, e.getMessage(), e);
		}
		return null;
	}
}
