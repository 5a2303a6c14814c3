package com.bitfaster.mail.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.internal.Messages;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Checks the header fields of a message a person writes (From, To, Cc, Bcc, Subject), for every caller (the compose
 * editor, the command line): a line break or other control character in a field is refused, so nobody can add
 * headers of their own; addresses are parsed strictly, one by one, so the problem names the bad one.
 */
public final class MessageHeaders {

	private MessageHeaders() {
	}

	/** @return a problem when {@code value} holds CR, LF or another control character; worded with {@code label} */
	public static Optional<String> lineProblem(String label, String value) {
		if (value != null && ServerValidation.hasControlCharacter(value)) {
			return Optional.of(NLS.bind(Messages.Header_lineBreak, label));
		}
		return Optional.empty();
	}

	/**
	 * @param list addresses separated by commas or semicolons; may be empty
	 * @return the first problem of an address list: a line break, or the first address that is not valid
	 */
	public static Optional<String> addressProblem(String label, String list) {
		try {
			addresses(label, list);
			return Optional.empty();
		} catch (AddressException e) {
			return Optional.of(e.getMessage());
		}
	}

	/**
	 * Parses addresses separated by commas or semicolons (outside quotes and angle brackets), each strictly.
	 *
	 * @return the addresses; empty for an empty or blank list
	 * @throws AddressException with a message naming the field and the bad address
	 */
	public static InternetAddress[] addresses(String label, String list) throws AddressException {
		if (list == null) {
			return new InternetAddress[0];
		}
		Optional<String> line = lineProblem(label, list);
		if (line.isPresent()) {
			throw new AddressException(line.get());
		}
		List<InternetAddress> result = new ArrayList<>();
		for (String one : split(list)) {
			try {
				InternetAddress address = new InternetAddress(one, true);
				address.validate();
				result.add(address);
			} catch (AddressException e) {
				throw new AddressException(NLS.bind(Messages.Header_badAddress, label, one));
			}
		}
		return result.toArray(new InternetAddress[0]);
	}

	/** @throws MessagingException when {@code value} holds a line break or another control character */
	public static String singleLine(String label, String value) throws MessagingException {
		Optional<String> problem = lineProblem(label, value);
		if (problem.isPresent()) {
			throw new MessagingException(problem.get());
		}
		return value;
	}

	/** @return the non-blank entries of an address list split at commas and semicolons outside quotes and brackets */
	public static List<String> split(String list) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		int angle = 0;
		int comment = 0;
		for (int i = 0; i < list.length(); i++) {
			char c = list.charAt(i);
			if (c == '\\' && quoted && i + 1 < list.length()) {
				current.append(c).append(list.charAt(++i));
				continue;
			}
			if (c == '"' && comment == 0) {
				quoted = !quoted;
			} else if (!quoted) {
				if (c == '<') {
					angle++;
				} else if (c == '>' && angle > 0) {
					angle--;
				} else if (c == '(') {
					comment++;
				} else if (c == ')' && comment > 0) {
					comment--;
				} else if ((c == ',' || c == ';') && angle == 0 && comment == 0) {
					add(parts, current);
					continue;
				}
			}
			current.append(c);
		}
		add(parts, current);
		return parts;
	}

	private static void add(List<String> parts, StringBuilder current) {
		String part = current.toString().strip();
		if (!part.isEmpty()) {
			parts.add(part);
		}
		current.setLength(0);
	}
}
