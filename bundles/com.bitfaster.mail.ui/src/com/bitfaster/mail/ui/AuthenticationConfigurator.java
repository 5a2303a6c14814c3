package com.bitfaster.mail.ui;

import org.eclipse.swt.widgets.Composite;

/**
 * Creates the controls that edit the settings of one authentication method ({@code MailServer.authSettings()}),
 * shown in the "Authentication" section of the server editor and the server property page while the server uses that
 * method. Contributed through the {@code com.bitfaster.mail.ui.authenticationConfigurators} extension point, the same
 * way a {@link TransportConfigurator} edits a transport type's settings; created when a server with that method is
 * first edited, a new instance for every editor or page.
 *
 * @since 1.0
 */
public interface AuthenticationConfigurator {

	/**
	 * Creates the controls in {@code parent} (which has no layout yet) and fills them from {@code settings}. Every
	 * change the user makes is written back with {@link AuthenticationSettings#set(String, String)}; secrets go to
	 * secure storage after the server is saved ({@link AuthenticationSettings#addSaveListener}).
	 *
	 * @param parent   the composite to fill; the configurator sets its layout
	 * @param settings the authentication settings of the server being edited
	 */
	void createControls(Composite parent, AuthenticationSettings settings);
}
