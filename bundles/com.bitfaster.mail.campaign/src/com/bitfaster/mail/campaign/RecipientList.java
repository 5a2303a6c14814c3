package com.bitfaster.mail.campaign;

import java.io.BufferedReader;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.LineLimitInputStream;
import com.bitfaster.mail.campaign.internal.Messages;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * A recipient list in a CSV file (UTF-8, with or without a byte order mark; comma, semicolon or tab separated). The
 * header row names the merge fields; one column holds the addresses ({@link #ADDRESS_COLUMNS}). Rows with an invalid
 * address are left out and reported with their line; a repeated address (compared case-insensitively) is sent to
 * once. The file is streamed: only the addresses seen are kept in memory, as an {@link AddressSet}.
 */
public final class RecipientList {

	/** Header names recognised as the address column, compared case-insensitively, in order of preference. */
	public static final List<String> ADDRESS_COLUMNS = List.of("email", "e-mail", "email address", "e-mail address", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			"mail", "address"); //$NON-NLS-1$ //$NON-NLS-2$

	/** The longest line a list may have, in bytes: 1 MiB. A longer one is refused with its line number. */
	public static final int MAX_LINE_BYTES = 1 << 20;

	/** The longest row (a quoted value may span lines): 4 MiB, for a quote left open. */
	public static final int MAX_ROW_BYTES = 4 << 20;

	/**
	 * How many invalid and how many duplicate rows a check keeps with their line and reason; the rest are only
	 * counted ({@link RecipientListSummary#invalidRows()}, {@link RecipientListSummary#duplicateRows()}).
	 */
	public static final int PROBLEMS_KEPT = 1000;

	/** How much of the header line is looked at to guess the separator. */
	private static final int HEADER_SAMPLE = 64 * 1024;

	private final Path file;

	public RecipientList(Path file) {
		this.file = file;
	}

	public Path file() {
		return file;
	}

	/**
	 * Reads the whole list once and reports what it holds.
	 *
	 * @throws IOException when the file is not a readable regular file, cannot be read, has no address column or a
	 *                     line longer than {@link #MAX_LINE_BYTES}
	 */
	public RecipientListSummary check() throws IOException {
		return check(AddressSet.create());
	}

	/** Reads the whole list once and reports what it holds, meeting addresses in {@code seen}. */
	public RecipientListSummary check(AddressSet seen) throws IOException {
		List<ListProblem> invalid = new ArrayList<>();
		List<ListProblem> duplicates = new ArrayList<>();
		long[] invalidRows = { 0 };
		long[] duplicateRows = { 0 };
		long count;
		try (Reading reading = new Reading(file, p -> keep(invalid, invalidRows, p), p -> keep(duplicates, duplicateRows, p),
				seen, sha256Digest())) {
			count = 0;
			while (reading.hasNext()) {
				reading.next();
				count++;
			}
			return new RecipientListSummary(reading.header, reading.addressColumn, count, invalid, duplicates,
					reading.sha256(), invalidRows[0], duplicateRows[0]);
		} catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	/** Counts a row left out, and keeps it when fewer than {@link #PROBLEMS_KEPT} are kept. */
	private static void keep(List<ListProblem> kept, long[] count, ListProblem problem) {
		if (kept.size() < PROBLEMS_KEPT) {
			kept.add(problem);
		}
		count[0]++;
	}

	/** @return the SHA-256 of the list file's bytes, hex */
	public String sha256() throws IOException {
		MessageDigest digest = sha256Digest();
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			int n;
			while ((n = in.read(buffer)) > 0) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256"); //$NON-NLS-1$
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e); // every Java has it
		}
	}

	/**
	 * Streams the valid, distinct recipients in file order. Close the stream to close the file.
	 *
	 * @throws IOException when the file is not a readable regular file, cannot be read or has no address column; a
	 *                     line too long is reported as an {@link UncheckedIOException} by the stream
	 */
	public Stream<Recipient> recipients() throws IOException {
		return recipients(AddressSet.create());
	}

	/** Streams the valid recipients in file order, each address once as {@code seen} tells. */
	public Stream<Recipient> recipients(AddressSet seen) throws IOException {
		Reading reading = new Reading(file, p -> { }, p -> { }, seen, null);
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reading, Spliterator.ORDERED | Spliterator.NONNULL), false)
				.onClose(reading::closeQuietly);
	}

	/** @return the address as sent to, or {@code null} when it is not a single valid address */
	static String normalizeAddress(String value) {
		if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
			return null;
		}
		try {
			InternetAddress[] parsed = InternetAddress.parse(value.strip(), true);
			if (parsed.length != 1) {
				return null;
			}
			String address = parsed[0].getAddress();
			int at = address.lastIndexOf('@');
			if (at <= 0 || at == address.length() - 1 || address.indexOf(' ') >= 0) {
				return null;
			}
			parsed[0].validate();
			return address;
		} catch (AddressException e) {
			return null;
		}
	}

	/** One pass over the file. */
	private static final class Reading implements Iterator<Recipient>, AutoCloseable {
		private final LineLimitInputStream limited;
		private final BufferedReader reader;
		private final CSVParser parser;
		private final Iterator<CSVRecord> records;
		private final Consumer<ListProblem> onInvalid;
		private final Consumer<ListProblem> onDuplicate;
		private final AddressSet seen;
		private final MessageDigest digest;
		final List<String> header;
		final String addressColumn;
		private Recipient next;
		private long lastLine = 1;

		/** @param digest computes the file's SHA-256 as it is read, or {@code null} */
		Reading(Path file, Consumer<ListProblem> onInvalid, Consumer<ListProblem> onDuplicate, AddressSet seen,
				MessageDigest digest) throws IOException {
			this.digest = digest;
			this.onInvalid = onInvalid;
			this.onDuplicate = onDuplicate;
			this.seen = seen;
			InputFiles.requireReadable(file); // a device, a pipe or a folder: refused before it is opened
			// Only a check reports the list's SHA-256: the passes that stream recipients do not pay for it.
			InputStream in = Files.newInputStream(file);
			limited = new LineLimitInputStream(digest == null ? in : new DigestInputStream(in, digest),
					String.valueOf(file.getFileName()), MAX_LINE_BYTES, MAX_ROW_BYTES);
			reader = new BufferedReader(new java.io.InputStreamReader(limited,
					StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
							.onUnmappableCharacter(CodingErrorAction.REPORT)));
			try {
				skipByteOrderMark(reader);
				char delimiter = guessDelimiter(reader);
				parser = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
						.setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).get().parse(reader);
				header = parser.getHeaderNames().stream().map(String::strip).toList();
				addressColumn = findAddressColumn(header);
				if (addressColumn == null) {
					throw new IOException(NLS.bind(Messages.List_noAddressColumn, file.getFileName(), String.join(", ", header))); //$NON-NLS-1$
				}
				records = parser.iterator();
			} catch (CharacterCodingException e) {
				reader.close();
				throw new IOException(NLS.bind(Messages.List_notUtf8, file.getFileName()), e);
			} catch (IOException | RuntimeException e) {
				reader.close();
				throw e;
			}
		}

		@Override
		public boolean hasNext() {
			while (next == null) {
				CSVRecord record;
				try {
					limited.startRow(lastLine + 1);
					if (!records.hasNext()) {
						return false;
					}
					record = records.next();
				} catch (UncheckedIOException e) {
					if (e.getCause() instanceof LineLimitInputStream.TooLongException) {
						throw e; // its message names the file and the line
					}
					throw new UncheckedIOException(new IOException(NLS.bind(Messages.List_unreadable, lastLine + 1,
							e.getCause().getMessage()), e.getCause()));
				} catch (IllegalStateException e) {
					throw new UncheckedIOException(new IOException(NLS.bind(Messages.List_unreadable, lastLine + 1,
							e.getMessage()), e));
				}
				long line = Math.max(parser.getCurrentLineNumber(), lastLine + 1);
				lastLine = line;
				next = toRecipient(record, line);
			}
			return true;
		}

		private Recipient toRecipient(CSVRecord record, long line) {
			Map<String, String> fields = new LinkedHashMap<>();
			List<String> values = record.toList();
			for (int i = 0; i < header.size(); i++) {
				fields.put(header.get(i), i < values.size() ? values.get(i) : ""); //$NON-NLS-1$
			}
			String raw = fields.get(addressColumn);
			String address = normalizeAddress(raw);
			if (address == null) {
				onInvalid.accept(new ListProblem(line, raw == null || raw.isBlank() ? Messages.List_noAddress
						: NLS.bind(Messages.List_invalidAddress, raw)));
				return null;
			}
			if (!seen.add(address)) {
				onDuplicate.accept(new ListProblem(line, NLS.bind(Messages.List_duplicate, address)));
				return null;
			}
			fields.put(addressColumn, address);
			return new Recipient(line, address, fields);
		}

		@Override
		public Recipient next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Recipient r = next;
			next = null;
			return r;
		}

		@Override
		public void close() throws IOException {
			parser.close();
		}

		/** @return the SHA-256 of the bytes read: of the whole file once every record was read */
		String sha256() {
			return HexFormat.of().formatHex(digest.digest());
		}

		void closeQuietly() {
			try {
				close();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		private static String findAddressColumn(List<String> header) {
			for (String candidate : ADDRESS_COLUMNS) {
				for (String name : header) {
					if (name.equalsIgnoreCase(candidate)) {
						return name;
					}
				}
			}
			return null;
		}

		private static void skipByteOrderMark(BufferedReader reader) throws IOException {
			reader.mark(1);
			if (reader.read() != '\uFEFF') {
				reader.reset();
			}
		}

		/** Excel writes semicolons in many locales; the header line tells which separator the file uses. */
		private static char guessDelimiter(BufferedReader reader) throws IOException {
			// Only the start of the header is read, so the mark holds however long the line is.
			reader.mark(HEADER_SAMPLE + 1);
			StringBuilder first = new StringBuilder();
			for (int c = reader.read(); c != -1 && c != '\n' && c != '\r' && first.length() < HEADER_SAMPLE; c = reader.read()) {
				first.append((char) c);
			}
			reader.reset();
			long commas = first.chars().filter(c -> c == ',').count();
			long semicolons = first.chars().filter(c -> c == ';').count();
			long tabs = first.chars().filter(c -> c == '\t').count();
			if (tabs > commas && tabs > semicolons) {
				return '\t';
			}
			return semicolons > commas ? ';' : ',';
		}
	}
}
