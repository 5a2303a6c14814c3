package com.bitfaster.mail.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * When and how fast a campaign may send, on top of its {@link Throttle} and its servers' limits.
 *
 * @param domainLimits messages per minute per recipient domain, by domain in lower case; {@code "*"} applies to each
 *                     other domain separately; empty for no limit
 * @param sendWindow   when sending is allowed, or {@code null} for always
 * @param startAt      nothing is sent before this instant, or {@code null}
 */
public record SendingPolicy(Map<String, Integer> domainLimits, SendWindow sendWindow, Instant startAt) {

	/** No limit, no window, no start time. */
	public static final SendingPolicy NONE = new SendingPolicy(Map.of(), null, null);

	/** The domain key of the limit of each domain not named. */
	public static final String OTHER_DOMAINS = "*"; //$NON-NLS-1$

	public SendingPolicy {
		Map<String, Integer> limits = new LinkedHashMap<>();
		if (domainLimits != null) {
			domainLimits.forEach((domain, limit) -> {
				if (limit == null || limit < 1 || limit > Throttle.MAX) {
					throw new IllegalArgumentException("domainLimits: " + domain + " " + limit); //$NON-NLS-1$ //$NON-NLS-2$
				}
				limits.put(domain.strip().toLowerCase(Locale.ROOT), limit);
			});
		}
		domainLimits = java.util.Collections.unmodifiableMap(limits);
	}

	/** @return this policy without a start time */
	public SendingPolicy withStartAt(Instant newStartAt) {
		return new SendingPolicy(domainLimits, sendWindow, newStartAt);
	}

	/** @return the messages per minute allowed to {@code domain} (lower case), 0 for no limit */
	public int limitFor(String domain) {
		Integer limit = domainLimits.get(domain);
		if (limit == null) {
			limit = domainLimits.get(OTHER_DOMAINS);
		}
		return limit == null ? 0 : limit;
	}

	/** @return whether the runner must hold recipients back per domain or per time zone */
	public boolean gates() {
		return !domainLimits.isEmpty() || sendWindow != null;
	}
}
