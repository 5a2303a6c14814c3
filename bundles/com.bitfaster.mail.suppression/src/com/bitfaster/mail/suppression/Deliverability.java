package com.bitfaster.mail.suppression;

/**
 * The organisation's deliverability settings.
 *
 * @param returnPathDomain  domain of the return path {@code bounce+TOKEN@domain}; empty: VERP off (the account's own
 *                          sender is the return path)
 * @param unsubscribeDomain domain of {@code unsubscribe+TOKEN@domain}; empty: the return-path domain
 * @param softBounceLimit   soft bounces within {@code softBounceDays} that suppress an address
 * @param softBounceDays    the period soft bounces are counted in
 */
public record Deliverability(String returnPathDomain, String unsubscribeDomain, int softBounceLimit,
		int softBounceDays) {

	/** The settings of an organisation that has set none. */
	public static final Deliverability DEFAULTS = new Deliverability("", "", 3, 14); //$NON-NLS-1$ //$NON-NLS-2$

	public Deliverability {
		returnPathDomain = returnPathDomain == null ? "" : returnPathDomain.strip(); //$NON-NLS-1$
		unsubscribeDomain = unsubscribeDomain == null ? "" : unsubscribeDomain.strip(); //$NON-NLS-1$
	}

	/** @return whether campaign messages go out with a {@code bounce+TOKEN} return path */
	public boolean verp() {
		return !returnPathDomain.isEmpty();
	}

	/** @return the domain of unsubscribe addresses; empty when neither domain is set */
	public String effectiveUnsubscribeDomain() {
		return unsubscribeDomain.isEmpty() ? returnPathDomain : unsubscribeDomain;
	}
}
