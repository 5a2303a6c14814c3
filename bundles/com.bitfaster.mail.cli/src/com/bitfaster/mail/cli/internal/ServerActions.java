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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** What {@code servers list|add|update|remove|activate|deactivate|test|export|import} do. */
final class ServerActions {

	private final Services services;
	private final PrintStream out;

	ServerActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	private ServerRegistry registry() throws CliException {
		ServerRegistry registry = services.get(ServerRegistry.class);
		registry.loadProblem().ifPresent(p -> System.err.println("bitfaster-cli: warning: " + p)); //$NON-NLS-1$
		return registry;
	}

	void remove(String name) throws CliException {
		ServerRegistry registry = registry();
		MailServer s = byName(registry, name);
		registry.delete(s.id());
		out.println("Removed " + s.name() + "."); //$NON-NLS-1$ //$NON-NLS-2$
	}

	void activate(String name) throws CliException {
		ServerRegistry registry = registry();
		MailServer s = byName(registry, name);
		registry.activate(s.id());
		out.println(s.name() + " is active."); //$NON-NLS-1$
	}

	/**
	 * A server as {@code servers list --json} shows it: the command line's own shape, built from core's API, so a change
	 * to how servers are stored does not change what scripts read.
	 */
	private JsonObject listed(MailServer s) {
		JsonObject o = new JsonObject();
		o.addProperty("format", CliJson.FORMAT); //$NON-NLS-1$
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
		o.addProperty("sendsTo", ServerDescriptions.sendsTo(services, s)); //$NON-NLS-1$
		return o;
	}

	void list(boolean json) throws CliException {
		ServerRegistry registry = registry();
		List<MailServer> servers = registry.servers();
		if (json) {
			JsonArray array = new JsonArray();
			for (MailServer s : servers) {
				JsonObject o = listed(s);
				o.addProperty("activeNow", registry.isActive(s)); //$NON-NLS-1$
				array.add(o);
			}
			out.println(CliJson.toJson(array));
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
			String address = ServerDescriptions.sendsTo(services, s);
			out.printf("%-" + width + "s  %-30s  %-10s  %s%n", s.name(), address, s.encryption(), status); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	void add(String name, ServersCommand.Settings o) throws CliException {
		ServerRegistry registry = registry();
		MailServer.Builder b = MailServer.builder().name(name).host(o.host == null ? "" : o.host); //$NON-NLS-1$
		String encryption = o.encryption == null ? MailServer.DEFAULT_ENCRYPTION : o.encryption;
		b.encryption(encryption).port(defaultPort(encryption));
		apply(o, b);
		char[] password = o.passwordStdin ? readPassword() : null;
		try {
			MailServer added = registry.add(b.build(), password);
			out.println("Added " + added.name() + " (" + ServerDescriptions.sendsTo(services, added) + ")."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		} catch (ServerValidationException e) {
			throw CliException.failed(describe(e));
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
	}

	void update(String name, String newName, ServersCommand.Settings o) throws CliException {
		ServerRegistry registry = registry();
		MailServer existing = byName(registry, name);
		MailServer.Builder b = existing.toBuilder();
		if (newName != null) {
			b.name(newName);
		}
		if (o.host != null) {
			b.host(o.host);
		}
		if (o.encryption != null) {
			b.encryption(o.encryption);
			if (existing.port() == defaultPort(existing.encryption())) {
				b.port(defaultPort(o.encryption)); // the port was the old default: follow the new one
			}
		}
		apply(o, b);
		try {
			MailServer updated = registry.update(b.build());
			if (o.passwordStdin) {
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

	private static void apply(ServersCommand.Settings o, MailServer.Builder b) throws CliException {
		if (o.port != null) {
			b.port(o.port);
		}
		if (o.transport != null) {
			b.transportType(o.transport);
		}
		if (o.username != null) {
			b.username(o.username);
		}
		if (o.timeout != null) {
			b.timeoutSeconds(o.timeout);
		}
		if (o.helo != null) {
			b.heloName(o.helo);
		}
		if (o.pin != null) {
			b.pinnedCertificate(o.pin);
		}
		ServerLimits current = b.build().limits();
		b.limits(new ServerLimits(o.maxConnections == null ? current.maxConnections() : o.maxConnections,
				o.messagesPerConnection == null ? current.messagesPerConnection() : o.messagesPerConnection,
				o.messagesPerHour == null ? current.messagesPerHour() : o.messagesPerHour));
		for (String setting : o.settings) {
			int eq = setting.indexOf('=');
			if (eq <= 0) {
				throw CliException.usage("--setting takes KEY=VALUE, not '" + setting + "'."); //$NON-NLS-1$ //$NON-NLS-2$
			}
			b.transportSetting(setting.substring(0, eq), setting.substring(eq + 1));
		}
		if (o.inactive) {
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

	void deactivate(String name, String untilText) throws CliException {
		ServerRegistry registry = registry();
		MailServer s = byName(registry, name);
		if (untilText != null) {
			Instant until;
			try {
				until = Instant.parse(untilText);
			} catch (DateTimeParseException e) {
				throw CliException.usage("--until must be an ISO-8601 instant such as 2026-12-24T18:00:00Z, not '" //$NON-NLS-1$
						+ untilText + "'."); //$NON-NLS-1$
			}
			registry.deactivateUntil(s.id(), until);
			out.println(s.name() + " is inactive until " + until + "."); //$NON-NLS-1$ //$NON-NLS-2$
		} else {
			registry.deactivate(s.id());
			out.println(s.name() + " is inactive."); //$NON-NLS-1$
		}
	}

	void test(String name, String to, boolean json) throws CliException {
		MailServer s = byName(registry(), name);
		DiagnosticReport report = services.get(ConnectionTester.class).test(s, null, to, new NullProgressMonitor());
		if (json) {
			out.println(CliJson.toJson(CliJson.diagnostic(s, report)));
		} else {
			for (DiagnosticStep step : report.steps()) {
				out.printf("%-8s %-12s %s%n", step.verdict(), step.name(), step.detail()); //$NON-NLS-1$
			}
			report.advice().forEach(advice -> out.println("Advice: " + advice)); //$NON-NLS-1$
			if (!report.certificateFingerprint().isEmpty()) {
				out.println("Certificate SHA-256: " + report.certificateFingerprint()); //$NON-NLS-1$
			}
		}
		if (!report.ok()) {
			throw CliException.failed("The connection test of " + s.name() + " failed" //$NON-NLS-1$ //$NON-NLS-2$
					+ (report.advice().isEmpty() ? "." : ": " + report.advice().get(0))); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	void export(String fileName, List<String> names) throws CliException {
		ServerRegistry registry = registry();
		Path file = Path.of(fileName);
		List<String> ids = new ArrayList<>();
		for (String n : names) {
			ids.add(byName(registry, n).id());
		}
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			registry.exportServers(ids, w);
		} catch (IOException e) {
			throw CliException.failed("Could not write " + file + ": " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		out.println("Exported " + (ids.isEmpty() ? registry.servers().size() : ids.size()) + " server(s) to " + file //$NON-NLS-1$ //$NON-NLS-2$
				+ " (without passwords)."); //$NON-NLS-1$
	}

	void importServers(String fileName, boolean rename) throws CliException {
		ServerRegistry registry = registry();
		Path file = Path.of(fileName);
		ImportResult result;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			result = registry.importServers(r, rename);
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

	private static String describe(ServerValidationException e) {
		return e.problems().stream().map(FieldProblem::message).collect(Collectors.joining(" ")); //$NON-NLS-1$
	}
}
