package com.bitfaster.mail.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/** Opens the editor on a new server with the defaults from the preferences; it is added when saved. */
public class NewServerHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		MailServer.Builder draft = UiPreferences.newServerDefaults();
		MailExtensions extensions = MailServices.extensions().orElse(null);
		if (extensions != null) {
			List<TransportTypeDescriptor> types = extensions.transportTypes();
			if (extensions.transportType(MailServer.DEFAULT_TRANSPORT_TYPE).isEmpty() && !types.isEmpty()) {
				draft.transportType(types.get(0).id());
			}
			MailServer current = draft.build();
			List<EncryptionProviderDescriptor> providers = extensions.encryptionProviders();
			EncryptionProviderDescriptor provider = extensions.encryptionProvider(current.encryption())
					.orElse(providers.isEmpty() ? null : providers.get(0));
			if (provider != null) {
				draft.encryption(provider.id()).port(provider.defaultPort());
			}
		}
		try {
			HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
					.openEditor(ServerEditorInput.forNew(draft.build()), ServerEditor.ID);
		} catch (PartInitException e) {
			throw new ExecutionException(e.getMessage(), e);
		}
		return null;
	}
}
