package com.bitfaster.mail.dkim.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKey.Algorithm;

/**
 * DKIM signatures (RFC 6376; Ed25519 per RFC 8463) of a message's exact bytes, with the JDK's crypto: relaxed/relaxed
 * canonicalization, no {@code l=}, the headers that matter signed and From over-signed (listed once more than it is
 * present, so that a From added on the way breaks the signature). One {@code DKIM-Signature} header per key is put
 * in front of the message; the rest of the bytes is left as it is.
 */
public final class DkimSigner {

	/** The header fields signed, those present; From once more than present. */
	public static final List<String> SIGNED_HEADERS = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
			"MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$

	private static final byte[] CRLF = { '\r', '\n' };
	private static final int LINE = 76;

	/** A key to sign with. */
	public record SigningKey(DkimKey key, PrivateKey privateKey) {
	}

	/** A header field of the message: its lower-case name and where it is, folded lines and final CRLF included. */
	private record Field(String name, int start, int end) {
	}

	private DkimSigner() {
	}

	/**
	 * @param message   the message as it is sent: CRLF line ends, not dot-stuffed
	 * @param keys      one signature each
	 * @param timestamp the {@code t=} value, seconds since the epoch
	 * @return the message with a {@code DKIM-Signature} header per key in front
	 */
	public static byte[] sign(byte[] message, List<SigningKey> keys, long timestamp) throws GeneralSecurityException {
		List<Field> fields = new ArrayList<>();
		int bodyStart = parseHeader(message, fields);
		String bh = Base64.getEncoder().encodeToString(bodyHash(message, bodyStart));
		byte[] signedHeaders = signedHeaders(message, fields);
		String h = headerList(fields);
		ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 700 * keys.size());
		for (SigningKey k : keys) {
			out.writeBytes(signatureField(k, h, bh, timestamp, signedHeaders));
		}
		out.write(message, 0, message.length);
		return out.toByteArray();
	}

	/** @return the {@code DKIM-Signature} field of one key, folded, with its final CRLF */
	private static byte[] signatureField(SigningKey k, String h, String bh, long timestamp, byte[] signedHeaders)
			throws GeneralSecurityException {
		DkimKey key = k.key();
		Folder f = new Folder("DKIM-Signature:"); //$NON-NLS-1$
		f.tag("v=1;"); //$NON-NLS-1$
		f.tag("a=" + key.algorithm().tag() + ";"); //$NON-NLS-1$ //$NON-NLS-2$
		f.tag("c=relaxed/relaxed;"); //$NON-NLS-1$
		f.tag("d=" + key.domain() + ";"); //$NON-NLS-1$ //$NON-NLS-2$
		f.tag("s=" + key.selector() + ";"); //$NON-NLS-1$ //$NON-NLS-2$
		f.tag("t=" + timestamp + ";"); //$NON-NLS-1$ //$NON-NLS-2$
		f.list("h=", h.split(":"), ";"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		f.tag("bh=" + bh + ";"); //$NON-NLS-1$ //$NON-NLS-2$
		f.tag("b="); //$NON-NLS-1$
		String unsigned = f.text();
		// What a verifier hashes: the signed fields, then this field with an empty b=, relaxed, without its CRLF.
		byte[] self = relaxedField(unsigned.getBytes(StandardCharsets.ISO_8859_1), 0, unsigned.length());
		MessageDigest sha = MessageDigest.getInstance("SHA-256"); //$NON-NLS-1$
		byte[] b;
		if (key.algorithm() == Algorithm.RSA_SHA256) {
			Signature s = Signature.getInstance("SHA256withRSA"); //$NON-NLS-1$
			s.initSign(k.privateKey());
			s.update(signedHeaders);
			s.update(self, 0, self.length - 2);
			b = s.sign();
		} else {
			// RFC 8463: PureEdDSA over the SHA-256 hash of the same data.
			sha.update(signedHeaders);
			sha.update(self, 0, self.length - 2);
			Signature s = Signature.getInstance("Ed25519"); //$NON-NLS-1$
			s.initSign(k.privateKey());
			s.update(sha.digest());
			b = s.sign();
		}
		f.chunks(Base64.getEncoder().encodeToString(b));
		return (f.text() + "\r\n").getBytes(StandardCharsets.ISO_8859_1); //$NON-NLS-1$
	}

	/** Folds a header field at tag boundaries: lines of at most {@value #LINE} characters where it can. */
	private static final class Folder {
		private final StringBuilder text;
		private int column;

		Folder(String start) {
			text = new StringBuilder(start);
			column = start.length();
		}

		void tag(String tag) {
			if (column + 1 + tag.length() > LINE) {
				text.append("\r\n"); //$NON-NLS-1$
				column = 0;
			}
			text.append(' ').append(tag);
			column += 1 + tag.length();
		}

		void list(String start, String[] items, String end) {
			tag(start + items[0] + (items.length == 1 ? end : ":")); //$NON-NLS-1$
			for (int i = 1; i < items.length; i++) {
				String item = items[i] + (i == items.length - 1 ? end : ":"); //$NON-NLS-1$
				if (column + item.length() > LINE) {
					text.append("\r\n "); //$NON-NLS-1$
					column = 1;
				}
				text.append(item);
				column += item.length();
			}
		}

		/** Appends a value with no spaces in it, folded where the line is full. */
		void chunks(String value) {
			int i = 0;
			while (i < value.length()) {
				int room = LINE - column;
				if (room <= 8) {
					text.append("\r\n "); //$NON-NLS-1$
					column = 1;
					room = LINE - 1;
				}
				int n = Math.min(room, value.length() - i);
				text.append(value, i, i + n);
				column += n;
				i += n;
			}
		}

		String text() {
			return text.toString();
		}
	}

	/** @return where the body starts (after the empty line; the end when there is none) */
	private static int parseHeader(byte[] m, List<Field> fields) {
		int i = 0;
		int fieldStart = -1;
		while (i < m.length) {
			int eol = lineEnd(m, i);
			boolean empty = eol == i || (eol == i + 1 && m[i] == '\r');
			if (empty) {
				if (fieldStart >= 0) {
					fields.add(field(m, fieldStart, i));
				}
				return Math.min(m.length, eol + 1);
			}
			boolean continuation = m[i] == ' ' || m[i] == '\t';
			if (!continuation) {
				if (fieldStart >= 0) {
					fields.add(field(m, fieldStart, i));
				}
				fieldStart = i;
			}
			i = eol + 1;
		}
		if (fieldStart >= 0) {
			fields.add(field(m, fieldStart, m.length));
		}
		return m.length;
	}

	/** @return the index of the LF ending the line at {@code from}, or the length when the last line has none */
	private static int lineEnd(byte[] m, int from) {
		for (int i = from; i < m.length; i++) {
			if (m[i] == '\n') {
				return i;
			}
		}
		return m.length;
	}

	private static Field field(byte[] m, int start, int end) {
		int colon = start;
		while (colon < end && m[colon] != ':') {
			colon++;
		}
		String name = new String(m, start, colon - start, StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
		return new Field(name, start, end);
	}

	/** @return the h= value: each signed field present, as often as present; from once more */
	private static String headerList(List<Field> fields) {
		StringBuilder h = new StringBuilder();
		for (String name : SIGNED_HEADERS) {
			String lower = name.toLowerCase(Locale.ROOT);
			long n = fields.stream().filter(f -> f.name().equals(lower)).count();
			if (lower.equals("from")) { //$NON-NLS-1$
				n++;
			}
			for (long i = 0; i < n; i++) {
				if (h.length() > 0) {
					h.append(':');
				}
				h.append(lower);
			}
		}
		return h.toString();
	}

	/** @return the relaxed form of the signed fields, in h= order; a repeated name takes its instances bottom up */
	private static byte[] signedHeaders(byte[] m, List<Field> fields) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
		Map<String, Integer> used = new HashMap<>();
		for (String name : headerList(fields).split(":")) { //$NON-NLS-1$
			int skip = used.merge(name, 1, Integer::sum) - 1;
			for (int i = fields.size() - 1; i >= 0; i--) {
				Field f = fields.get(i);
				if (f.name().equals(name) && skip-- == 0) {
					out.writeBytes(relaxedField(m, f.start(), f.end()));
					break;
				}
			}
		}
		return out.toByteArray();
	}

	/**
	 * @return a field in relaxed form (RFC 6376 3.4.2): name in lower case, unfolded, runs of white space as one space,
	 *         none at the ends of the value or around the colon; ends with CRLF
	 */
	static byte[] relaxedField(byte[] m, int start, int end) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 2);
		int i = start;
		int nameEnd = i;
		while (nameEnd < end && m[nameEnd] != ':') {
			nameEnd++;
		}
		int ne = nameEnd;
		while (ne > start && (m[ne - 1] == ' ' || m[ne - 1] == '\t')) {
			ne--;
		}
		for (int k = start; k < ne; k++) {
			byte c = m[k];
			out.write(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		out.write(':');
		boolean space = false;
		boolean any = false;
		for (int k = nameEnd + 1; k < end; k++) {
			byte c = m[k];
			if (c == '\r' || c == '\n') {
				continue;
			}
			if (c == ' ' || c == '\t') {
				space = true;
				continue;
			}
			if (space && any) {
				out.write(' ');
			}
			space = false;
			any = true;
			out.write(c);
		}
		out.writeBytes(CRLF);
		return out.toByteArray();
	}

	/** @return the SHA-256 of the body in relaxed form (RFC 6376 3.4.4), the whole body (no {@code l=}) */
	static byte[] bodyHash(byte[] m, int from) throws GeneralSecurityException {
		MessageDigest sha = MessageDigest.getInstance("SHA-256"); //$NON-NLS-1$
		byte[] line = new byte[256];
		int emptyLines = 0;
		int i = from;
		while (i < m.length) {
			int eol = lineEnd(m, i);
			int end = eol < m.length && eol > i && m[eol - 1] == '\r' ? eol - 1 : eol;
			// The line without trailing white space, runs of white space as one space.
			int n = 0;
			boolean space = false;
			if (line.length < end - i) {
				line = new byte[end - i];
			}
			for (int k = i; k < end; k++) {
				byte c = m[k];
				if (c == ' ' || c == '\t') {
					space = true;
				} else {
					if (space) {
						line[n++] = ' ';
					}
					space = false;
					line[n++] = c;
				}
			}
			if (n == 0) {
				emptyLines++; // empty lines at the end are dropped, so held back until a line with text
			} else {
				for (; emptyLines > 0; emptyLines--) {
					sha.update(CRLF);
				}
				sha.update(line, 0, n);
				sha.update(CRLF);
			}
			i = eol + 1;
		}
		return sha.digest();
	}
}
