package com.bitfaster.mail.campaign.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.eclipse.osgi.util.NLS;

/**
 * Refuses a line, or a row spread over several lines, longer than a limit while it is being read: Commons CSV keeps a
 * whole field in memory, so a file without line breaks or with a quote left open would otherwise fill the heap before
 * anything could be said about it. Counts bytes of the text as stored; CR, LF and CRLF end a line.
 */
public final class LineLimitInputStream extends FilterInputStream {

	/** A line or a row longer than the limit; the message names the file and the line. */
	public static final class TooLongException extends IOException {
		private static final long serialVersionUID = 1L;

		TooLongException(String message) {
			super(message);
		}
	}

	private final String name;
	private final int lineLimit;
	private final int rowLimit;
	private long line = 1;
	private int lineLength;
	private long rowStart = 1;
	private long rowLength;
	private boolean afterCarriageReturn;
	private TooLongException failure;

	/**
	 * @param name      the file's name, for the message
	 * @param lineLimit the most bytes a line may have
	 * @param rowLimit  the most bytes a row may have; larger than {@code lineLimit}, as it is measured roughly
	 */
	public LineLimitInputStream(InputStream in, String name, int lineLimit, int rowLimit) {
		super(in);
		this.name = name;
		this.lineLimit = lineLimit;
		this.rowLimit = rowLimit;
	}

	/**
	 * Counts a new row from here. Readers above this stream buffer ahead, so a row is measured to within their buffers.
	 *
	 * @param startLine about where the row starts (empty lines are skipped), for the message
	 */
	public void startRow(long startLine) {
		rowStart = startLine;
		rowLength = 0;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return n == -1 ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (failure != null) {
			throw failure;
		}
		int n = in.read(b, off, len);
		for (int i = off; i < off + n; i++) {
			byte c = b[i];
			if (c == '\n' || c == '\r') {
				if (c == '\r' || !afterCarriageReturn) {
					line++;
				}
				afterCarriageReturn = c == '\r';
				lineLength = 0;
			} else {
				afterCarriageReturn = false;
				lineLength++;
			}
			rowLength++;
			if (lineLength > lineLimit || rowLength > rowLimit) {
				failure = new TooLongException(lineLength > lineLimit
						? NLS.bind(Messages.List_lineTooLong, new Object[] { name, line, mib(lineLimit) })
						: NLS.bind(Messages.List_rowTooLong, new Object[] { name, rowStart, mib(rowLimit) }));
				if (i == off) {
					throw failure;
				}
				return i - off; // what came before the long line still reaches the parser; the next read fails
			}
		}
		return n;
	}

	private static String mib(long bytes) {
		return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Override
	public long skip(long n) throws IOException {
		// Skipped bytes are counted too.
		byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
		long skipped = 0;
		while (skipped < n) {
			int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (r == -1) {
				break;
			}
			skipped += r;
		}
		return skipped;
	}

	/**
	 * Nothing is said to be ready, so the decoder above hands on what it decoded before it asks for more bytes: the rows
	 * before a line too long reach the parser before the failure does.
	 */
	@Override
	public int available() {
		return 0;
	}

	@Override
	public boolean markSupported() {
		return false; // a reset would count bytes twice
	}

	@Override
	public synchronized void mark(int readlimit) {
		// not supported
	}

	@Override
	public synchronized void reset() throws IOException {
		throw new IOException("mark/reset not supported"); //$NON-NLS-1$
	}
}
