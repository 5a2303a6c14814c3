package com.bitfaster.mail.campaign.ui.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;

/** The core services campaigns use, through one service tracker per type opened on first use. */
public final class CampaignServices {

	private static final Map<Class<?>, ServiceTracker<?, ?>> TRACKERS = new ConcurrentHashMap<>();

	private CampaignServices() {
	}

	/** @throws IllegalStateException when the core bundle does not run */
	public static ServerRegistry registry() {
		return get(ServerRegistry.class);
	}

	/** @throws IllegalStateException when the core bundle does not run */
	public static SenderService sender() {
		return get(SenderService.class);
	}

	@SuppressWarnings("unchecked")
	private static <T> T get(Class<T> type) {
		ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) TRACKERS.computeIfAbsent(type, t -> {
			BundleContext context = FrameworkUtil.getBundle(CampaignServices.class).getBundleContext();
			ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
			created.open();
			return created;
		});
		T service = tracker.getService();
		if (service == null) {
			throw new IllegalStateException(org.eclipse.osgi.util.NLS.bind(Messages.Services_missing, type.getSimpleName()));
		}
		return service;
	}
}
