package com.bitfaster.mail.suppression.internal;

/** RFC 4648 base32 in lower case without padding: tokens fit e-mail local parts, which are often lower-cased. */
final class Base32 {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray(); //$NON-NLS-1$

	private Base32() {
	}

	static String encode(byte[] bytes) {
		StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
		}
		return out.toString();
	}

	/** @return the bytes, or {@code null} when {@code text} is not base32 (either case) or has non-zero padding bits */
	static byte[] decode(String text) {
		byte[] out = new byte[text.length() * 5 / 8];
		int buffer = 0;
		int bits = 0;
		int n = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = Character.toLowerCase(text.charAt(i));
			int v;
			if (c >= 'a' && c <= 'z') {
				v = c - 'a';
			} else if (c >= '2' && c <= '7') {
				v = c - '2' + 26;
			} else {
				return null;
			}
			buffer = (buffer << 5) | v;
			bits += 5;
			if (bits >= 8) {
				out[n++] = (byte) (buffer >> (bits - 8));
				bits -= 8;
			}
		}
		if ((buffer & ((1 << bits) - 1)) != 0) {
			return null; // one token, one spelling
		}
		return out;
	}
}
