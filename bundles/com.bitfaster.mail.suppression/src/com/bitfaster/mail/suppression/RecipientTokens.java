package com.bitfaster.mail.suppression;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;

/**
 * Tokens that name a campaign and a recipient in a return path ({@code bounce+TOKEN@domain}) or an unsubscribe address
 * ({@code unsubscribe+TOKEN@domain}), signed so that a forged bounce or unsubscribe is refused.
 * <p>
 * Layout, version 1, 21 bytes: {@code version(1)=1 | campaignKey(5) | recipientKey(7) | mac(8)}, where campaignKey is
 * the first 5 bytes of SHA-256 of the campaign id (UTF-8), recipientKey the first 7 of SHA-256 of the lower-cased
 * address, mac the first 8 of HMAC-SHA256(key, purposeByte | version | campaignKey | recipientKey). Encoded in
 * lower-case base32 without padding: {@value #TOKEN_LENGTH} characters, so {@code unsubscribe+TOKEN} fits RFC 5321's
 * 64-octet local part.
 * </p>
 */
public interface RecipientTokens {

	/** Characters of a token. */
	int TOKEN_LENGTH = 34;

	/** What a token is for; a token of one purpose is refused for the other. */
	enum Purpose {
		BOUNCE((byte) 'B'), UNSUBSCRIBE((byte) 'U');

		private final byte code;

		Purpose(byte code) {
			this.code = code;
		}

		/** @return the byte the MAC covers for this purpose */
		public byte code() {
			return code;
		}
	}

	/**
	 * Who a verified token names.
	 *
	 * @param campaignKey  {@link RecipientTokens#campaignKey(String)}, hex
	 * @param recipientKey {@link RecipientTokens#recipientKey(String)}, hex
	 */
	record TokenSubject(String campaignKey, String recipientKey) {
	}

	/**
	 * @return the token for {@code address} in campaign {@code campaignId}
	 * @throws CoreException when the signing key cannot be read or made (secure storage)
	 */
	String issue(Purpose purpose, String campaignId, String address) throws CoreException;

	/**
	 * @return whom {@code token} names when it is well formed and signed with this organisation's key for
	 *         {@code purpose}; empty otherwise (forged, altered, other purpose, unknown version)
	 * @throws CoreException when the signing key cannot be read (secure storage)
	 */
	Optional<TokenSubject> verify(Purpose purpose, String token) throws CoreException;

	/** @return the campaign key of {@code campaignId}: first 5 bytes of SHA-256(UTF-8), 10 hex digits */
	static String campaignKey(String campaignId) {
		return HexFormat.of().formatHex(sha256(campaignId), 0, 5);
	}

	/** @return the recipient key of {@code address}: first 7 bytes of SHA-256(lower-cased), 14 hex digits */
	static String recipientKey(String address) {
		return HexFormat.of().formatHex(sha256(normalAddress(address)), 0, 7);
	}

	/** @return {@code address} stripped of blanks and angle brackets, lower-cased */
	static String normalAddress(String address) {
		String a = address == null ? "" : address.strip(); //$NON-NLS-1$
		if (a.startsWith("<") && a.endsWith(">")) { //$NON-NLS-1$ //$NON-NLS-2$
			a = a.substring(1, a.length() - 1).strip();
		}
		return a.toLowerCase(Locale.ROOT);
	}

	/**
	 * @param address     for example {@code bounce+TOKEN@bounce.example.com} (angle brackets allowed)
	 * @param localPrefix for example {@code bounce}
	 * @return the TOKEN when the local part is {@code localPrefix+TOKEN} and TOKEN has the shape of a token (not
	 *         verified)
	 */
	static Optional<String> tokenOf(String address, String localPrefix) {
		String a = normalAddress(address);
		int at = a.lastIndexOf('@');
		String local = at < 0 ? a : a.substring(0, at);
		String prefix = localPrefix.toLowerCase(Locale.ROOT) + "+"; //$NON-NLS-1$
		if (!local.startsWith(prefix)) {
			return Optional.empty();
		}
		String token = local.substring(prefix.length());
		if (token.length() != TOKEN_LENGTH) {
			return Optional.empty();
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
				return Optional.empty();
			}
		}
		return Optional.of(token);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)); //$NON-NLS-1$
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e); // every Java has SHA-256
		}
	}
}
