package com.bitfaster.mail.campaign;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import jakarta.mail.internet.InternetAddress;

/**
 * What a campaign sends, to whom and through which servers.
 *
 * @param name            shown in progress and reports
 * @param from            the sender address
 * @param template        subject and bodies with merge fields
 * @param recipientList   the CSV list of recipients
 * @param serverIds       the servers to send through: one, or a pool used in order with failover
 * @param listUnsubscribe when not empty, a List-Unsubscribe URL (may use merge fields, for example
 *                        {@code https://company.com/unsubscribe?u={{id}}}); an https URL also gets
 *                        {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}
 * @param throttle        messages per hour and batch size
 * @param policy          limits per recipient domain, send window, start time
 */
public record Campaign(String name, InternetAddress from, MessageTemplate template, Path recipientList,
		List<String> serverIds, String listUnsubscribe, Throttle throttle, SendingPolicy policy) {

	/** A campaign without a sending policy. */
	public Campaign(String name, InternetAddress from, MessageTemplate template, Path recipientList,
			List<String> serverIds, String listUnsubscribe, Throttle throttle) {
		this(name, from, template, recipientList, serverIds, listUnsubscribe, throttle, SendingPolicy.NONE);
	}

	/** A campaign limited by its servers only. */
	public Campaign(String name, InternetAddress from, MessageTemplate template, Path recipientList,
			List<String> serverIds, String listUnsubscribe) {
		this(name, from, template, recipientList, serverIds, listUnsubscribe, Throttle.NONE);
	}

	public Campaign {
		Objects.requireNonNull(name, "name"); //$NON-NLS-1$
		Objects.requireNonNull(from, "from"); //$NON-NLS-1$
		Objects.requireNonNull(template, "template"); //$NON-NLS-1$
		Objects.requireNonNull(recipientList, "recipientList"); //$NON-NLS-1$
		serverIds = List.copyOf(serverIds);
		listUnsubscribe = listUnsubscribe == null ? "" : listUnsubscribe.strip(); //$NON-NLS-1$
		throttle = throttle == null ? Throttle.NONE : throttle;
		policy = policy == null ? SendingPolicy.NONE : policy;
	}

	/** @return this campaign with another throttle */
	public Campaign withThrottle(Throttle newThrottle) {
		return new Campaign(name, from, template, recipientList, serverIds, listUnsubscribe, newThrottle, policy);
	}

	/** @return this campaign with another sending policy */
	public Campaign withPolicy(SendingPolicy newPolicy) {
		return new Campaign(name, from, template, recipientList, serverIds, listUnsubscribe, throttle, newPolicy);
	}
}
