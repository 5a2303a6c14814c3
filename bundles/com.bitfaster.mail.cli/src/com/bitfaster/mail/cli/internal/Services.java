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
		trackers.forEach(ServiceTracker::close);
	}
}
