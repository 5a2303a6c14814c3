package com.bitfaster.mail.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.ui.internal.discovery.DiscoveryWizard;

/** New Server from Address...: the discovery wizard, which opens the server editor on what it found. */
public class NewServerFromAddressHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
		WizardDialog dialog = new WizardDialog(window.getShell(), new DiscoveryWizard(window.getActivePage()));
		dialog.setPageSize(900, 380);
		dialog.open();
		return null;
	}
}
