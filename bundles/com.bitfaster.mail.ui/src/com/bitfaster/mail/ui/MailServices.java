package com.bitfaster.mail.ui;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * The OSGi services the UI uses, through one service tracker per type that is opened on first use. Services that may
 * be missing at runtime (connection testing) are returned as {@link Optional}s, so the UI can say so.
 */
public final class MailServices {

	private static final Map<Class<?>, ServiceTracker<?, ?>> TRACKERS = new ConcurrentHashMap<>();

	private MailServices() {
	}

	/** @throws IllegalStateException when the registry is not running (core not installed or not started) */
	public static ServerRegistry registry() {
		return find(ServerRegistry.class).orElseThrow(() -> new IllegalStateException(Messages.Services_noRegistry));
	}

	public static Optional<MailExtensions> extensions() {
		return find(MailExtensions.class);
	}

	public static Optional<ConnectionTester> connectionTester() {
		return find(ConnectionTester.class);
	}

	/** @return the service that sends mail through the configured servers */
	public static Optional<SenderService> sender() {
		return find(SenderService.class);
	}

	@SuppressWarnings("unchecked")
	public static <T> Optional<T> find(Class<T> type) {
		ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) TRACKERS.computeIfAbsent(type, t -> {
			BundleContext context = FrameworkUtil.getBundle(MailServices.class).getBundleContext();
			ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
			created.open();
			return created;
		});
		return Optional.ofNullable(tracker.getService());
	}
}
