package com.bitfaster.mail.localserver.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.bitfaster.mail.localserver.RehearsalRule;
import com.bitfaster.mail.localserver.RehearsalRule.Action;
import com.bitfaster.mail.localserver.RehearsalRule.Stage;
import com.bitfaster.mail.localserver.RehearsalRules;

/**
 * Applies rehearsal rules at the SMTP stages and keeps what they count: how often an address was deferred, and each
 * random rule's generator (seeded, so the same sends in the same order meet the same answers).
 */
final class RuleEngine {

	/** What the server answers at a stage: a reply code and text, or nothing (go on). */
	record Refusal(int code, String text) {
	}

	private final List<RehearsalRule> rules;
	private final Map<String, Integer> deferrals = new HashMap<>();
	private final Map<Integer, Random> generators = new HashMap<>();

	RuleEngine(RehearsalRules rules) {
		this.rules = rules.rules();
		for (RehearsalRule rule : this.rules) {
			if (rule.action() == Action.RANDOM) {
				generators.put(rule.line(), new Random(rule.seed()));
			}
		}
	}

	/** @return the rule deciding for a recipient: the first one that matches it (sender rules aside) */
	Optional<RehearsalRule> ruleFor(String recipient) {
		return rules.stream().filter(r -> r.stage() != Stage.MAIL && r.matches(recipient)).findFirst();
	}

	synchronized Optional<Refusal> atMail(String sender) {
		return rules.stream().filter(r -> r.stage() == Stage.MAIL && r.matches(sender)).findFirst()
				.map(r -> new Refusal(r.code(), status(r.code()) + " <" + sender + ">: sender refused by rehearsal rule (line " //$NON-NLS-1$ //$NON-NLS-2$
						+ r.line() + ")")); //$NON-NLS-1$
	}

	synchronized Optional<Refusal> atRcpt(String recipient) {
		Optional<RehearsalRule> found = ruleFor(recipient);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		RehearsalRule rule = found.get();
		String who = " <" + recipient + ">: "; //$NON-NLS-1$ //$NON-NLS-2$
		switch (rule.action()) {
		case REJECT:
			if (rule.stage() == Stage.RCPT) {
				return Optional.of(new Refusal(rule.code(),
						status(rule.code()) + who + "rejected by rehearsal rule (line " + rule.line() + ")")); //$NON-NLS-1$ //$NON-NLS-2$
			}
			return Optional.empty();
		case DEFER:
			String key = rule.line() + " " + recipient.toLowerCase(Locale.ROOT); //$NON-NLS-1$
			int count = deferrals.getOrDefault(key, 0);
			if (count >= rule.times()) {
				return Optional.empty();
			}
			deferrals.put(key, count + 1);
			return Optional.of(new Refusal(rule.code(), status(rule.code()) + who + "deferred by rehearsal rule (line " //$NON-NLS-1$
					+ rule.line() + ", " + (count + 1) + " of " + rule.times() + "), try again later")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		case RANDOM:
			if (generators.get(rule.line()).nextInt(rule.oneIn()) == 0) {
				return Optional.of(new Refusal(rule.code(),
						status(rule.code()) + who + "refused at random by rehearsal rule (line " + rule.line() + ")")); //$NON-NLS-1$ //$NON-NLS-2$
			}
			return Optional.empty();
		default:
			return Optional.empty();
		}
	}

	/** @return the rule that rejects the message at the final dot, for any of its recipients */
	synchronized Optional<RehearsalRule> atData(List<String> recipients, Action action) {
		for (String recipient : recipients) {
			Optional<RehearsalRule> rule = ruleFor(recipient);
			if (rule.isPresent() && rule.get().stage() == Stage.DATA && rule.get().action() == action) {
				return rule;
			}
		}
		return Optional.empty();
	}

	/** An enhanced status code (RFC 3463) for a reply code: 5.7.1 or 4.7.1, and 5.1.1 for 550. */
	static String status(int code) {
		return code == 550 ? "5.1.1" : (code / 100) + ".7.1"; //$NON-NLS-1$ //$NON-NLS-2$
	}
}
