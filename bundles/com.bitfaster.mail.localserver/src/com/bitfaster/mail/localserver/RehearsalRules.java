package com.bitfaster.mail.localserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bitfaster.mail.localserver.RehearsalRule.Action;
import com.bitfaster.mail.localserver.RehearsalRule.Stage;

/**
 * The local server's rehearsal rules, parsed from their text: one rule per line, {@code #} starts a comment, the first
 * rule matching an address decides. The forms (keywords in any case):
 *
 * <pre>
 * PATTERN reject CODE [at MAIL|RCPT|DATA]     e.g. *&#64;bounce.test reject 550 at RCPT
 * PATTERN defer CODE times N                  e.g. slow&#64;* defer 451 times 2
 * PATTERN close after DATA                    e.g. drop&#64;* close after DATA
 * PATTERN accept then bounce after N(s|m)     e.g. late&#64;* accept then bounce after 10s
 * PATTERN random 1/N CODE seed S              e.g. * random 1/20 451 seed 7
 * </pre>
 */
public final class RehearsalRules {

	/** No rules: the server accepts everything. */
	public static final RehearsalRules NONE = new RehearsalRules("", List.of()); //$NON-NLS-1$

	private static final String PATTERN = "(\\S+)\\s+"; //$NON-NLS-1$
	private static final Pattern REJECT = Pattern.compile(PATTERN + "reject\\s+([45]\\d\\d)(?:\\s+at\\s+(mail|rcpt|data))?", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern DEFER = Pattern.compile(PATTERN + "defer\\s+(4\\d\\d)\\s+times\\s+(\\d{1,4})", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern CLOSE = Pattern.compile(PATTERN + "close\\s+after\\s+data", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$
	private static final Pattern BOUNCE = Pattern.compile(PATTERN + "accept\\s+then\\s+bounce\\s+after\\s+(\\d{1,5})(s|m)", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern RANDOM = Pattern.compile(PATTERN + "random\\s+1/(\\d{1,6})\\s+([45]\\d\\d)\\s+seed\\s+(-?\\d{1,18})", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern ADDRESS_PATTERN = Pattern.compile("[^\\s<>()\\[\\],;:\"]+"); //$NON-NLS-1$

	private final String text;
	private final List<RehearsalRule> rules;

	private RehearsalRules(String text, List<RehearsalRule> rules) {
		this.text = text;
		this.rules = List.copyOf(rules);
	}

	/** A line of the rules text that is not a rule. */
	public static final class SyntaxException extends Exception {
		private static final long serialVersionUID = 1L;
		private final int line;

		public SyntaxException(int line, String problem) {
			super("line " + line + ": " + problem); //$NON-NLS-1$ //$NON-NLS-2$
			this.line = line;
		}

		/** @return the 1-based line number */
		public int line() {
			return line;
		}
	}

	/** @throws SyntaxException at the first line that is not a rule, its message starting with "line N: " */
	public static RehearsalRules parse(String text) throws SyntaxException {
		List<RehearsalRule> rules = new ArrayList<>();
		String[] lines = text.split("\\R", -1); //$NON-NLS-1$
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			int hash = line.indexOf('#');
			String rule = (hash >= 0 ? line.substring(0, hash) : line).strip().replaceAll("\\s+", " "); //$NON-NLS-1$ //$NON-NLS-2$
			if (!rule.isEmpty()) {
				rules.add(parseRule(i + 1, rule));
			}
		}
		return new RehearsalRules(text, rules);
	}

	private static RehearsalRule parseRule(int line, String rule) throws SyntaxException {
		String pattern = rule.split(" ", 2)[0]; //$NON-NLS-1$
		if (!ADDRESS_PATTERN.matcher(pattern).matches()) {
			throw new SyntaxException(line, "\"" + pattern + "\" is not an address pattern (like *@bounce.test)"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		Matcher m;
		if ((m = REJECT.matcher(rule)).matches()) {
			Stage stage = m.group(3) == null ? Stage.RCPT : Stage.valueOf(m.group(3).toUpperCase(Locale.ROOT));
			return new RehearsalRule(line, pattern, Action.REJECT, stage, Integer.parseInt(m.group(2)), 0, Duration.ZERO, 0, 0);
		}
		if ((m = DEFER.matcher(rule)).matches()) {
			return new RehearsalRule(line, pattern, Action.DEFER, Stage.RCPT, Integer.parseInt(m.group(2)),
					Integer.parseInt(m.group(3)), Duration.ZERO, 0, 0);
		}
		if ((m = CLOSE.matcher(rule)).matches()) {
			return new RehearsalRule(line, pattern, Action.CLOSE, Stage.DATA, 0, 0, Duration.ZERO, 0, 0);
		}
		if ((m = BOUNCE.matcher(rule)).matches()) {
			long amount = Long.parseLong(m.group(2));
			Duration delay = "m".equalsIgnoreCase(m.group(3)) ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount); //$NON-NLS-1$
			return new RehearsalRule(line, pattern, Action.BOUNCE, Stage.DATA, 0, 0, delay, 0, 0);
		}
		if ((m = RANDOM.matcher(rule)).matches()) {
			int oneIn = Integer.parseInt(m.group(2));
			if (oneIn < 1) {
				throw new SyntaxException(line, "random needs 1/N with N at least 1"); //$NON-NLS-1$
			}
			return new RehearsalRule(line, pattern, Action.RANDOM, Stage.RCPT, Integer.parseInt(m.group(3)), 0,
					Duration.ZERO, oneIn, Long.parseLong(m.group(4)));
		}
		throw new SyntaxException(line, "\"" + rule //$NON-NLS-1$
				+ "\" is not a rule; write PATTERN reject CODE [at MAIL|RCPT|DATA], PATTERN defer 4xx times N, PATTERN close after DATA, PATTERN accept then bounce after Ns, or PATTERN random 1/N CODE seed S"); //$NON-NLS-1$
	}

	/** @return the text the rules were parsed from */
	public String text() {
		return text;
	}

	public List<RehearsalRule> rules() {
		return rules;
	}
}
