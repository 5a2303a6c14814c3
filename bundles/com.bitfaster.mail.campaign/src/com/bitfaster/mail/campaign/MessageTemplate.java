package com.bitfaster.mail.campaign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * Subject, plain text and HTML with merge fields written {@code {{first_name}}} (names compared case-insensitively).
 * Values are HTML-escaped in the HTML body and flattened to one line in the subject, so a recipient's data can neither
 * inject markup nor a header. A field the list does not have is found by {@link #missingFields} before sending.
 *
 * @param subject the subject template
 * @param text    the plain-text body template; may be empty when there is HTML
 * @param html    the HTML body template; may be empty for plain text only
 */
public record MessageTemplate(String subject, String text, String html) {

	private static final Pattern LINE_BREAKS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+"); //$NON-NLS-1$
	private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*\\}\\}"); //$NON-NLS-1$

	public MessageTemplate {
		subject = subject == null ? "" : subject; //$NON-NLS-1$
		text = text == null ? "" : text; //$NON-NLS-1$
		html = html == null ? "" : html; //$NON-NLS-1$
	}

	/** @return the merge fields used, in order of first use */
	public Set<String> fieldsUsed() {
		Set<String> used = new LinkedHashSet<>();
		for (String part : List.of(subject, text, html)) {
			Matcher m = FIELD.matcher(part);
			while (m.find()) {
				used.add(m.group(1));
			}
		}
		return used;
	}

	/** @return the fields used that are not among {@code available} (for example a list's header) */
	public List<String> missingFields(Collection<String> available) {
		Set<String> have = new java.util.HashSet<>();
		available.forEach(a -> have.add(a.toLowerCase(Locale.ROOT)));
		return fieldsUsed().stream().filter(f -> !have.contains(f.toLowerCase(Locale.ROOT))).toList();
	}

	/**
	 * @throws IllegalArgumentException naming the fields the values lack
	 */
	public Rendered render(Map<String, String> values) {
		return compile().render(values);
	}

	/** @return this template parsed once, to render many recipients quickly */
	public Compiled compile() {
		return new Compiled(parse(subject), parse(text), parse(html), fieldsUsed());
	}

	/** Literal text and field names in turn: even indexes are text, odd ones field names (lower case). */
	private static List<String> parse(String template) {
		List<String> parts = new ArrayList<>();
		Matcher m = FIELD.matcher(template);
		int end = 0;
		while (m.find()) {
			parts.add(template.substring(end, m.start()));
			parts.add(m.group(1).toLowerCase(Locale.ROOT));
			end = m.end();
		}
		parts.add(template.substring(end));
		return List.copyOf(parts);
	}

	/** A template parsed into text and fields; renders without regular expressions. */
	public static final class Compiled {
		private final List<String> subject;
		private final List<String> text;
		private final List<String> html;
		private final Set<String> fields;

		Compiled(List<String> subject, List<String> text, List<String> html, Set<String> fields) {
			this.subject = subject;
			this.text = text;
			this.html = html;
			this.fields = fields;
		}

		/**
		 * @throws IllegalArgumentException naming the fields the values lack
		 */
		public Rendered render(Map<String, String> values) {
			Map<String, String> byName = new java.util.HashMap<>(values.size() * 2);
			values.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), v));
			List<String> missing = fields.stream().filter(f -> !byName.containsKey(f.toLowerCase(Locale.ROOT))).toList();
			if (!missing.isEmpty()) {
				throw new IllegalArgumentException(NLS.bind(Messages.Template_missingFields, String.join(", ", missing))); //$NON-NLS-1$
			}
			return new Rendered(fill(subject, byName, MessageTemplate::oneLine),
					fill(text, byName, UnaryOperator.identity()), fill(html, byName, MessageTemplate::escapeHtml));
		}

		private static String fill(List<String> parts, Map<String, String> values, UnaryOperator<String> encode) {
			StringBuilder sb = new StringBuilder(256);
			for (int i = 0; i < parts.size(); i++) {
				sb.append(i % 2 == 0 ? parts.get(i) : encode.apply(values.get(parts.get(i))));
			}
			return sb.toString();
		}
	}

	static String oneLine(String value) {
		return LINE_BREAKS.matcher(value).replaceAll(" ").strip(); //$NON-NLS-1$
	}

	static String escapeHtml(String value) {
		StringBuilder sb = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
			case '&' -> sb.append("&amp;"); //$NON-NLS-1$
			case '<' -> sb.append("&lt;"); //$NON-NLS-1$
			case '>' -> sb.append("&gt;"); //$NON-NLS-1$
			case '"' -> sb.append("&quot;"); //$NON-NLS-1$
			case '\'' -> sb.append("&#39;"); //$NON-NLS-1$
			default -> sb.append(c);
			}
		}
		return sb.toString();
	}

	/** A template filled in for one recipient. */
	public record Rendered(String subject, String text, String html) {
	}
}
