package com.bitfaster.mail.ui.internal.compose;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import com.bitfaster.mail.ui.internal.Messages;

/** A new mail: every one is different, so each New Mail opens its own editor. Not saved with the workbench. */
public final class ComposeEditorInput implements IEditorInput {

	private final String serverId;

	/** @param serverId the server to preselect; {@code null} or empty for the default */
	public ComposeEditorInput(String serverId) {
		this.serverId = serverId == null ? "" : serverId; //$NON-NLS-1$
	}

	public String serverId() {
		return serverId;
	}

	@Override
	public <T> T getAdapter(Class<T> adapter) {
		return null;
	}

	@Override
	public boolean exists() {
		return false;
	}

	@Override
	public ImageDescriptor getImageDescriptor() {
		return null;
	}

	@Override
	public String getName() {
		return Messages.Compose_title;
	}

	@Override
	public IPersistableElement getPersistable() {
		return null;
	}

	@Override
	public String getToolTipText() {
		return Messages.Compose_title;
	}
}
