package com.bitfaster.mail.campaign.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One line of a campaign ledger or of its side journal (format 2; see {@code LEDGER.md} in this bundle):
 *
 * <pre>
 * SEQ TAB MILLIS TAB TYPE [TAB FIELD]... TAB CRC32 LF
 * </pre>
 *
 * SEQ counts the file's records from 0 without gaps, so a removed record shows; MILLIS is when it was written; the
 * CRC-32 (hex) covers everything before its tab, so a changed byte shows. Fields escape backslash, tab, CR and LF. A
 * trailing CR is ignored (a file whose line ends were changed to CRLF reads the same).
 *
 * @param seq    the record's number in its file
 * @param millis when it was written (milliseconds since the epoch)
 * @param type   what it records
 * @param fields its fields, by type
 */
public record LedgerRecord(long seq, long millis, Type type, List<String> fields) {

	/** The record types of format 2. Readers skip a type they do not know (a newer writer), never fail on it. */
	public enum Type {
		/** The first record: format version, campaign id. */
		LEDGER,
		/**
		 * A run, resume or retry began: mode, process id, host, boot id, SHA-256 of the list (or "-"), recipients in
		 * the list (-1 when not known), {@link #HANDOVER_RECORDED} when the run writes a HANDED record before every
		 * final "." (empty or absent otherwise).
		 */
		RUN,
		/** A send to a recipient begins: address, list line. Synced before the message is handed to a server. */
		INTENT,
		/** The message's final "." is about to be written: address. Written without a sync. */
		HANDED,
		/** A server's answer or the reason there was none: address, state, reply code, reply text. */
		OUTCOME,
		/** A recipient left out because the organisation's suppression list holds it: address, reason. */
		SUPPRESSED,
		/** Journal only: a bounce read back later: address, kind (hard, soft, complaint), status code, text. */
		BOUNCED,
		/** Journal only: the user chose to send an UNKNOWN recipient again: address. */
		RESEND,
		/** The journal's records up to this sequence number are applied to the ledger: sequence number. */
		JOURNAL,
		/**
		 * A writer cut off an unfinished last line that may have been a HANDED record (a crash during its write):
		 * bytes cut. An intent before it without a HANDED record can no longer be told from a handed one.
		 */
		CUT,
		/** Some other type, written by a newer version: skipped. */
		OTHER;

		/** @return the type a record names, {@link #OTHER} for one this version does not know */
		public static Type of(String name) {
			try {
				return valueOf(name);
			} catch (IllegalArgumentException e) {
				return OTHER;
			}
		}
	}

	/** The last field of a RUN record whose run writes a HANDED record before every final ".". */
	public static final String HANDOVER_RECORDED = "handover"; //$NON-NLS-1$

	public static final int FORMAT_VERSION = 2;

	public LedgerRecord {
		fields = List.copyOf(fields);
	}

	public String field(int i) {
		return i < fields.size() ? fields.get(i) : ""; //$NON-NLS-1$
	}

	/** @return the record as one line, with its checksum and line feed */
	public String format() {
		StringBuilder sb = new StringBuilder(64);
		sb.append(seq).append('\t').append(millis).append('\t').append(type.name());
		for (String f : fields) {
			sb.append('\t');
			escape(f, sb);
		}
		String body = sb.toString();
		return body + '\t' + crc(body) + '\n';
	}

	/**
	 * @param line one line without its line feed (a trailing CR is ignored)
	 * @return the record, or {@code null} when the line is damaged (checksum, layout or numbers wrong)
	 */
	public static LedgerRecord parse(String line) {
		if (line.endsWith("\r")) { //$NON-NLS-1$
			line = line.substring(0, line.length() - 1);
		}
		int lastTab = line.lastIndexOf('\t');
		if (lastTab < 0) {
			return null;
		}
		String body = line.substring(0, lastTab);
		String crc = crc(body);
		if (line.length() - lastTab - 1 != crc.length() || !line.regionMatches(lastTab + 1, crc, 0, crc.length())) {
			return null;
		}
		String[] parts = body.split("\t", -1); //$NON-NLS-1$
		if (parts.length < 3) {
			return null;
		}
		try {
			long seq = Long.parseLong(parts[0]);
			long millis = Long.parseLong(parts[1]);
			if (seq < 0) {
				return null;
			}
			Type type = Type.of(parts[2]);
			List<String> fields = new ArrayList<>(parts.length - 3);
			for (int i = 3; i < parts.length; i++) {
				fields.add(unescape(parts[i]));
			}
			return new LedgerRecord(seq, millis, type, fields);
		} catch (NumberFormatException e) {
			return null;
		}
	}

	static String crc(String body) {
		CRC32 crc = new CRC32();
		crc.update(body.getBytes(StandardCharsets.UTF_8));
		return Long.toHexString(crc.getValue());
	}

	private static void escape(String s, StringBuilder sb) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
			case '\\' -> sb.append("\\\\"); //$NON-NLS-1$
			case '\t' -> sb.append("\\t"); //$NON-NLS-1$
			case '\n' -> sb.append("\\n"); //$NON-NLS-1$
			case '\r' -> sb.append("\\r"); //$NON-NLS-1$
			default -> sb.append(c);
			}
		}
	}

	/** Undoes the escaping of a field (format 1 escaped the same way). */
	static String unescape(String s) {
		if (s.indexOf('\\') < 0) {
			return s;
		}
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				char n = s.charAt(++i);
				sb.append(switch (n) {
				case 't' -> '\t';
				case 'n' -> '\n';
				case 'r' -> '\r';
				default -> n;
				});
			} else {
				sb.append(c);
			}
		}
		return sb.toString();
	}
}
