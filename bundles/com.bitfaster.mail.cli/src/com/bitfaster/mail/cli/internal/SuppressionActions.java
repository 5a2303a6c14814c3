package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.SuppressionList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** What the {@code suppression} commands do, on the {@link SuppressionList} service. */
final class SuppressionActions {

	private final Services services;
	private final PrintStream out;

	SuppressionActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	private SuppressionList list() throws CliException {
		return services.get(SuppressionList.class);
	}

	void list(boolean json) throws CliException {
		List<SuppressionEntry> all;
		try {
			all = list().list();
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			JsonArray array = new JsonArray();
			all.forEach(e -> array.add(json(e)));
			o.add("entries", array); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		if (all.isEmpty()) {
			out.println(Messages.Suppression_none);
			return;
		}
		int aw = Math.max(7, all.stream().mapToInt(e -> e.address().length()).max().orElse(7));
		String format = "%-" + aw + "s  %-12s  %-20s  %s%n"; //$NON-NLS-1$ //$NON-NLS-2$
		out.printf(format, "ADDRESS", "REASON", "DATE", "SOURCE"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		for (SuppressionEntry e : all) {
			out.printf(format, e.address(), CliJson.lower(e.reason()),
					e.date().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.source());
		}
	}

	void add(List<String> addresses, String reasonName, String source, boolean json) throws CliException {
		Reason reason;
		try {
			reason = Reason.valueOf(reasonName.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
		} catch (IllegalArgumentException e) {
			throw CliException.usage(NLS.bind(Messages.Suppression_reason, reasonName));
		}
		String from = source == null || source.isBlank() ? "cli " + System.getProperty("user.name", "") : source; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<SuppressionEntry> entries = new ArrayList<>();
		for (String a : addresses) {
			entries.add(new SuppressionEntry(a, reason, null, from));
		}
		List<SuppressionEntry> added;
		try {
			added = list().addAll(entries);
		} catch (CoreException e) {
			throw isBadAddress(e) ? CliException.usage(e.getMessage()) : CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			JsonArray array = new JsonArray();
			added.forEach(e -> array.add(json(e)));
			o.add("added", array); //$NON-NLS-1$
			o.addProperty("already", addresses.size() - added.size()); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		out.println(NLS.bind(Messages.Suppression_added, added.size(), addresses.size() - added.size()));
	}

	private static boolean isBadAddress(CoreException e) {
		return e.getMessage() != null && e.getMessage().startsWith("Not an e-mail address"); //$NON-NLS-1$
	}

	void remove(List<String> addresses, boolean json) throws CliException {
		List<String> removed = new ArrayList<>();
		List<String> absent = new ArrayList<>();
		try {
			SuppressionList list = list();
			for (String a : addresses) {
				(list.remove(a) ? removed : absent).add(a);
			}
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			JsonArray r = new JsonArray();
			removed.forEach(r::add);
			JsonArray n = new JsonArray();
			absent.forEach(n::add);
			o.add("removed", r); //$NON-NLS-1$
			o.add("notListed", n); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
		} else {
			out.println(NLS.bind(Messages.Suppression_removed, removed.size()));
		}
		if (!absent.isEmpty()) {
			throw CliException.failed(NLS.bind(Messages.Suppression_notListed, String.join(", ", absent))); //$NON-NLS-1$
		}
	}

	void importCsv(String file, boolean json) throws CliException {
		Path path = Path.of(file);
		if (!Files.isReadable(path)) {
			throw CliException.usage(NLS.bind(Messages.Suppression_unreadable, file));
		}
		SuppressionList.ImportSummary s;
		try {
			s = list().importCsv(path);
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			o.addProperty("added", s.added()); //$NON-NLS-1$
			o.addProperty("already", s.already()); //$NON-NLS-1$
			JsonArray invalid = new JsonArray();
			s.invalid().forEach(invalid::add);
			o.add("invalid", invalid); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
		} else {
			out.println(NLS.bind(Messages.Suppression_imported, new Object[] { s.added(), s.already(), s.invalid().size() }));
			s.invalid().forEach(line -> out.println("  " + line)); //$NON-NLS-1$
		}
	}

	void exportCsv(String file, boolean json) throws CliException {
		int n;
		try {
			n = list().exportCsv(Path.of(file));
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			o.addProperty("exported", n); //$NON-NLS-1$
			o.addProperty("file", Path.of(file).toAbsolutePath().toString()); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
		} else {
			out.println(NLS.bind(Messages.Suppression_exported, n, file));
		}
	}

	static JsonObject json(SuppressionEntry e) {
		JsonObject o = new JsonObject();
		o.addProperty("address", e.address()); //$NON-NLS-1$
		o.addProperty("reason", CliJson.lower(e.reason())); //$NON-NLS-1$
		o.addProperty("date", e.date().toString()); //$NON-NLS-1$
		o.addProperty("source", e.source()); //$NON-NLS-1$
		return o;
	}
}
