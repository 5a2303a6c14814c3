package com.bitfaster.mail.preflight.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The DS services under test, as the product gets them. */
final class Services {
	private Services() {
	}

	static <T> T get(Class<T> type) throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(10_000);
		assertNotNull(service, type.getName() + " is not registered"); //$NON-NLS-1$
		return service;
	}
}
