package com.bitfaster.mail.app.internal;

import java.net.URI;
import java.net.URISyntaxException;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.IExecutionListener;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.p2.ui.ProvisioningUI;

/**
 * The preference {@value #PREFERENCE} (empty by default: an offline installation has no update site) offered to p2's
 * Install New Software and Check for Updates. Added to p2's known sites when one of them runs, not at start-up: p2
 * stays off the workbench's start path.
 */
final class UpdateSite implements IExecutionListener {

	static final String PREFERENCE = "updateSite"; //$NON-NLS-1$
	private static final String INSTALL = "org.eclipse.equinox.p2.ui.sdk.install"; //$NON-NLS-1$
	private static final String UPDATE = "org.eclipse.equinox.p2.ui.sdk.update"; //$NON-NLS-1$

	@Override
	public void preExecute(String commandId, ExecutionEvent event) {
		if (!INSTALL.equals(commandId) && !UPDATE.equals(commandId)) {
			return;
		}
		DeferredBundles.awaitStarted(org.eclipse.swt.widgets.Display.getCurrent(), 60);
		startServiceBundles();
		String site = Platform.getPreferencesService().getString("com.bitfaster.mail.app", PREFERENCE, "", null) //$NON-NLS-1$ //$NON-NLS-2$
				.strip();
		if (site.isEmpty()) {
			return;
		}
		try {
			Sites.add(new URI(site));
		} catch (URISyntaxException e) {
			ILog.of(UpdateSite.class).warn("The update site preference is not a URL: " + site, e); //$NON-NLS-1$
		}
	}

	/**
	 * p2 looks the framework manipulator (which writes bundles.info) and the download transport up by interface only:
	 * nothing loads their classes, so their lazy bundles must be started before p2 installs anything.
	 */
	private static void startServiceBundles() {
		java.util.List<String> names = java.util.List.of("org.eclipse.equinox.frameworkadmin.equinox", //$NON-NLS-1$
				"org.eclipse.equinox.simpleconfigurator.manipulator", "org.eclipse.equinox.p2.transport.ecf"); //$NON-NLS-1$ //$NON-NLS-2$
		for (org.osgi.framework.Bundle bundle : org.osgi.framework.FrameworkUtil.getBundle(UpdateSite.class)
				.getBundleContext().getBundles()) {
			if (names.contains(bundle.getSymbolicName()) && bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
				try {
					bundle.start(org.osgi.framework.Bundle.START_TRANSIENT);
				} catch (org.osgi.framework.BundleException e) {
					ILog.of(UpdateSite.class).error("Cannot start " + bundle.getSymbolicName(), e); //$NON-NLS-1$
				}
			}
		}
	}

	/** Kept apart so that p2's classes load only when a p2 command runs, not with the listener. */
	private static final class Sites {
		static void add(URI site) {
			ProvisioningUI ui = ProvisioningUI.getDefaultUI();
			ui.getRepositoryTracker().addRepository(site, "BitFaster Workbench", ui.getSession()); //$NON-NLS-1$
		}
	}

	@Override
	public void notHandled(String commandId, NotHandledException exception) {
		// nothing to add
	}

	@Override
	public void postExecuteFailure(String commandId, org.eclipse.core.commands.ExecutionException exception) {
		// nothing to add
	}

	@Override
	public void postExecuteSuccess(String commandId, Object returnValue) {
		// nothing to add
	}
}
