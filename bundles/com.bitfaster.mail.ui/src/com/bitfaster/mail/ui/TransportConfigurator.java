package com.bitfaster.mail.ui;

import org.eclipse.swt.widgets.Composite;

/**
 * Creates the controls that edit the settings specific to one transport type ({@code MailServer.transportSettings()}),
 * shown in the server editor and the server property page. Contributed through the
 * {@code com.bitfaster.mail.ui.transportConfigurators} extension point and created when a server of that type is first
 * edited; a new instance is created for every editor or page.
 *
 * @since 1.0
 */
public interface TransportConfigurator {

	/**
	 * Creates the controls in {@code parent} (which has no layout yet) and fills them from {@code settings}. Every
	 * change the user makes is written back with {@link TransportSettings#set(String, String)}.
	 *
	 * @param parent   the composite to fill; the configurator sets its layout
	 * @param settings the settings of the server being edited
	 */
	void createControls(Composite parent, TransportSettings settings);
}
