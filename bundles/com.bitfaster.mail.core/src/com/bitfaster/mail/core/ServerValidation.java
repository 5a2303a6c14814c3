package com.bitfaster.mail.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.internal.Messages;

/**
 * Checks the settings of a {@link MailServer} one field at a time. Checks that need other servers (unique names) or
 * installed contributions (encryption providers, transport types) are made by the {@link ServerRegistry}.
 */
public final class ServerValidation {

	public static final int MIN_PORT = 1;
	public static final int MAX_PORT = 65535;
	public static final int MIN_TIMEOUT_SECONDS = 1;
	public static final int MAX_TIMEOUT_SECONDS = 600;
	public static final int MAX_NAME_LENGTH = 100;
	public static final int MAX_TEXT_LENGTH = 255;

	private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"); //$NON-NLS-1$
	private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+"); //$NON-NLS-1$
	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?"); //$NON-NLS-1$
	private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}"); //$NON-NLS-1$

	private ServerValidation() {
	}

	/** @return every problem of the server's own settings; empty when they are all valid */
	public static List<FieldProblem> validate(MailServer server) {
		List<FieldProblem> problems = new ArrayList<>();
		validateName(server.name()).ifPresent(problems::add);
		validateHost(server.host()).ifPresent(problems::add);
		if (server.port() < MIN_PORT || server.port() > MAX_PORT) {
			problems.add(new FieldProblem(ServerField.PORT, Messages.Validation_port));
		}
		if (server.timeoutSeconds() < MIN_TIMEOUT_SECONDS || server.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
			problems.add(new FieldProblem(ServerField.TIMEOUT, Messages.Validation_timeout));
		}
		checkText(ServerField.USERNAME, Messages.Field_username, server.username(), MAX_TEXT_LENGTH).ifPresent(problems::add);
		checkId(ServerField.TRANSPORT_TYPE, Messages.Field_transportType, server.transportType()).ifPresent(problems::add);
		checkId(ServerField.ENCRYPTION, Messages.Field_encryption, server.encryption()).ifPresent(problems::add);
		validatePlaintextAuth(server).ifPresent(problems::add);
		if (!server.heloName().isEmpty()) {
			validateHost(server.heloName()).map(p -> new FieldProblem(ServerField.HELO_NAME,
					NLS.bind(Messages.Validation_heloName, p.message()))).ifPresent(problems::add);
		}
		if (!server.pinnedCertificate().isEmpty() && !FINGERPRINT.matcher(server.pinnedCertificate()).matches()) {
			problems.add(new FieldProblem(ServerField.PINNED_CERTIFICATE, Messages.Validation_fingerprint));
		}
		ServerLimits limits = server.limits();
		if (limits.maxConnections() < 1 || limits.maxConnections() > ServerLimits.MAX_CONNECTIONS) {
			problems.add(new FieldProblem(ServerField.MAX_CONNECTIONS,
					NLS.bind(Messages.Validation_maxConnections, ServerLimits.MAX_CONNECTIONS)));
		}
		if (limits.messagesPerConnection() < 0 || limits.messagesPerConnection() > ServerLimits.MAX_MESSAGES_PER_CONNECTION) {
			problems.add(new FieldProblem(ServerField.MESSAGES_PER_CONNECTION,
					NLS.bind(Messages.Validation_messagesPerConnection, ServerLimits.MAX_MESSAGES_PER_CONNECTION)));
		}
		if (limits.messagesPerHour() < 0 || limits.messagesPerHour() > ServerLimits.MAX_MESSAGES_PER_HOUR) {
			problems.add(new FieldProblem(ServerField.MESSAGES_PER_HOUR,
					NLS.bind(Messages.Validation_messagesPerHour, ServerLimits.MAX_MESSAGES_PER_HOUR)));
		}
		if (limits.messagesPerDay() < 0 || limits.messagesPerDay() > ServerLimits.MAX_MESSAGES_PER_DAY) {
			problems.add(new FieldProblem(ServerField.MESSAGES_PER_DAY,
					NLS.bind(Messages.Validation_messagesPerDay, ServerLimits.MAX_MESSAGES_PER_DAY)));
		}
		if (limits.warmUp().size() > ServerLimits.MAX_WARM_UP_DAYS
				|| limits.warmUp().stream().anyMatch(n -> n < 1 || n > ServerLimits.MAX_MESSAGES_PER_DAY)) {
			problems.add(new FieldProblem(ServerField.WARM_UP, NLS.bind(Messages.Validation_warmUp,
					ServerLimits.MAX_WARM_UP_DAYS, ServerLimits.MAX_MESSAGES_PER_DAY)));
		}
		for (Map.Entry<String, String> e : server.transportSettings().entrySet()) {
			if (e.getKey().isBlank() || hasControlCharacter(e.getKey()) || hasControlCharacter(e.getValue())) {
				problems.add(new FieldProblem(ServerField.TRANSPORT_SETTING, e.getKey(),
						NLS.bind(Messages.Validation_transportSetting, e.getKey())));
			}
		}
		return problems;
	}

	/**
	 * A password never crosses the network without TLS unless the user said so: encryption {@code none} with a user
	 * name needs {@link MailServer#allowPlaintextAuth()}. No host is exempt, loopback included (a proxy there forwards
	 * the password on); the built-in local mail server has no user name.
	 *
	 * @return the problem, if any
	 */
	public static java.util.Optional<FieldProblem> validatePlaintextAuth(MailServer server) {
		if (server.authenticatesWithoutTls() && !server.allowPlaintextAuth()) {
			return problem(ServerField.ALLOW_PLAINTEXT_AUTH, Messages.Validation_plaintextAuth);
		}
		return java.util.Optional.empty();
	}

	/** @return the problem with a server name, if any */
	public static java.util.Optional<FieldProblem> validateName(String name) {
		if (name == null || name.isBlank()) {
			return problem(ServerField.NAME, Messages.Validation_nameEmpty);
		}
		if (!name.equals(name.strip())) {
			return problem(ServerField.NAME, Messages.Validation_nameSpaces);
		}
		return checkText(ServerField.NAME, Messages.Field_name, name, MAX_NAME_LENGTH);
	}

	/** @return the problem with a host name or address literal, if any */
	public static java.util.Optional<FieldProblem> validateHost(String host) {
		if (host == null || host.isEmpty()) {
			return problem(ServerField.HOST, Messages.Validation_hostEmpty);
		}
		if (hasControlCharacter(host)) {
			return problem(ServerField.HOST, Messages.Validation_hostControl);
		}
		if (host.chars().anyMatch(Character::isWhitespace)) {
			return problem(ServerField.HOST, Messages.Validation_hostSpaces);
		}
		String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host; //$NON-NLS-1$ //$NON-NLS-2$
		if (literal.indexOf(':') >= 0) {
			return isIpv6Literal(literal) ? java.util.Optional.empty()
					: problem(ServerField.HOST, NLS.bind(Messages.Validation_hostIpv6, host));
		}
		if (DOTTED_NUMBERS.matcher(host).matches()) {
			return isIpv4Literal(host) ? java.util.Optional.empty()
					: problem(ServerField.HOST, NLS.bind(Messages.Validation_hostIpv4, host));
		}
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host; //$NON-NLS-1$
		if (name.length() > 253 || name.isEmpty()) {
			return problem(ServerField.HOST, NLS.bind(Messages.Validation_hostName, host));
		}
		for (String label : name.split("\\.", -1)) { //$NON-NLS-1$
			if (!HOST_LABEL.matcher(label).matches()) {
				return problem(ServerField.HOST, NLS.bind(Messages.Validation_hostName, host));
			}
		}
		return java.util.Optional.empty();
	}

	/** @return whether the text contains CR, LF, TAB or another control character */
	public static boolean hasControlCharacter(String text) {
		return text.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
				|| c == '\u2028' || c == '\u2029' || c == '\u0085');
	}

	/** @return a SHA-256 fingerprint in the canonical form {@code AB:CD:…}, upper case with colons */
	public static String normalizeFingerprint(String fingerprint) {
		String hex = fingerprint.replace(":", "").strip().toUpperCase(Locale.ROOT); //$NON-NLS-1$ //$NON-NLS-2$
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < hex.length(); i += 2) {
			if (i > 0) {
				sb.append(':');
			}
			sb.append(hex, i, Math.min(i + 2, hex.length()));
		}
		return sb.toString();
	}

	private static boolean isIpv4Literal(String host) {
		String[] parts = host.split("\\.", -1); //$NON-NLS-1$
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static boolean isIpv6Literal(String literal) {
		if (!IPV6_CHARS.matcher(literal).matches()) {
			return false;
		}
		try {
			// A literal containing ':' is parsed, never looked up.
			InetAddress.getByName(literal);
			return true;
		} catch (UnknownHostException e) {
			return false;
		}
	}

	private static java.util.Optional<FieldProblem> checkText(ServerField field, String label, String value, int max) {
		if (hasControlCharacter(value)) {
			return problem(field, NLS.bind(Messages.Validation_control, label));
		}
		if (value.length() > max) {
			return problem(field, NLS.bind(Messages.Validation_tooLong, label, max));
		}
		return java.util.Optional.empty();
	}

	private static java.util.Optional<FieldProblem> checkId(ServerField field, String label, String id) {
		if (id.isBlank() || hasControlCharacter(id) || id.chars().anyMatch(Character::isWhitespace)) {
			return problem(field, NLS.bind(Messages.Validation_id, label));
		}
		return java.util.Optional.empty();
	}

	private static java.util.Optional<FieldProblem> problem(ServerField field, String message) {
		return java.util.Optional.of(new FieldProblem(field, message));
	}
}
