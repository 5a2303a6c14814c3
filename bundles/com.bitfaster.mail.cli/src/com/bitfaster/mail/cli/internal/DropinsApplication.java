package com.bitfaster.mail.cli.internal;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Installs what is in the installation's {@code dropins/} folder into its p2 profile, by starting p2's dropins
 * reconciler: its activator does the whole reconciliation while it starts (the directory watcher publishes the folder
 * as a repository, the profile synchronizer plans and performs the change, the engine rewrites bundles.info). Eclipse
 * starts that bundle at every start; here it is started only in this run, and only transiently, so the workbench,
 * which shares the installation's configuration area, never starts p2. Run by the {@code reconcile-dropins} script, with
 * {@value #RECONCILER_APPLICATION} on the command line as well: the reconciler then records its result for us and
 * leaves the running framework's bundles alone, as under its own application (which does nothing else: it only returns
 * that result).
 */
public class DropinsApplication implements IApplication {

	static final String RECONCILER = "org.eclipse.equinox.p2.reconciler.dropins"; //$NON-NLS-1$
	static final String RECONCILER_APPLICATION = "org.eclipse.equinox.p2.reconciler.application"; //$NON-NLS-1$
	/** Where the reconciler leaves its result when its application's id is on the command line. */
	private static final String STATUS = "org.eclipse.equinox.p2.reconciler.application.status"; //$NON-NLS-1$
	/** The reconciler application's own code for a failure. */
	private static final int FAILED = 13;

	@Override
	public Object start(IApplicationContext context) {
		context.applicationRunning();
		Bundle reconciler = null;
		for (Bundle bundle : FrameworkUtil.getBundle(DropinsApplication.class).getBundleContext().getBundles()) {
			if (RECONCILER.equals(bundle.getSymbolicName())) {
				reconciler = bundle;
			}
		}
		if (reconciler == null) {
			System.err.println("reconcile-dropins: the installation has no " + RECONCILER + " bundle"); //$NON-NLS-1$ //$NON-NLS-2$
			return FAILED;
		}
		try {
			if (reconciler.getState() != Bundle.ACTIVE) {
				reconciler.start(Bundle.START_TRANSIENT);
			}
		} catch (BundleException | RuntimeException e) {
			System.err.println("reconcile-dropins: p2's dropins reconciler failed to start: " + e); //$NON-NLS-1$
			return FAILED;
		}
		// Absent when the folders were unchanged since its last run (nothing was done).
		if (System.getProperties().get(STATUS) instanceof IStatus status && status.getSeverity() == IStatus.ERROR) {
			System.err.println("reconcile-dropins: " + message(status)); //$NON-NLS-1$
			return FAILED;
		}
		return IApplication.EXIT_OK;
	}

	/** The status and its first error child, one line (p2 nests the useful message). */
	private static String message(IStatus status) {
		for (IStatus child : status.getChildren()) {
			if (child.getSeverity() == IStatus.ERROR) {
				return status.getMessage() + ": " + message(child); //$NON-NLS-1$
			}
		}
		return status.getMessage();
	}

	@Override
	public void stop() {
		// the reconciliation cannot be interrupted
	}
}
