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
 * The OSGi services the UI uses, through one service tracker per type that is opened on first use and closed when the
 * UI bundle stops. Services that may be missing at runtime (connection testing) are returned as {@link Optional}s, so
 * the UI can say so.
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
		BundleContext context = FrameworkUtil.getBundle(MailServices.class).getBundleContext();
		if (context == null) {
			// The bundle is stopping or stopped: no tracker is opened that nobody would close.
			return Optional.empty();
		}
		ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) TRACKERS.computeIfAbsent(type, t -> {
			ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
			created.open();
			return created;
		});
		return Optional.ofNullable(tracker.getService());
	}

	/** @return how many service trackers are open */
	public static int openTrackers() {
		return TRACKERS.size();
	}

	/** Closes every tracker; the UI bundle's activator calls it when the bundle stops. */
	static void closeAll() {
		for (Class<?> type : TRACKERS.keySet()) {
			ServiceTracker<?, ?> tracker = TRACKERS.remove(type);
			if (tracker != null) {
				tracker.close();
			}
		}
	}
}
