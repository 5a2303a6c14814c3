package com.bitfaster.mail.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.ui.internal.properties.ServerPropertyPage;

/** Opens the properties dialog of the selected server. */
public class ServerPropertiesHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		IStructuredSelection selection = HandlerUtil.getCurrentStructuredSelection(event);
		Object element = selection.getFirstElement();
		if (element instanceof org.eclipse.core.runtime.IAdaptable adaptable) {
			PreferencesUtil.createPropertyDialogOn(HandlerUtil.getActiveShell(event), adaptable,
					ServerPropertyPage.ID, null, null).open();
		}
		return null;
	}
}
