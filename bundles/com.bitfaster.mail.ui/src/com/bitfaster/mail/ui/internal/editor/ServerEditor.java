package com.bitfaster.mail.ui.internal.editor;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.databinding.swt.DisplayRealm;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.forms.editor.FormEditor;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.form.ServerEditModel;

/**
 * Edits one server in a form. Saving goes through the registry's validation and is refused while a field is invalid;
 * the problems are shown at the fields and summarised in the form header.
 */
public class ServerEditor extends FormEditor {

	public static final String ID = "com.bitfaster.mail.ui.serverEditor"; //$NON-NLS-1$
	/** F1 anywhere in the editor opens the user guide's page for it (contexts.xml in com.bitfaster.mail.doc). */
	public static final String HELP_CONTEXT_ID = "com.bitfaster.mail.ui.server_editor"; //$NON-NLS-1$

	private ServerEditModel model;
	private ServerRegistry registry;
	private final ServerRegistryListener registryListener = this::serverChanged;

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		if (!(input instanceof ServerEditorInput serverInput)) {
			throw new PartInitException(Messages.Editor_wrongInput);
		}
		super.init(site, input);
		registry = MailServices.registry();
		var realm = DisplayRealm.getRealm(site.getShell().getDisplay());
		var extensions = MailServices.extensions().orElse(null);
		MailServer initial = serverInput.isNew() ? serverInput.initial()
				: registry.get(serverInput.serverId()).orElse(serverInput.initial());
		model = serverInput.isNew() ? ServerEditModel.forNew(realm, registry, extensions, initial)
				: ServerEditModel.forExisting(realm, registry, extensions, initial);
		model.addListener(() -> firePropertyChange(PROP_DIRTY));
		registry.addListener(registryListener);
		updateTitle();
	}

	@Override
	protected void addPages() {
		try {
			addPage(new ServerFormPage(this, model));
		} catch (PartInitException e) {
			Errors.show(getSite().getShell(), Messages.Editor_openFailed, e.getMessage(), e);
		}
		// SWT sends F1 to the focused control and then up its parents: one listener on the pages' folder serves all.
		PlatformUI.getWorkbench().getHelpSystem().setHelp(getContainer(), HELP_CONTEXT_ID);
	}

	public ServerEditModel model() {
		return model;
	}

	public ServerFormPage formPage() {
		return (ServerFormPage) pages.get(0);
	}

	@Override
	public boolean isDirty() {
		return model.isDirty();
	}

	/** @return whether saving would succeed: there are changes and no field has a problem */
	public boolean isSaveAllowed() {
		return model.canSave();
	}

	@Override
	public void doSave(IProgressMonitor monitor) {
		if (!model.problems().isEmpty()) {
			// Refused: the header already lists what must be fixed; a cancelled monitor also keeps the editor open.
			monitor.setCanceled(true);
			return;
		}
		try {
			model.save();
			((ServerEditorInput) getEditorInput()).saved();
			updateTitle();
			firePropertyChange(PROP_DIRTY);
		} catch (ServerValidationException | IllegalStateException e) {
			monitor.setCanceled(true);
			Errors.show(getSite().getShell(), Messages.Editor_saveFailedTitle, Messages.Editor_saveFailed, e);
		}
	}

	@Override
	public void doSaveAs() {
		// Not supported: a server is saved into the registry.
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}

	/** Forgets the edits. */
	public void revert() {
		model.revert();
		firePropertyChange(PROP_DIRTY);
	}

	private void updateTitle() {
		String name = model.original().name();
		setPartName(name.isBlank() ? Messages.Editor_newServer : name);
		setTitleToolTip(model.original().address());
	}

	private void serverChanged(ServerRegistryListener.Kind kind, MailServer server) {
		if (!server.id().equals(model.original().id())) {
			return;
		}
		Display display = getSite().getShell().getDisplay();
		display.asyncExec(() -> {
			if (model == null || getContainer() == null || getContainer().isDisposed()) {
				return;
			}
			if (kind == ServerRegistryListener.Kind.REMOVED && !model.isNew()) {
				getSite().getPage().closeEditor(this, false);
			} else if (kind == ServerRegistryListener.Kind.UPDATED && !server.equals(model.original())) {
				model.savedServerChanged(server);
				updateTitle();
			}
		});
	}

	@Override
	public void dispose() {
		if (registry != null) {
			registry.removeListener(registryListener);
		}
		super.dispose();
	}
}
