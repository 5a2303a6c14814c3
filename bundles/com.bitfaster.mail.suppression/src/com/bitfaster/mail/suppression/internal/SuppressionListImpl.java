package com.bitfaster.mail.suppression.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.SpreadsheetCells;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.SuppressionList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The {@link SuppressionList} service: {@value #FILE_NAME} in this bundle's state location, shared by every program on
 * the data folder. Each change re-reads the file under a cross-process lock and replaces it atomically; reads look at
 * the file's stamp and re-read it when another program changed it. The soft bounces counted towards suppression are
 * kept in the same file, so one lock covers both.
 */
@Component(service = SuppressionList.class)
public class SuppressionListImpl implements SuppressionList {

	public static final String FILE_NAME = "suppression.json"; //$NON-NLS-1$
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
	private static final String[] HEADER = { "address", "reason", "date", "source" }; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$

	private Path file;
	private Clock clock = Clock.systemUTC();

	@Reference
	private DeliverabilitySettings settings;

	/**
	 * The list as read and the file's stamp then ({@code null}: no file); {@code damage} set instead when the file
	 * with that stamp could not be read.
	 */
	private record Snapshot(Object stamp, Map<String, SuppressionEntry> entries, Map<String, List<Instant>> soft,
			CoreException damage) {
	}

	private volatile Snapshot snapshot;

	/** For Declarative Services. */
	public SuppressionListImpl() {
	}

	/** Outside Declarative Services: the list in {@code folder}, soft-bounce limits from {@code settings}. */
	public SuppressionListImpl(Path folder, DeliverabilitySettings settings, Clock clock) {
		this.file = folder.resolve(FILE_NAME);
		this.settings = settings;
		this.clock = clock;
	}

	@Activate
	void activate() {
		file = Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath().resolve(FILE_NAME);
	}

	@Override
	public Path file() {
		return file;
	}

	@Override
	public boolean isSuppressed(String address) throws CoreException {
		return read().entries().containsKey(RecipientTokens.normalAddress(address));
	}

	@Override
	public java.util.Optional<SuppressionEntry> entry(String address) throws CoreException {
		return java.util.Optional.ofNullable(read().entries().get(RecipientTokens.normalAddress(address)));
	}

	@Override
	public boolean add(String address, Reason reason, String source) throws CoreException {
		return !addAll(List.of(new SuppressionEntry(address, reason, null, source))).isEmpty();
	}

	@Override
	public List<SuppressionEntry> addAll(Collection<SuppressionEntry> entries) throws CoreException {
		List<SuppressionEntry> checked = new ArrayList<>(entries.size());
		Instant now = clock.instant();
		for (SuppressionEntry e : entries) {
			checked.add(new SuppressionEntry(checkAddress(e.address()), e.reason() == null ? Reason.MANUAL : e.reason(),
					e.date() == null ? now : e.date(), e.source() == null ? "" : e.source())); //$NON-NLS-1$
		}
		if (checked.isEmpty()) {
			return List.of();
		}
		try (CrossProcessLock lock = lock()) {
			Snapshot s = read();
			Map<String, SuppressionEntry> all = new TreeMap<>(s.entries());
			Map<String, List<Instant>> soft = new TreeMap<>(s.soft());
			List<SuppressionEntry> added = new ArrayList<>();
			for (SuppressionEntry e : checked) {
				if (all.putIfAbsent(e.address(), e) == null) {
					added.add(e);
					soft.remove(e.address());
				}
			}
			if (!added.isEmpty()) {
				write(all, soft);
			}
			return List.copyOf(added);
		} catch (IOException e) {
			throw cannotSave(e);
		}
	}

	@Override
	public boolean remove(String address) throws CoreException {
		String a = RecipientTokens.normalAddress(address);
		try (CrossProcessLock lock = lock()) {
			Snapshot s = read();
			if (!s.entries().containsKey(a)) {
				return false;
			}
			Map<String, SuppressionEntry> all = new TreeMap<>(s.entries());
			all.remove(a);
			write(all, s.soft());
			return true;
		} catch (IOException e) {
			throw cannotSave(e);
		}
	}

	@Override
	public List<SuppressionEntry> list() throws CoreException {
		return List.copyOf(read().entries().values());
	}

	@Override
	public boolean recordSoftBounce(String address, Instant when, String source) throws CoreException {
		return !recordSoftBounces(List.of(new SoftBounce(address, when, source))).isEmpty();
	}

	@Override
	public java.util.Set<String> recordSoftBounces(List<SoftBounce> bounces) throws CoreException {
		List<String> addresses = new ArrayList<>(bounces.size());
		for (SoftBounce b : bounces) {
			addresses.add(checkAddress(b.address()));
		}
		Deliverability d = settings.get();
		Instant since = clock.instant().minus(Duration.ofDays(d.softBounceDays()));
		try (CrossProcessLock lock = lock()) {
			Snapshot s = read();
			Map<String, SuppressionEntry> all = new TreeMap<>(s.entries());
			Map<String, List<Instant>> soft = new TreeMap<>(s.soft());
			java.util.Set<String> suppressed = new java.util.LinkedHashSet<>();
			boolean changed = false;
			for (int i = 0; i < addresses.size(); i++) {
				String a = addresses.get(i);
				if (all.containsKey(a)) {
					suppressed.add(a);
					continue;
				}
				List<Instant> times = new ArrayList<>();
				for (Instant t : soft.getOrDefault(a, List.of())) {
					if (t.isAfter(since)) {
						times.add(t);
					}
				}
				Instant when = bounces.get(i).when();
				if (!times.contains(when)) { // the same bounce read twice counts once
					times.add(when);
				}
				changed = true;
				if (times.size() >= d.softBounceLimit()) {
					String source = bounces.get(i).source();
					all.put(a, new SuppressionEntry(a, Reason.SOFT_BOUNCES, clock.instant(), source == null ? "" : source)); //$NON-NLS-1$
					soft.remove(a);
					suppressed.add(a);
				} else {
					soft.put(a, List.copyOf(times));
				}
			}
			if (changed) {
				write(all, soft);
			}
			return suppressed;
		} catch (IOException e) {
			throw cannotSave(e);
		}
	}

	@Override
	public ImportSummary importCsv(Path csv) throws CoreException {
		List<SuppressionEntry> rows = new ArrayList<>();
		List<String> invalid = new ArrayList<>();
		String defaultSource = csv.getFileName().toString();
		try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
				CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get()
						.parse(in)) {
			Map<String, Integer> columns = null;
			for (CSVRecord r : parser) {
				if (columns == null) {
					columns = header(r);
					if (columns != null) {
						continue;
					}
					columns = Map.of("address", 0, "reason", 1, "date", 2, "source", 3); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				}
				long line = r.getRecordNumber();
				try {
					String address = unneutralise(cell(r, columns, "address")); //$NON-NLS-1$
					String reasonText = cell(r, columns, "reason"); //$NON-NLS-1$
					Reason reason;
					try {
						reason = reasonText.isEmpty() ? Reason.UNSUBSCRIBE
								: Reason.valueOf(reasonText.toUpperCase(Locale.ROOT).replace(' ', '_'));
					} catch (IllegalArgumentException e) {
						throw new CoreException(Status.error(Messages.bind(Messages.List_badReason, reasonText)));
					}
					String source = unneutralise(cell(r, columns, "source")); //$NON-NLS-1$
					rows.add(new SuppressionEntry(checkAddress(address), reason, date(cell(r, columns, "date")), //$NON-NLS-1$
							source.isEmpty() ? defaultSource : source));
				} catch (CoreException e) {
					invalid.add(Messages.bind(Messages.List_badRow, line, e.getMessage()));
				}
			}
		} catch (IOException | RuntimeException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_cannotRead, csv, e.getMessage()), e));
		}
		int added = addAll(rows).size();
		return new ImportSummary(added, rows.size() - added, List.copyOf(invalid));
	}

	/** @return the columns by name when {@code first} is a header row, {@code null} when it is data */
	private static Map<String, Integer> header(CSVRecord first) throws CoreException {
		Map<String, Integer> columns = new HashMap<>();
		boolean looksLikeData = false;
		for (int i = 0; i < first.size(); i++) {
			String name = first.get(i).toLowerCase(Locale.ROOT).strip();
			looksLikeData |= name.contains("@"); //$NON-NLS-1$
			if (name.equals("email") || name.equals("e-mail") || name.equals("email address")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				name = "address"; //$NON-NLS-1$
			}
			columns.putIfAbsent(name, i);
		}
		if (looksLikeData) {
			return null;
		}
		if (!columns.containsKey("address")) { //$NON-NLS-1$
			throw new CoreException(Status.error(Messages.bind(Messages.List_noAddressColumn, "CSV"))); //$NON-NLS-1$
		}
		return columns;
	}

	private static String cell(CSVRecord r, Map<String, Integer> columns, String name) {
		Integer i = columns.get(name);
		return i == null || i >= r.size() ? "" : r.get(i).strip(); //$NON-NLS-1$
	}

	/** Undoes {@link SpreadsheetCells#neutralise(String)}, so an exported list imports as it was. */
	private static String unneutralise(String value) {
		if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0) { //$NON-NLS-1$
			return value.substring(1);
		}
		return value;
	}

	private Instant date(String text) throws CoreException {
		if (text.isEmpty()) {
			return clock.instant();
		}
		try {
			return Instant.parse(text);
		} catch (DateTimeParseException e) {
			try {
				return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
			} catch (DateTimeParseException e2) {
				throw new CoreException(Status.error(e2.getMessage()));
			}
		}
	}

	@Override
	public int exportCsv(Path csv) throws CoreException {
		List<SuppressionEntry> entries = list();
		try {
			AtomicFiles.write(csv, out -> {
				Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
				CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get());
				for (SuppressionEntry e : entries) {
					printer.printRecord(SpreadsheetCells.neutralise(e.address()), e.reason().name(),
							e.date().toString(), SpreadsheetCells.neutralise(e.source()));
				}
				printer.flush();
			});
			StoredFiles.ownerOnly(csv);
			return entries.size();
		} catch (IOException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_cannotSave, csv, e.getMessage()), e));
		}
	}

	/** @return the address lower-cased, or a CoreException when it is not an address */
	static String checkAddress(String address) throws CoreException {
		String a = RecipientTokens.normalAddress(address);
		int at = a.lastIndexOf('@');
		boolean ok = at > 0 && at < a.length() - 1 && a.length() <= 320;
		for (int i = 0; ok && i < a.length(); i++) {
			char c = a.charAt(i);
			ok = c > ' ' && c != 0x7f && "<>,;()[]\\\"".indexOf(c) < 0; //$NON-NLS-1$
		}
		if (!ok) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_badAddress, address)));
		}
		return a;
	}

	private CrossProcessLock lock() throws IOException {
		return CrossProcessLock.acquire(file.resolveSibling(FILE_NAME + ".lock")); //$NON-NLS-1$
	}

	/** The file as stored. */
	private static final class Stored {
		int version = 1;
		List<StoredEntry> entries = new ArrayList<>();
		List<StoredSoft> softBounces = new ArrayList<>();
	}

	private static final class StoredEntry {
		String address;
		String reason;
		String date;
		String source;
	}

	private static final class StoredSoft {
		String address;
		List<String> times;
	}

	/** @return the list as the file has it now; fails while the file is damaged */
	private Snapshot read() throws CoreException {
		Object stamp;
		try {
			stamp = StoredFiles.stamp(file);
		} catch (IOException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_cannotRead, file, e.getMessage()), e));
		}
		Snapshot s = snapshot;
		if (s != null && java.util.Objects.equals(stamp, s.stamp())) {
			if (s.damage() != null) {
				throw s.damage();
			}
			return s;
		}
		if (stamp == null) {
			s = new Snapshot(null, Map.of(), Map.of(), null);
			snapshot = s;
			return s;
		}
		try {
			Stored stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
			if (stored == null || stored.entries == null || stored.version != 1) {
				throw new JsonParseException("not a suppression list of version 1"); //$NON-NLS-1$
			}
			Map<String, SuppressionEntry> entries = new TreeMap<>();
			for (StoredEntry e : stored.entries) {
				String a = checkAddress(e.address);
				entries.put(a, new SuppressionEntry(a, Reason.valueOf(e.reason), Instant.parse(e.date),
						e.source == null ? "" : e.source)); //$NON-NLS-1$
			}
			Map<String, List<Instant>> soft = new TreeMap<>();
			if (stored.softBounces != null) {
				for (StoredSoft b : stored.softBounces) {
					soft.put(checkAddress(b.address), b.times.stream().map(Instant::parse).toList());
				}
			}
			s = new Snapshot(stamp, java.util.Collections.unmodifiableMap(entries),
					java.util.Collections.unmodifiableMap(soft), null);
			snapshot = s;
			return s;
		} catch (IOException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_cannotRead, file, e.getMessage()), e));
		} catch (JsonParseException | CoreException | IllegalArgumentException | NullPointerException
				| DateTimeParseException e) {
			throw damaged(stamp, e);
		}
	}

	/** Keeps the damaged file aside (once per version of it), reports it, and remembers it so every use fails. */
	private CoreException damaged(Object stamp, Exception cause) throws CoreException {
		Path copy;
		try {
			copy = StoredFiles.keepAside(file);
		} catch (IOException e) {
			copy = null;
		}
		CoreException damage = new CoreException(Status.error(Messages.bind(Messages.List_damaged,
				new Object[] { file, String.valueOf(cause.getMessage()), copy == null ? "-" : copy }), cause)); //$NON-NLS-1$
		snapshot = new Snapshot(stamp, Map.of(), Map.of(), damage);
		try {
			ILog.of(getClass()).log(damage.getStatus());
		} catch (RuntimeException | LinkageError e) {
			// outside OSGi: the caller reports it
		}
		return damage;
	}

	private void write(Map<String, SuppressionEntry> entries, Map<String, List<Instant>> soft) throws CoreException {
		Stored stored = new Stored();
		for (SuppressionEntry e : entries.values()) {
			StoredEntry s = new StoredEntry();
			s.address = e.address();
			s.reason = e.reason().name();
			s.date = e.date().toString();
			s.source = e.source();
			stored.entries.add(s);
		}
		soft.forEach((a, times) -> {
			StoredSoft s = new StoredSoft();
			s.address = a;
			s.times = times.stream().map(Instant::toString).toList();
			stored.softBounces.add(s);
		});
		try {
			AtomicFiles.write(file, out -> {
				Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
				GSON.toJson(stored, w);
				w.write('\n');
				w.flush();
			});
			StoredFiles.ownerOnly(file);
		} catch (IOException e) {
			throw cannotSave(e);
		} finally {
			snapshot = null; // this program's own change counts at once
		}
	}

	private CoreException cannotSave(Exception e) {
		return new CoreException(Status.error(Messages.bind(Messages.List_cannotSave, file, e.getMessage()), e));
	}
}
