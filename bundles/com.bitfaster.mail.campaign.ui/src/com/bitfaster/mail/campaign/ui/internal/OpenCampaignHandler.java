package com.bitfaster.mail.campaign.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.campaign.CampaignFile;

/** Open Campaign...: asks for a campaign file and opens it in the campaign editor. */
public class OpenCampaignHandler extends AbstractHandler {

	public static final String COMMAND_ID = "com.bitfaster.mail.campaign.ui.commands.openCampaign"; //$NON-NLS-1$

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		Shell shell = HandlerUtil.getActiveShellChecked(event);
		FileChooser.current().choose(shell, false, new String[] { "*" + CampaignFile.EXTENSION, "*.json" }, null) //$NON-NLS-1$ //$NON-NLS-2$
				.ifPresent(file -> {
					try {
						CampaignEditor.open(HandlerUtil.getActiveWorkbenchWindow(event).getActivePage(), file);
					} catch (PartInitException e) {
						MessageDialog.openError(shell, Messages.Editor_openFailed, e.getMessage());
					}
				});
		return null;
	}
}
