package com.bitfaster.mail.ui;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import com.bitfaster.mail.ui.internal.form.TransportConfigurators;

/** The UI bundle's lifecycle: what the UI opens on first use (service trackers, registry listeners) closes at stop. */
public final class UiActivator implements BundleActivator {

	@Override
	public void start(BundleContext context) {
		// Everything opens on first use.
	}

	@Override
	public void stop(BundleContext context) {
		TransportConfigurators.close();
		MailServices.closeAll();
	}
}
