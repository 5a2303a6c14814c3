package com.bitfaster.mail.bounces;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads what a message in the bounce mailbox means: RFC 3464 delivery status notifications, RFC 5965 feedback
 * reports (complaints), auto-replies, mails to {@code unsubscribe+TOKEN@}, and the common bounces that are plain text
 * (Postfix and Exim without DSN, Exchange / Microsoft 365 and Gmail notices).
 * <p>
 * A DSN's {@code message/delivery-status} part is parsed here rather than with Angus's {@code dsn} module, which is not
 * in the target: its syntax is header blocks (RFC 3464 section 2), which {@link InternetHeaders} reads.
 * </p>
 */
public final class BounceParser {

	/** The header a campaign message carries its token in, for bounces whose return path was rewritten. */
	public static final String TOKEN_HEADER = "X-BitFaster-Token"; //$NON-NLS-1$
	public static final String BOUNCE_PREFIX = "bounce"; //$NON-NLS-1$
	public static final String UNSUBSCRIBE_PREFIX = "unsubscribe"; //$NON-NLS-1$

	/** Tokens are lower-case base32; the class is a little wider so a token in another case is still found. */
	private static final String TOKEN = "([A-Za-z0-9]{16,64})"; //$NON-NLS-1$
	private static final Pattern TOKEN_HEADER_LINE = Pattern.compile("(?im)^" + TOKEN_HEADER + ":[ \\t]*" + TOKEN); //$NON-NLS-1$ //$NON-NLS-2$
	private static final Pattern VERP = Pattern.compile("(?i)\\b" + BOUNCE_PREFIX + "\\+" + TOKEN + "@"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	/** An SMTP reply code, then optionally an enhanced status code: "550 5.1.1", "550-5.1.1", "554 5.2.2". */
	private static final Pattern SMTP_REPLY = Pattern.compile("\\b([245][0-9][0-9])[ -]+(?:#?([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b)?"); //$NON-NLS-1$
	private static final Pattern ENHANCED = Pattern.compile("\\b([45]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b"); //$NON-NLS-1$
	private static final Pattern BOUNCE_ADDRESS = addressPattern(BOUNCE_PREFIX);
	private static final Pattern UNSUBSCRIBE_ADDRESS = addressPattern(UNSUBSCRIBE_PREFIX);
	private static final Pattern ADDRESS = Pattern.compile("<?([A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})>?"); //$NON-NLS-1$

	private BounceParser() {
	}

	private static Pattern addressPattern(String prefix) {
		return Pattern.compile("(?i)(?:^|[<\\s,:])" + Pattern.quote(prefix) + "\\+" + TOKEN + "@"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	/** Parses raw message bytes (RFC 5322). */
	public static ParsedBounce parse(byte[] raw) throws MessagingException {
		return parse(new MimeMessage(null, new ByteArrayInputStream(raw)));
	}

	/** Parses a message; never throws for content it does not understand (that is {@link BounceKind#UNRECOGNISED}). */
	public static ParsedBounce parse(MimeMessage message) throws MessagingException {
		String messageId = Optional.ofNullable(message.getMessageID()).orElse(""); //$NON-NLS-1$
		Optional<String> unsubscribe = addressToken(message, UNSUBSCRIBE_PREFIX);
		if (unsubscribe.isPresent()) {
			return new ParsedBounce(BounceKind.UNSUBSCRIBE, unsubscribe, List.of(), messageId);
		}
		Optional<String> verp = addressToken(message, BOUNCE_PREFIX);
		try {
			Report report = new Report();
			report.walk(message, 0);
			Optional<String> token = verp.or(() -> report.returnedToken).or(() -> report.envelopeId);
			if (report.feedback) {
				List<ParsedBounce.Failure> who = report.complainedBy.isEmpty() ? List.of()
						: List.of(new ParsedBounce.Failure(report.complainedBy, "", "complaint")); //$NON-NLS-1$ //$NON-NLS-2$
				return new ParsedBounce(BounceKind.COMPLAINT, token, who, messageId);
			}
			if (!report.failures.isEmpty()) {
				return new ParsedBounce(worst(report.failures), token, report.failures, messageId);
			}
			// Before the auto-reply test: bounces say Auto-Submitted too.
			if (looksLikeBounce(message)) {
				Optional<ParsedBounce.Failure> failure = textFailure(report.text.toString());
				if (failure.isPresent()) {
					ParsedBounce.Failure f = failure.get();
					return new ParsedBounce(BounceKind.classify(f.status(), f.diagnostic()), token, List.of(f), messageId);
				}
			}
			if (isAutoReply(message)) {
				return new ParsedBounce(BounceKind.AUTO_REPLY, token, List.of(), messageId);
			}
			return new ParsedBounce(BounceKind.UNRECOGNISED, token, List.of(), messageId);
		} catch (IOException e) {
			throw new MessagingException("Cannot read the message: " + e.getMessage(), e); //$NON-NLS-1$
		}
	}

	/** A DSN for several recipients is as bad as its worst failure; "delayed" and "delivered" entries are no failures. */
	private static BounceKind worst(List<ParsedBounce.Failure> failures) {
		BounceKind kind = BounceKind.UNRECOGNISED;
		for (ParsedBounce.Failure f : failures) {
			BounceKind k = BounceKind.classify(f.status(), f.diagnostic());
			if (k == BounceKind.HARD) {
				return k;
			}
			if (k == BounceKind.SOFT) {
				kind = k;
			}
		}
		return kind;
	}

	/** @return the token of the first recipient address {@code prefix+TOKEN@...} the message was delivered to */
	static Optional<String> addressToken(MimeMessage message, String prefix) throws MessagingException {
		Pattern p = prefix.equals(BOUNCE_PREFIX) ? BOUNCE_ADDRESS : UNSUBSCRIBE_ADDRESS;
		for (String name : new String[] { "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc" }) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
			String[] values = message.getHeader(name);
			if (values == null) {
				continue;
			}
			for (String v : values) {
				Matcher m = p.matcher(v);
				if (m.find()) {
					return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		return Optional.empty();
	}

	static boolean isAutoReply(MimeMessage message) throws MessagingException {
		String auto = header(message, "Auto-Submitted").toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if (!auto.isEmpty() && !auto.startsWith("no")) { //$NON-NLS-1$
			return true;
		}
		if (!header(message, "X-Autoreply").isEmpty() || !header(message, "X-Autorespond").isEmpty()) { //$NON-NLS-1$ //$NON-NLS-2$
			return true;
		}
		String precedence = header(message, "Precedence").toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if (precedence.equals("auto_reply")) { //$NON-NLS-1$
			return true;
		}
		String subject = Optional.ofNullable(message.getSubject()).orElse("").toLowerCase(Locale.ROOT); //$NON-NLS-1$
		return subject.startsWith("out of office") || subject.startsWith("automatic reply") //$NON-NLS-1$ //$NON-NLS-2$
				|| subject.startsWith("auto:") || subject.startsWith("autoreply"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** The signs of a non-standard bounce: who sent it, or what its subject or body says. */
	static boolean looksLikeBounce(MimeMessage message) throws MessagingException {
		String from = header(message, "From").toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if (from.contains("mailer-daemon") || from.contains("postmaster")) { //$NON-NLS-1$ //$NON-NLS-2$
			return true;
		}
		String subject = Optional.ofNullable(message.getSubject()).orElse("").toLowerCase(Locale.ROOT); //$NON-NLS-1$
		for (String s : new String[] { "undeliver", "delivery status notification", "mail delivery failed", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"returned mail", "delivery failure", "failure notice" }) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			if (subject.contains(s)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The failure a plain-text bounce describes: the first SMTP reply with an error code (preferring one with an enhanced
	 * status), the address named nearest before it, and the rest of that line as the diagnostic.
	 */
	static Optional<ParsedBounce.Failure> textFailure(String text) {
		// The returned message starts at its headers; a code quoted in it is not the bounce's.
		int end = returnedStart(text);
		String body = text.substring(0, end);
		Matcher m = SMTP_REPLY.matcher(body);
		int at = -1;
		String status = null;
		while (m.find()) {
			if (m.group(1).startsWith("2")) { //$NON-NLS-1$
				continue;
			}
			if (m.group(2) != null) {
				at = m.start();
				status = m.group(2);
				break;
			}
			if (status == null) {
				at = m.start();
				status = m.group(1);
			}
		}
		if (status == null) {
			Matcher e = ENHANCED.matcher(body);
			if (!e.find()) {
				return Optional.empty();
			}
			at = e.start();
			status = e.group(1);
		}
		int lineEnd = body.indexOf('\n', at);
		String diagnostic = body.substring(at, lineEnd < 0 ? body.length() : lineEnd).replace('\'', ' ').strip();
		String recipient = ""; //$NON-NLS-1$
		Matcher a = ADDRESS.matcher(body.substring(0, at));
		while (a.find()) {
			String candidate = a.group(1).toLowerCase(Locale.ROOT);
			if (!candidate.startsWith(BOUNCE_PREFIX + "+") && !candidate.startsWith("mailer-daemon") //$NON-NLS-1$ //$NON-NLS-2$
					&& !candidate.startsWith("postmaster")) { //$NON-NLS-1$
				recipient = candidate;
			}
		}
		return Optional.of(new ParsedBounce.Failure(recipient, status, diagnostic));
	}

	private static int returnedStart(String text) {
		int best = text.length();
		for (String marker : new String[] { "\nReturn-Path:", "\nReceived:", "\nMessage-ID:", "\nMessage-Id:" }) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			int i = text.indexOf(marker);
			if (i >= 0 && i < best) {
				best = i;
			}
		}
		return best;
	}

	private static String header(Part part, String name) throws MessagingException {
		String[] v = part.getHeader(name);
		return v == null || v.length == 0 ? "" : v[0].strip(); //$NON-NLS-1$
	}

	/** What the parts of one message say, gathered in one walk. */
	private static final class Report {
		final List<ParsedBounce.Failure> failures = new ArrayList<>();
		boolean feedback;
		String complainedBy = ""; //$NON-NLS-1$
		Optional<String> returnedToken = Optional.empty();
		Optional<String> envelopeId = Optional.empty();
		final StringBuilder text = new StringBuilder();

		void walk(Part part, int depth) throws MessagingException, IOException {
			if (depth > 8) {
				return;
			}
			String type = part.getContentType() == null ? "text/plain" : part.getContentType().toLowerCase(Locale.ROOT); //$NON-NLS-1$
			if (type.startsWith("multipart/")) { //$NON-NLS-1$
				if (type.contains("report-type=feedback-report") || type.contains("report-type=\"feedback-report\"")) { //$NON-NLS-1$ //$NON-NLS-2$
					feedback = true;
				}
				Object content = part.getContent();
				if (content instanceof Multipart mp) {
					for (int i = 0; i < mp.getCount(); i++) {
						BodyPart child = mp.getBodyPart(i);
						walk(child, depth + 1);
					}
				}
				return;
			}
			if (type.startsWith("message/delivery-status") || type.startsWith("message/global-delivery-status")) { //$NON-NLS-1$ //$NON-NLS-2$
				deliveryStatus(bytes(part));
			} else if (type.startsWith("message/feedback-report")) { //$NON-NLS-1$
				feedback = true;
				feedbackReport(bytes(part));
			} else if (type.startsWith("message/rfc822") || type.startsWith("text/rfc822-headers") //$NON-NLS-1$ //$NON-NLS-2$
					|| type.startsWith("message/global")) { //$NON-NLS-1$
				returned(new String(bytes(part), StandardCharsets.UTF_8));
			} else if (type.startsWith("text/")) { //$NON-NLS-1$
				String s = textOf(part);
				text.append(s).append('\n');
				// A plain-text bounce quotes the returned headers inline.
				returned(s);
			}
		}

		private void returned(String content) {
			if (returnedToken.isPresent()) {
				return;
			}
			Matcher h = TOKEN_HEADER_LINE.matcher(content);
			if (h.find()) {
				returnedToken = Optional.of(h.group(1).toLowerCase(Locale.ROOT));
				return;
			}
			Matcher v = VERP.matcher(content);
			if (v.find()) {
				returnedToken = Optional.of(v.group(1).toLowerCase(Locale.ROOT));
			}
		}

		/** RFC 3464 section 2: a per-message block, then one block per recipient, separated by empty lines. */
		private void deliveryStatus(byte[] raw) throws MessagingException {
			List<Map<String, String>> blocks = blocks(raw);
			if (blocks.isEmpty()) {
				return;
			}
			String envid = blocks.get(0).getOrDefault("original-envelope-id", ""); //$NON-NLS-1$ //$NON-NLS-2$
			if (!envid.isEmpty() && envid.matches(TOKEN)) {
				envelopeId = Optional.of(envid.toLowerCase(Locale.ROOT));
			}
			for (Map<String, String> b : blocks.subList(1, blocks.size())) {
				String action = b.getOrDefault("action", "").toLowerCase(Locale.ROOT); //$NON-NLS-1$ //$NON-NLS-2$
				if (!action.startsWith("failed") && !action.startsWith("delayed")) { //$NON-NLS-1$ //$NON-NLS-2$
					continue; // delivered, relayed, expanded: no failure
				}
				String recipient = typed(b.getOrDefault("final-recipient", b.getOrDefault("original-recipient", ""))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				String status = b.getOrDefault("status", "").replaceAll("\\s.*", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				String diagnostic = typed(b.getOrDefault("diagnostic-code", "")); //$NON-NLS-1$ //$NON-NLS-2$
				failures.add(new ParsedBounce.Failure(recipient.toLowerCase(Locale.ROOT), status, diagnostic));
			}
		}

		/** RFC 5965: who complained is in Original-Rcpt-To (optional); the returned message carries the token. */
		private void feedbackReport(byte[] raw) throws MessagingException {
			for (Map<String, String> b : blocks(raw)) {
				String rcpt = b.getOrDefault("original-rcpt-to", ""); //$NON-NLS-1$ //$NON-NLS-2$
				if (!rcpt.isEmpty()) {
					Matcher a = ADDRESS.matcher(rcpt);
					if (a.find()) {
						complainedBy = a.group(1).toLowerCase(Locale.ROOT);
					}
				}
			}
		}

		/** {@code rfc822; user@example.com} -> {@code user@example.com}, unfolded to one line. */
		private static String typed(String value) {
			int semi = value.indexOf(';');
			String v = semi >= 0 ? value.substring(semi + 1) : value;
			return v.replaceAll("\\s+", " ").strip(); //$NON-NLS-1$ //$NON-NLS-2$
		}

		private static List<Map<String, String>> blocks(byte[] raw) throws MessagingException {
			List<Map<String, String>> blocks = new ArrayList<>();
			InputStream in = new ByteArrayInputStream(raw);
			while (true) {
				InternetHeaders headers = new InternetHeaders(in);
				Map<String, String> block = new LinkedHashMap<>();
				var all = headers.getAllHeaders();
				while (all.hasMoreElements()) {
					var h = all.nextElement();
					block.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue().strip());
				}
				if (block.isEmpty()) {
					if (skipBlank(in)) {
						continue;
					}
					return blocks;
				}
				blocks.add(block);
			}
		}

		/** @return whether more content follows blank lines (tolerates several blank lines between blocks) */
		private static boolean skipBlank(InputStream in) throws MessagingException {
			try {
				in.mark(1);
				int c = in.read();
				while (c == '\r' || c == '\n') {
					in.mark(1);
					c = in.read();
				}
				if (c < 0) {
					return false;
				}
				in.reset();
				return true;
			} catch (IOException e) {
				throw new MessagingException(e.getMessage(), e);
			}
		}

		private static byte[] bytes(Part part) throws MessagingException, IOException {
			try (InputStream in = part.getInputStream()) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				in.transferTo(out);
				return out.toByteArray();
			}
		}

		private static String textOf(Part part) throws MessagingException, IOException {
			Object content = part.getContent();
			if (content instanceof String s) {
				return part.isMimeType("text/html") ? s.replaceAll("<[^>]*>", " ") : s; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
			return new String(bytes(part), StandardCharsets.UTF_8);
		}
	}
}
