package com.bitfaster.mail.ui.internal.editor;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import com.bitfaster.mail.core.MailServer;

/** A server to edit: one of the registry (by id) or a new one that is not saved yet. */
public final class ServerEditorInput implements IEditorInput {

	private final MailServer initial;
	private boolean isNew;

	private ServerEditorInput(MailServer initial, boolean isNew) {
		this.initial = initial;
		this.isNew = isNew;
	}

	public static ServerEditorInput forExisting(MailServer server) {
		return new ServerEditorInput(server, false);
	}

	public static ServerEditorInput forNew(MailServer draft) {
		return new ServerEditorInput(draft, true);
	}

	public String serverId() {
		return initial.id();
	}

	public MailServer initial() {
		return initial;
	}

	public boolean isNew() {
		return isNew;
	}

	/** Called once a new server was added to the registry. */
	void saved() {
		isNew = false;
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
		return initial.name();
	}

	@Override
	public IPersistableElement getPersistable() {
		return null;
	}

	@Override
	public String getToolTipText() {
		return initial.name();
	}

	@Override
	public boolean equals(Object obj) {
		return obj instanceof ServerEditorInput other && other.initial.id().equals(initial.id());
	}

	@Override
	public int hashCode() {
		return Objects.hash(initial.id());
	}
}
