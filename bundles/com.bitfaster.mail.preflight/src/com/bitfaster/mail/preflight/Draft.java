package com.bitfaster.mail.preflight;

import java.util.List;
import java.util.Objects;

/**
 * A single mail to check (the compose editor), already written out: no merge fields.
 *
 * @param from            the From address
 * @param replyTo         the Reply-To address(es); empty when replies go to From
 * @param subject         the subject
 * @param text            the plain-text body; may be empty
 * @param html            the HTML body; may be empty
 * @param listUnsubscribe the List-Unsubscribe URL; empty for a mail that is not bulk mail
 * @param relayHosts      the host names (or addresses) of the servers it will be sent through
 */
public record Draft(String from, String replyTo, String subject, String text, String html, String listUnsubscribe,
		List<String> relayHosts) {
	public Draft {
		from = Objects.requireNonNullElse(from, "").strip(); //$NON-NLS-1$
		replyTo = Objects.requireNonNullElse(replyTo, "").strip(); //$NON-NLS-1$
		subject = Objects.requireNonNullElse(subject, ""); //$NON-NLS-1$
		text = Objects.requireNonNullElse(text, ""); //$NON-NLS-1$
		html = Objects.requireNonNullElse(html, ""); //$NON-NLS-1$
		listUnsubscribe = Objects.requireNonNullElse(listUnsubscribe, "").strip(); //$NON-NLS-1$
		relayHosts = List.copyOf(relayHosts == null ? List.of() : relayHosts);
	}
}
