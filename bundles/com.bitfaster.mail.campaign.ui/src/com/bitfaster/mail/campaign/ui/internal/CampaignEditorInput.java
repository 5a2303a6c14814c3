package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Path;

import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IPersistableElement;

/** A campaign file to edit; two inputs for the same file are equal, so the file opens in one editor. */
public final class CampaignEditorInput implements IPathEditorInput {

	private final Path file;

	public CampaignEditorInput(Path file) {
		this.file = file.toAbsolutePath().normalize();
	}

	public Path file() {
		return file;
	}

	@Override
	public IPath getPath() {
		return IPath.fromFile(file.toFile());
	}

	@Override
	public boolean exists() {
		return java.nio.file.Files.exists(file);
	}

	@Override
	public ImageDescriptor getImageDescriptor() {
		return ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/campaign.png").orElse(null); //$NON-NLS-1$
	}

	@Override
	public String getName() {
		return file.getFileName().toString();
	}

	@Override
	public IPersistableElement getPersistable() {
		return null;
	}

	@Override
	public String getToolTipText() {
		return file.toString();
	}

	@Override
	public <T> T getAdapter(Class<T> adapter) {
		return null;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof CampaignEditorInput other && other.file.equals(file);
	}

	@Override
	public int hashCode() {
		return file.hashCode();
	}
}
