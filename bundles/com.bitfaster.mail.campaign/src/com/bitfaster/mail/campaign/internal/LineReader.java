package com.bitfaster.mail.campaign.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a ledger's lines with the byte offset of each, without decoding more than one line at a time. A line longer
 * than {@link #MAX_LINE} is returned cut (it then fails its checksum, as damage), so a damaged file cannot make a
 * reader hold it whole.
 */
final class LineReader {

	static final int MAX_LINE = 1 << 20;

	private final InputStream in;
	private final byte[] buffer = new byte[1 << 16];
	private int position;
	private int limit;
	private byte[] line = new byte[256];
	private long offset;
	private long lineStart;
	private boolean terminated;

	LineReader(InputStream in, long startOffset) {
		this.in = in;
		this.offset = startOffset;
	}

	/** @return the next line without its LF (a CR before it is kept), or {@code null} at the end */
	String next() throws IOException {
		lineStart = offset;
		int length = 0;
		while (true) {
			if (position == limit) {
				limit = in.read(buffer);
				position = 0;
				if (limit <= 0) {
					limit = 0;
					terminated = false;
					return length == 0 ? null : decode(length);
				}
			}
			int start = position;
			while (position < limit && buffer[position] != '\n') {
				position++;
			}
			int n = position - start;
			if (length < MAX_LINE) {
				int keep = Math.min(n, MAX_LINE - length);
				if (line.length < length + keep) {
					line = Arrays.copyOf(line, Math.max(line.length * 2, length + keep));
				}
				System.arraycopy(buffer, start, line, length, keep);
				length += keep;
			}
			offset += n;
			if (position < limit) {
				position++; // the LF
				offset++;
				terminated = true;
				return decode(length);
			}
		}
	}

	private String decode(int length) {
		return new String(line, 0, length, StandardCharsets.UTF_8);
	}

	/** @return the offset of the line {@link #next()} returned last */
	long lineStart() {
		return lineStart;
	}

	/** @return the offset just after that line (after its LF, when it has one) */
	long lineEnd() {
		return offset;
	}

	/** @return whether that line ended with a LF (a last line without one was cut short) */
	boolean terminated() {
		return terminated;
	}
}
