package com.bitfaster.mail.localserver;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One rehearsal rule of the local server: which addresses it applies to and what the server does to them.
 *
 * @param line    its line in the rules text (1-based)
 * @param pattern an address pattern, {@code *} standing for any characters ({@code *@bounce.test}, {@code slow@*})
 * @param action  what the server does
 * @param stage   where it does it: {@link Stage#MAIL} matches the sender, the others the recipient
 * @param code    the SMTP reply code for reject, defer and random
 * @param times   for defer: how many times before the address is accepted
 * @param delay   for bounce: how long after accepting the DSN is sent
 * @param oneIn   for random: the rule fires for 1 in {@code oneIn} recipients
 * @param seed    for random: the seed, so a rehearsal repeats exactly
 */
public record RehearsalRule(int line, String pattern, Action action, Stage stage, int code, int times, Duration delay,
		int oneIn, long seed) {

	public enum Action {
		/** Answer {@code code} at the stage. */
		REJECT,
		/** Answer {@code code} (4xx) {@code times} times at RCPT, then accept. */
		DEFER,
		/** Close the connection after the final dot of the message, without a reply. */
		CLOSE,
		/** Accept, then send a delivery status notification (RFC 3464) to the sender after {@code delay}. */
		BOUNCE,
		/** Answer {@code code} at RCPT for 1 in {@code oneIn} recipients, drawn from a generator seeded with {@code seed}. */
		RANDOM
	}

	public enum Stage {
		MAIL, RCPT, DATA
	}

	/** @return whether the address, or the address without its {@code +tag}, matches the pattern (case ignored) */
	public boolean matches(String address) {
		String lower = address.toLowerCase(Locale.ROOT);
		Pattern regex = Pattern.compile(
				("\\Q" + pattern.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		return regex.matcher(lower).matches() || regex.matcher(Mailboxes.withoutTag(lower)).matches();
	}
}
