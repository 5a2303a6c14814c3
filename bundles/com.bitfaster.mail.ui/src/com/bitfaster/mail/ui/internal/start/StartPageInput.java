package com.bitfaster.mail.ui.internal.start;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import com.bitfaster.mail.ui.internal.Messages;

/** The start page's input: there is one start page, so every instance is equal. */
public final class StartPageInput implements IEditorInput {

	public static final StartPageInput INSTANCE = new StartPageInput();

	private StartPageInput() {
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
		return Messages.Start_title;
	}

	@Override
	public IPersistableElement getPersistable() {
		return null;
	}

	@Override
	public String getToolTipText() {
		return Messages.Start_title;
	}
}
