package com.bitfaster.mail.cli.internal;

import org.eclipse.osgi.util.NLS;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Looks up the product's OSGi services (Declarative Services components) for the duration of one command. */
final class Services implements AutoCloseable {

	private final BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
	private final java.util.List<ServiceTracker<?, ?>> trackers = new java.util.ArrayList<>();

	<T> T get(Class<T> type) throws CliException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		try {
			T service = tracker.waitForService(30_000);
			if (service == null) {
				throw CliException.failed(NLS.bind(Messages.Services_unavailable, type.getSimpleName()));
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw CliException.failed(Messages.Services_interrupted);
		}
	}

	@Override
	public void close() {
		flushStatistics();
		trackers.forEach(ServiceTracker::close);
	}

	/** The command's sends and tests go into the servers' shared statistics before the command ends. */
	private void flushStatistics() {
		org.osgi.framework.ServiceReference<com.bitfaster.mail.core.ServerStatistics> ref = context
				.getServiceReference(com.bitfaster.mail.core.ServerStatistics.class);
		com.bitfaster.mail.core.ServerStatistics statistics = ref == null ? null : context.getService(ref);
		if (statistics == null) {
			return;
		}
		try {
			statistics.flush();
		} catch (java.io.IOException e) {
			// the service says so in its problem() and log; the command's own outcome stands
		} finally {
			context.ungetService(ref);
		}
	}
}
