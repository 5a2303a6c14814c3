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
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.ImportResult;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerUsage;
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
		registry.loadProblem().ifPresent(p -> System.err.println(NLS.bind(Messages.Cli_warning, p)));
		return registry;
	}

	void remove(String name) throws CliException {
		ServerRegistry registry = registry();
		MailServer s = byName(registry, name);
		registry.delete(s.id());
		out.println(NLS.bind(Messages.Server_removed, s.name()));
	}

	void activate(String name) throws CliException {
		ServerRegistry registry = registry();
		MailServer s = byName(registry, name);
		registry.activate(s.id());
		out.println(NLS.bind(Messages.Server_active, s.name()));
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
		limits.addProperty("messagesPerDay", s.limits().messagesPerDay()); //$NON-NLS-1$
		JsonArray plan = new JsonArray();
		s.limits().warmUp().forEach(plan::add);
		limits.add("warmUp", plan); //$NON-NLS-1$
		o.add("limits", limits); //$NON-NLS-1$
		o.addProperty("heloName", s.heloName()); //$NON-NLS-1$
		o.addProperty("pinnedCertificate", s.pinnedCertificate()); //$NON-NLS-1$
		JsonObject settings = new JsonObject();
		s.transportSettings().forEach(settings::addProperty);
		o.add("transportSettings", settings); //$NON-NLS-1$
		o.addProperty("allowPlaintextAuth", s.allowPlaintextAuth()); //$NON-NLS-1$
		o.addProperty("sendsTo", ServerDescriptions.sendsTo(services, s)); //$NON-NLS-1$
		return o;
	}

	/**
	 * Where a rate-limited server stands (shared by every program on this machine): its warm-up day, today's cap,
	 * what was sent, what remains now.
	 */
	private JsonObject usage(MailServer s) throws CliException {
		JsonObject o = new JsonObject();
		try {
			ServerUsage u = services.get(SenderService.class).usage(s);
			o.addProperty("warmUpDay", u.warmUpDay()); //$NON-NLS-1$
			o.addProperty("warmUpDays", u.warmUpDays()); //$NON-NLS-1$
			o.addProperty("todayCap", u.todayCap()); //$NON-NLS-1$
			o.addProperty("sentToday", u.sentToday()); //$NON-NLS-1$
			o.addProperty("sentLastHour", u.sentLastHour()); //$NON-NLS-1$
			o.addProperty("remainingNow", u.remainingNow()); //$NON-NLS-1$
		} catch (IOException e) {
			o.addProperty("problem", e.toString()); //$NON-NLS-1$
		}
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
				if (s.limits().hasRateLimit()) {
					o.getAsJsonObject("limits").add("usage", usage(s)); //$NON-NLS-1$ //$NON-NLS-2$
				}
				array.add(o);
			}
			out.println(CliJson.toJson(array));
			return;
		}
		if (servers.isEmpty()) {
			out.println(Messages.Server_none);
			return;
		}
		int width = Math.max(4, servers.stream().mapToInt(s -> s.name().length()).max().orElse(4));
		out.printf("%-" + width + "s  %-30s  %-10s  %s%n", "NAME", "ADDRESS", "ENCRYPTION", "STATUS"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		for (MailServer s : servers) {
			String status = registry.isActive(s) ? "active" //$NON-NLS-1$
					: s.inactiveUntil() != null ? "inactive until " + s.inactiveUntil() : "inactive"; //$NON-NLS-1$ //$NON-NLS-2$
			String address = ServerDescriptions.sendsTo(services, s);
			out.printf("%-" + width + "s  %-30s  %-10s  %s%n", s.name(), address, s.encryption(), status); //$NON-NLS-1$ //$NON-NLS-2$
			if (s.limits().hasRateLimit()) {
				out.println(" ".repeat(width + 2) + limitsText(s)); //$NON-NLS-1$
			}
		}
	}

	/** "limits: 50 an hour, 500 a day, warm-up 50,100,200 (day 2 of 3: 57 of 100 sent today); 43 may be sent now" */
	private String limitsText(MailServer s) throws CliException {
		List<String> parts = new java.util.ArrayList<>();
		if (s.limits().messagesPerHour() > 0) {
			parts.add(NLS.bind(Messages.Server_perHour, s.limits().messagesPerHour()));
		}
		if (s.limits().messagesPerDay() > 0) {
			parts.add(NLS.bind(Messages.Server_perDay, s.limits().messagesPerDay()));
		}
		if (!s.limits().warmUp().isEmpty()) {
			parts.add(NLS.bind(Messages.Server_warmUp, s.limits().warmUp().stream().map(String::valueOf)
					.collect(java.util.stream.Collectors.joining(",")))); //$NON-NLS-1$
		}
		String text = NLS.bind(Messages.Server_limits, String.join(", ", parts)); //$NON-NLS-1$
		try {
			com.bitfaster.mail.core.ServerUsage u = services.get(com.bitfaster.mail.core.SenderService.class).usage(s);
			if (u.warmUpDay() > 0) {
				text += " " + NLS.bind(Messages.Server_warmUpDay, //$NON-NLS-1$
						new Object[] { u.warmUpDay(), u.warmUpDays(), u.sentToday(), u.todayCap() });
			} else if (s.limits().messagesPerDay() > 0) {
				text += " " + NLS.bind(Messages.Server_sentToday, u.sentToday(), u.todayCap()); //$NON-NLS-1$
			}
			if (u.remainingNow() >= 0) {
				text += "; " + NLS.bind(Messages.Server_remainingNow, u.remainingNow()); //$NON-NLS-1$
			}
		} catch (IOException e) {
			text += "; " + e.getMessage(); //$NON-NLS-1$
		}
		return text;
	}

	void add(String name, ServersCommand.Settings o, boolean json) throws CliException {
		ServerRegistry registry = registry();
		MailServer.Builder b = MailServer.builder().name(name).host(o.host == null ? "" : o.host); //$NON-NLS-1$
		String encryption = o.encryption == null ? MailServer.DEFAULT_ENCRYPTION : o.encryption;
		b.encryption(encryption).port(defaultPort(encryption));
		apply(o, b);
		char[] password = o.passwordStdin ? readPassword() : null;
		char[] clientSecret = readClientSecret(o);
		try {
			MailServer added = registry.add(b.build(), password);
			storeClientSecret(added, clientSecret);
			if (json) {
				out.println(CliJson.toJson(listed(added)));
			} else {
				out.println(NLS.bind(Messages.Server_added, added.name(), ServerDescriptions.sendsTo(services, added)));
			}
			warnIfPlaintext(added);
		} catch (ServerValidationException e) {
			throw refused(b.build(), e);
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
			if (clientSecret != null) {
				Arrays.fill(clientSecret, '\0');
			}
		}
	}

	void update(String name, String newName, ServersCommand.Settings o, boolean json) throws CliException {
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
		char[] clientSecret = readClientSecret(o);
		try {
			MailServer updated = registry.update(b.build());
			storeClientSecret(updated, clientSecret);
			if (o.passwordStdin) {
				char[] password = readPassword();
				try {
					registry.setPassword(updated.id(), password);
				} finally {
					Arrays.fill(password, '\0');
				}
			}
			if (json) {
				out.println(CliJson.toJson(listed(updated)));
			} else {
				out.println(NLS.bind(Messages.Server_updated, updated.name()));
			}
			warnIfPlaintext(updated);
		} catch (ServerValidationException e) {
			throw refused(b.build(), e);
		} finally {
			if (clientSecret != null) {
				Arrays.fill(clientSecret, '\0');
			}
		}
	}

	/** A password without TLS is a usage error (exit 2) named in one line; other problems fail as before. */
	private static CliException refused(MailServer server, ServerValidationException e) {
		if (e.problems().stream().anyMatch(p -> p.field() == ServerField.ALLOW_PLAINTEXT_AUTH)) {
			return CliException.usage(NLS.bind(Messages.Server_plaintextRefused, server.name()));
		}
		return CliException.failed(describe(e));
	}

	private static void warnIfPlaintext(MailServer server) {
		if (server.authenticatesWithoutTls() && server.allowPlaintextAuth()) {
			System.err.println(NLS.bind(Messages.Cli_warning, NLS.bind(Messages.Server_plaintextWarning, server.name())));
		}
	}

	/** The OAuth2 client secret, from standard input (never from an argument), or {@code null}. */
	private static char[] readClientSecret(ServersCommand.Settings o) throws CliException {
		if (!o.clientSecretStdin) {
			return null;
		}
		if (o.passwordStdin) {
			throw CliException.usage(Messages.Server_twoSecretsStdin);
		}
		return readPassword();
	}

	private void storeClientSecret(MailServer server, char[] secret) throws CliException {
		if (secret != null) {
			services.get(OAuthService.class).setClientSecret(server, secret);
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
				o.messagesPerHour == null ? current.messagesPerHour() : o.messagesPerHour,
				o.messagesPerDay == null ? current.messagesPerDay() : o.messagesPerDay,
				o.warmUp == null ? current.warmUp() : warmUp(o.warmUp)));
		for (String setting : o.settings) {
			int eq = setting.indexOf('=');
			if (eq <= 0) {
				throw CliException.usage(NLS.bind(Messages.Server_settingFormat, setting));
			}
			b.transportSetting(setting.substring(0, eq), setting.substring(eq + 1));
		}
		if (o.inactive) {
			b.active(false);
		}
		if (o.allowPlaintextAuth != null) {
			b.allowPlaintextAuth(o.allowPlaintextAuth);
		}
		if (o.auth != null) {
			b.authMethod(o.auth);
		}
		if (o.oauthProvider != null) {
			String provider = o.oauthProvider.strip();
			if (OAuthSettings.MICROSOFT.equals(provider) || OAuthSettings.GOOGLE.equals(provider)) {
				b.authSetting(OAuthSettings.PROVIDER, provider).authSetting(OAuthSettings.ISSUER_URL, null);
			} else if (provider.contains("://")) { //$NON-NLS-1$
				b.authSetting(OAuthSettings.PROVIDER, OAuthSettings.ISSUER).authSetting(OAuthSettings.ISSUER_URL, provider);
			} else {
				throw CliException.usage(NLS.bind(Messages.Server_oauthProvider, provider));
			}
			if (o.auth == null) {
				b.authMethod(MailServer.AUTH_OAUTH2);
			}
		}
		if (o.clientId != null) {
			b.authSetting(OAuthSettings.CLIENT_ID, o.clientId.strip());
		}
		if (o.tenant != null) {
			b.authSetting(OAuthSettings.TENANT, o.tenant.strip());
		}
		if (o.oauthScope != null) {
			b.authSetting(OAuthSettings.SCOPE, o.oauthScope.strip().isEmpty() ? null : o.oauthScope.strip());
		}
	}

	/** @return the daily caps of {@code --warm-up}, such as {@code 50,100,200}; empty for "" */
	static List<Integer> warmUp(String value) throws CliException {
		List<Integer> plan = new java.util.ArrayList<>();
		if (value.isBlank()) {
			return plan;
		}
		for (String day : value.split(",", -1)) { //$NON-NLS-1$
			try {
				plan.add(Integer.parseInt(day.strip()));
			} catch (NumberFormatException e) {
				throw CliException.usage(NLS.bind(Messages.Server_warmUpFormat, value));
			}
		}
		return plan;
	}

	private int defaultPort(String encryption) {
		try {
			return services.get(MailExtensions.class).encryptionProvider(encryption)
					.map(EncryptionProviderDescriptor::defaultPort).orElse(MailServer.DEFAULT_PORT);
		} catch (CliException e) {
			return MailServer.DEFAULT_PORT;
		}
	}

	static char[] readPassword() throws CliException {
		try {
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (line == null) {
				throw CliException.usage(Messages.Server_passwordEmpty);
			}
			return line.toCharArray();
		} catch (IOException e) {
			throw CliException.failed(NLS.bind(Messages.Server_passwordUnreadable, e.getMessage()));
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
				throw CliException.usage(NLS.bind(Messages.Server_untilFormat, untilText));
			}
			registry.deactivateUntil(s.id(), until);
			out.println(NLS.bind(Messages.Server_inactiveUntil, s.name(), until));
		} else {
			registry.deactivate(s.id());
			out.println(NLS.bind(Messages.Server_inactive, s.name()));
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
			report.advice().forEach(advice -> out.println(NLS.bind(Messages.Server_advice, advice)));
			if (!report.certificateFingerprint().isEmpty()) {
				out.println(NLS.bind(Messages.Server_certificate, report.certificateFingerprint()));
			}
		}
		if (!report.ok()) {
			throw CliException.failed(report.advice().isEmpty() ? NLS.bind(Messages.Server_testFailed, s.name())
					: NLS.bind(Messages.Server_testFailedAdvice, s.name(), report.advice().get(0)));
		}
	}

	void export(String fileName, List<String> names, boolean json) throws CliException {
		ServerRegistry registry = registry();
		Path file = Path.of(fileName);
		List<String> ids = new ArrayList<>();
		for (String n : names) {
			ids.add(byName(registry, n).id());
		}
		List<String> exported = ids.isEmpty() ? registry.servers().stream().map(MailServer::name).toList()
				: names.stream().map(n -> registry.findByName(n).map(MailServer::name).orElse(n)).toList();
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			registry.exportServers(ids, w);
		} catch (IOException e) {
			throw CliException.failed(NLS.bind(Messages.Server_exportFailed, file, e.getMessage()));
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			o.addProperty("file", file.toAbsolutePath().toString()); //$NON-NLS-1$
			o.add("exported", CliJson.strings(exported)); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
		} else {
			out.println(NLS.bind(Messages.Server_exported, exported.size(), file));
		}
	}

	void importServers(String fileName, boolean rename, boolean json) throws CliException {
		ServerRegistry registry = registry();
		Path file = Path.of(fileName);
		ImportResult result;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			result = registry.importServers(r, rename);
		} catch (IOException e) {
			throw CliException.failed(NLS.bind(Messages.Server_importFailed, file, e.getMessage()));
		}
		if (json) {
			JsonObject o = CliJson.versioned();
			JsonArray imported = new JsonArray();
			result.imported().forEach(s -> imported.add(listed(s)));
			o.add("imported", imported); //$NON-NLS-1$
			o.add("conflicts", CliJson.strings(result.conflicts())); //$NON-NLS-1$
			o.add("invalid", CliJson.strings(result.invalid())); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		result.imported().forEach(s -> out.println(NLS.bind(Messages.Server_imported, s.name())));
		result.conflicts().forEach(out::println);
		result.invalid().forEach(out::println);
	}

	static MailServer byName(ServerRegistry registry, String name) throws CliException {
		return registry.findByName(name).orElseThrow(() -> CliException.failed(NLS.bind(Messages.Server_unknown,
				name, registry.servers().stream().map(MailServer::name).collect(Collectors.joining(", "))))); //$NON-NLS-1$
	}

	private static String describe(ServerValidationException e) {
		return e.problems().stream().map(FieldProblem::message).collect(Collectors.joining(" ")); //$NON-NLS-1$
	}
}
