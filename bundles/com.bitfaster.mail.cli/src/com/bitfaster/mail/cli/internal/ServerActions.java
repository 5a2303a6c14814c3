package com.bitfaster.mail.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.ImportResult;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerValidationException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** {@code servers list|add|update|remove|activate|deactivate|test|export|import}. */
final class ServerCommands {

	private static final Set<String> SETTING_OPTIONS = Set.of("name", "host", "port", "encryption", "transport", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			"username", "timeout", "max-connections", "messages-per-connection", "messages-per-hour", "helo", "pin", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
			"setting"); //$NON-NLS-1$
	private static final Set<String> SETTING_FLAGS = Set.of("password-stdin", "inactive", "help"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$

	private final Services services;
	private final PrintStream out;

	ServerCommands(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(List<String> args) throws CliException {
		if (args.isEmpty()) {
			throw CliException.usage("servers needs a subcommand: list, add, update, remove, activate, deactivate, test, export, import."); //$NON-NLS-1$
		}
		List<String> rest = args.subList(1, args.size());
		String sub = args.get(0);
		if (CliApplication.printedHelp(rest, "servers." + sub, out) || sub.equals("--help")) { //$NON-NLS-1$ //$NON-NLS-2$
			return;
		}
		ServerRegistry registry = services.get(ServerRegistry.class);
		registry.loadProblem().ifPresent(p -> System.err.println("bitfaster-cli: warning: " + p)); //$NON-NLS-1$
		switch (sub) {
		case "list" -> list(registry, new Arguments(rest, Set.of(), Set.of("json"))); //$NON-NLS-1$ //$NON-NLS-2$
		case "add" -> add(registry, new Arguments(rest, SETTING_OPTIONS, SETTING_FLAGS)); //$NON-NLS-1$
		case "update" -> update(registry, new Arguments(rest, SETTING_OPTIONS, SETTING_FLAGS)); //$NON-NLS-1$
		case "remove" -> { //$NON-NLS-1$
			MailServer s = byName(registry, single(new Arguments(rest, Set.of(), Set.of()), "servers remove NAME")); //$NON-NLS-1$
			registry.delete(s.id());
			out.println("Removed " + s.name() + "."); //$NON-NLS-1$ //$NON-NLS-2$
		}
		case "activate" -> { //$NON-NLS-1$
			MailServer s = byName(registry, single(new Arguments(rest, Set.of(), Set.of()), "servers activate NAME")); //$NON-NLS-1$
			registry.activate(s.id());
			out.println(s.name() + " is active."); //$NON-NLS-1$
		}
		case "deactivate" -> deactivate(registry, new Arguments(rest, Set.of("until"), Set.of())); //$NON-NLS-1$ //$NON-NLS-2$
		case "test" -> test(registry, new Arguments(rest, Set.of("to"), Set.of())); //$NON-NLS-1$ //$NON-NLS-2$
		case "export" -> export(registry, new Arguments(rest, Set.of(), Set.of())); //$NON-NLS-1$
		case "import" -> importServers(registry, new Arguments(rest, Set.of(), Set.of("rename"))); //$NON-NLS-1$ //$NON-NLS-2$
		default -> throw CliException.usage("Unknown subcommand 'servers " + sub + "'; see servers --help."); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	/**
	 * A server as {@code servers list --json} shows it: the command line's own shape, built from core's API, so a change
	 * to how servers are stored does not change what scripts read.
	 */
	private static JsonObject listed(MailServer s) {
		JsonObject o = new JsonObject();
		o.addProperty("id", s.id()); //$NON-NLS-1$
		o.addProperty("name", s.name()); //$NON-NLS-1$
		o.addProperty("transportType", s.transportType()); //$NON-NLS-1$
		o.addProperty("host", s.host()); //$NON-NLS-1$
		o.addProperty("port", s.port()); //$NON-NLS-1$
		o.addProperty("username", s.username()); //$NON-NLS-1$
		o.addProperty("timeoutSeconds", s.timeoutSeconds()); //$NON-NLS-1$
		o.addProperty("encryption", s.encryption()); //$NON-NLS-1$
		o.addProperty("active", s.active()); //$NON-NLS-1$
		if (s.inactiveUntil() != null) {
			o.addProperty("inactiveUntil", s.inactiveUntil().toString()); //$NON-NLS-1$
		}
		JsonObject limits = new JsonObject();
		limits.addProperty("maxConnections", s.limits().maxConnections()); //$NON-NLS-1$
		limits.addProperty("messagesPerConnection", s.limits().messagesPerConnection()); //$NON-NLS-1$
		limits.addProperty("messagesPerHour", s.limits().messagesPerHour()); //$NON-NLS-1$
		o.add("limits", limits); //$NON-NLS-1$
		o.addProperty("heloName", s.heloName()); //$NON-NLS-1$
		o.addProperty("pinnedCertificate", s.pinnedCertificate()); //$NON-NLS-1$
		JsonObject settings = new JsonObject();
		s.transportSettings().forEach(settings::addProperty);
		o.add("transportSettings", settings); //$NON-NLS-1$
		return o;
	}

	private void list(ServerRegistry registry, Arguments a) {
		List<MailServer> servers = registry.servers();
		if (a.flag("json")) { //$NON-NLS-1$
			JsonArray array = new JsonArray();
			for (MailServer s : servers) {
				JsonObject o = listed(s);
				o.addProperty("activeNow", registry.isActive(s)); //$NON-NLS-1$
				array.add(o);
			}
			out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(array));
			return;
		}
		if (servers.isEmpty()) {
			out.println("No servers. Add one with: bitfaster-cli servers add --name NAME --host HOST"); //$NON-NLS-1$
			return;
		}
		int width = Math.max(4, servers.stream().mapToInt(s -> s.name().length()).max().orElse(4));
		out.printf("%-" + width + "s  %-30s  %-10s  %s%n", "NAME", "ADDRESS", "ENCRYPTION", "STATUS"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		for (MailServer s : servers) {
			String status = registry.isActive(s) ? "active" //$NON-NLS-1$
					: s.inactiveUntil() != null ? "inactive until " + s.inactiveUntil() : "inactive"; //$NON-NLS-1$ //$NON-NLS-2$
			String address = s.transportType().equals("smtp") ? s.address() : s.transportType(); //$NON-NLS-1$
			out.printf("%-" + width + "s  %-30s  %-10s  %s%n", s.name(), address, s.encryption(), status); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	private void add(ServerRegistry registry, Arguments a) throws CliException {
		if (!a.positionals().isEmpty()) {
			throw CliException.usage("servers add takes options only, for example --name 'Campaign Server' --host smtp.company.com"); //$NON-NLS-1$
		}
		MailServer.Builder b = MailServer.builder().name(a.required("name")).host(a.option("host").orElse("")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String encryption = a.option("encryption").orElse(MailServer.DEFAULT_ENCRYPTION); //$NON-NLS-1$
		b.encryption(encryption).port(defaultPort(encryption));
		apply(a, b);
		char[] password = a.flag("password-stdin") ? readPassword() : null; //$NON-NLS-1$
		try {
			MailServer added = registry.add(b.build(), password);
			out.println("Added " + added.name() + " (" + added.address() + ")."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		} catch (ServerValidationException e) {
			throw CliException.failed(describe(e));
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
	}

	private void update(ServerRegistry registry, Arguments a) throws CliException {
		MailServer existing = byName(registry, single(a, "servers update NAME [options]")); //$NON-NLS-1$
		MailServer.Builder b = existing.toBuilder();
		a.option("name").ifPresent(b::name); //$NON-NLS-1$
		a.option("host").ifPresent(b::host); //$NON-NLS-1$
		a.option("encryption").ifPresent(e -> { //$NON-NLS-1$
			b.encryption(e);
			if (existing.port() == defaultPort(existing.encryption())) {
				b.port(defaultPort(e)); // the port was the old default: follow the new one
			}
		});
		apply(a, b);
		try {
			MailServer updated = registry.update(b.build());
			if (a.flag("password-stdin")) { //$NON-NLS-1$
				char[] password = readPassword();
				try {
					registry.setPassword(updated.id(), password);
				} finally {
					Arrays.fill(password, '\0');
				}
			}
			out.println("Updated " + updated.name() + "."); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (ServerValidationException e) {
			throw CliException.failed(describe(e));
		}
	}

	private void apply(Arguments a, MailServer.Builder b) throws CliException {
		if (a.has("port")) { //$NON-NLS-1$
			b.port(a.integer("port", 0)); //$NON-NLS-1$
		}
		a.option("transport").ifPresent(b::transportType); //$NON-NLS-1$
		a.option("username").ifPresent(b::username); //$NON-NLS-1$
		if (a.has("timeout")) { //$NON-NLS-1$
			b.timeoutSeconds(a.integer("timeout", 0)); //$NON-NLS-1$
		}
		a.option("helo").ifPresent(b::heloName); //$NON-NLS-1$
		a.option("pin").ifPresent(b::pinnedCertificate); //$NON-NLS-1$
		MailServer current = b.build();
		b.limits(new ServerLimits(a.integer("max-connections", current.limits().maxConnections()), //$NON-NLS-1$
				a.integer("messages-per-connection", current.limits().messagesPerConnection()), //$NON-NLS-1$
				a.integer("messages-per-hour", current.limits().messagesPerHour()))); //$NON-NLS-1$
		for (String setting : a.all("setting")) { //$NON-NLS-1$
			int eq = setting.indexOf('=');
			if (eq <= 0) {
				throw CliException.usage("--setting takes KEY=VALUE, not '" + setting + "'."); //$NON-NLS-1$ //$NON-NLS-2$
			}
			b.transportSetting(setting.substring(0, eq), setting.substring(eq + 1));
		}
		if (a.flag("inactive")) { //$NON-NLS-1$
			b.active(false);
		}
	}

	private int defaultPort(String encryption) {
		try {
			return services.get(MailExtensions.class).encryptionProvider(encryption)
					.map(EncryptionProviderDescriptor::defaultPort).orElse(MailServer.DEFAULT_PORT);
		} catch (CliException e) {
			return MailServer.DEFAULT_PORT;
		}
	}

	private static char[] readPassword() throws CliException {
		try {
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (line == null) {
				throw CliException.usage("--password-stdin: standard input is empty."); //$NON-NLS-1$
			}
			return line.toCharArray();
		} catch (IOException e) {
			throw CliException.failed("Could not read the password from standard input: " + e.getMessage()); //$NON-NLS-1$
		}
	}

	private void deactivate(ServerRegistry registry, Arguments a) throws CliException {
		MailServer s = byName(registry, single(a, "servers deactivate NAME [--until INSTANT]")); //$NON-NLS-1$
		if (a.has("until")) { //$NON-NLS-1$
			Instant until;
			try {
				until = Instant.parse(a.required("until")); //$NON-NLS-1$
			} catch (DateTimeParseException e) {
				throw CliException.usage("--until must be an ISO-8601 instant such as 2026-12-24T18:00:00Z, not '" //$NON-NLS-1$
						+ a.required("until") + "'."); //$NON-NLS-1$ //$NON-NLS-2$
			}
			registry.deactivateUntil(s.id(), until);
			out.println(s.name() + " is inactive until " + until + "."); //$NON-NLS-1$ //$NON-NLS-2$
		} else {
			registry.deactivate(s.id());
			out.println(s.name() + " is inactive."); //$NON-NLS-1$
		}
	}

	private void test(ServerRegistry registry, Arguments a) throws CliException {
		MailServer s = byName(registry, single(a, "servers test NAME [--to ADDRESS]")); //$NON-NLS-1$
		DiagnosticReport report = services.get(ConnectionTester.class).test(s, null, a.option("to").orElse(null), //$NON-NLS-1$
				new NullProgressMonitor());
		for (DiagnosticStep step : report.steps()) {
			out.printf("%-8s %-12s %s%n", step.verdict(), step.name(), step.detail()); //$NON-NLS-1$
		}
		report.advice().forEach(advice -> out.println("Advice: " + advice)); //$NON-NLS-1$
		if (!report.certificateFingerprint().isEmpty()) {
			out.println("Certificate SHA-256: " + report.certificateFingerprint()); //$NON-NLS-1$
		}
		if (!report.ok()) {
			throw CliException.failed("The connection test of " + s.name() + " failed" //$NON-NLS-1$ //$NON-NLS-2$
					+ (report.advice().isEmpty() ? "." : ": " + report.advice().get(0))); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	private void export(ServerRegistry registry, Arguments a) throws CliException {
		if (a.positionals().isEmpty()) {
			throw CliException.usage("servers export FILE [NAME ...]"); //$NON-NLS-1$
		}
		Path file = Path.of(a.positionals().get(0));
		List<String> ids = a.positionals().stream().skip(1).map(n -> {
			try {
				return byName(registry, n).id();
			} catch (CliException e) {
				throw new IllegalArgumentException(e.getMessage());
			}
		}).toList();
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			registry.exportServers(ids, w);
		} catch (IOException e) {
			throw CliException.failed("Could not write " + file + ": " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		out.println("Exported " + (ids.isEmpty() ? registry.servers().size() : ids.size()) + " server(s) to " + file //$NON-NLS-1$ //$NON-NLS-2$
				+ " (without passwords)."); //$NON-NLS-1$
	}

	private void importServers(ServerRegistry registry, Arguments a) throws CliException {
		Path file = Path.of(single(a, "servers import FILE [--rename]")); //$NON-NLS-1$
		ImportResult result;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			result = registry.importServers(r, a.flag("rename")); //$NON-NLS-1$
		} catch (IOException e) {
			throw CliException.failed("Could not import " + file + ": " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		result.imported().forEach(s -> out.println("Imported " + s.name() + ".")); //$NON-NLS-1$ //$NON-NLS-2$
		result.conflicts().forEach(out::println);
		result.invalid().forEach(out::println);
	}

	static MailServer byName(ServerRegistry registry, String name) throws CliException {
		return registry.findByName(name).orElseThrow(() -> CliException.failed("There is no server named '" + name //$NON-NLS-1$
				+ "'. Known: " + registry.servers().stream().map(MailServer::name).collect(Collectors.joining(", ")) + ".")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private static String single(Arguments a, String usage) throws CliException {
		if (a.positionals().size() != 1) {
			throw CliException.usage("Usage: bitfaster-cli " + usage); //$NON-NLS-1$
		}
		return a.positionals().get(0);
	}

	private static String describe(ServerValidationException e) {
		return e.problems().stream().map(FieldProblem::message).collect(Collectors.joining(" ")); //$NON-NLS-1$
	}
}
