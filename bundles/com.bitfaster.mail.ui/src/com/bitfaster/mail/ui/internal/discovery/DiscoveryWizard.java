package com.bitfaster.mail.ui.internal.discovery;

import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.discovery.Proposal;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/**
 * New Server from Address: discovers the settings of an address, then opens the server editor on a new server with
 * them (host, port, encryption, user name), where the user gives the password and saves. Nothing is saved before.
 */
public final class DiscoveryWizard extends Wizard {

	private final IWorkbenchPage page;
	private final DiscoveryPage discoveryPage = new DiscoveryPage();

	public DiscoveryWizard(IWorkbenchPage page) {
		this.page = page;
		setWindowTitle(Messages.Discovery_windowTitle);
		setNeedsProgressMonitor(true);
	}

	@Override
	public void addPages() {
		addPage(discoveryPage);
	}

	public DiscoveryPage discoveryPage() {
		return discoveryPage;
	}

	@Override
	public boolean performFinish() {
		if (discoveryPage.report() == null || discoveryPage.report().proposal() == null) {
			return false;
		}
		MailServer draft = draft(discoveryPage.report().domain(), discoveryPage.report().proposal());
		try {
			page.openEditor(ServerEditorInput.forNew(draft), ServerEditor.ID);
			return true;
		} catch (PartInitException e) {
			discoveryPage.setErrorMessage(e.getMessage());
			return false;
		}
	}

	/** @return a new server with the proposal's settings and the preferences' defaults, named after the domain */
	static MailServer draft(String domain, Proposal p) {
		MailServer.Builder b = UiPreferences.newServerDefaults().name(uniqueName(domain)).host(p.host()).port(p.port())
				.encryption(p.encryption());
		if (!p.username().isEmpty()) {
			b.username(p.username());
		}
		if (Proposal.AUTH_OAUTH2.equals(p.authentication())) {
			// The server accepts only XOAUTH2: the editor opens on OAuth2 sign-in, its provider and client to fill in.
			b.authMethod(MailServer.AUTH_OAUTH2);
		}
		return b.build();
	}

	private static String uniqueName(String domain) {
		ServerRegistry registry = MailServices.registry();
		String name = domain;
		for (int i = 2; registry.findByName(name).isPresent(); i++) {
			name = domain + " (" + i + ")"; //$NON-NLS-1$ //$NON-NLS-2$
		}
		return name;
	}
}
