package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;

/** Opens the editor of each selected server, or brings an open one to the front. */
public class OpenServerHandler extends ServerHandler {

	@Override
	void run(ExecutionEvent event, ServerRegistry registry, List<MailServer> servers) {
		IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindow(event).getActivePage();
		for (MailServer server : servers) {
			try {
				page.openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
			} catch (PartInitException e) {
				Errors.show(HandlerUtil.getActiveShell(event), Messages.Editor_openFailed, e.getMessage(), e);
			}
		}
	}
}
