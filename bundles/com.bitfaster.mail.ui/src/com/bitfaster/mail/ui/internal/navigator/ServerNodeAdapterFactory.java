package com.bitfaster.mail.ui.internal.navigator;

import org.eclipse.core.runtime.IAdapterFactory;

import com.bitfaster.mail.core.MailServer;

/** Adapts navigator nodes to the core's {@link MailServer}, for property pages and commands. */
public class ServerNodeAdapterFactory implements IAdapterFactory {

	@Override
	public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
		if (adaptableObject instanceof ServerNode node && adapterType == MailServer.class) {
			return adapterType.cast(node.server());
		}
		return null;
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { MailServer.class };
	}
}
