package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.discovery.DiscoveryReport;
import com.bitfaster.mail.discovery.Proposal;
import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** What {@code servers discover ADDRESS [--add NAME] [--json]} does. */
final class DiscoverAction {

	private final Services services;
	private final PrintStream out;

	DiscoverAction(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	/** {@code --oauth-provider}, {@code --client-id} and {@code --tenant}: used when the server accepts only OAuth2. */
	record OAuthOptions(String provider, String clientId, String tenant) {
	}

	void discover(String address, String addName, OAuthOptions oauth, boolean json) throws CliException {
		ServerRegistry registry = addName == null ? null : services.get(ServerRegistry.class);
		if (registry != null && registry.findByName(addName).isPresent()) {
			throw CliException.failed(NLS.bind(Messages.Discover_nameTaken, addName));
		}
		ServerDiscovery discovery = services.get(ServerDiscovery.class);
		DiscoveryReport report = discovery.discover(address, json ? null : this::print, new NullProgressMonitor());
		MailServer added = null;
		Proposal p = report.proposal();
		if (p != null && registry != null) {
			added = add(registry, addName, p, oauth);
		}
		if (json) {
			out.println(CliJson.toJson(json(report, added)));
		} else if (p != null) {
			out.println(NLS.bind(Messages.Discover_proposal, new Object[] { p.host(), String.valueOf(p.port()),
					p.encryption(), p.authentication(),
					p.username().isEmpty() ? "" : NLS.bind(Messages.Discover_user, p.username()), p.source() })); //$NON-NLS-1$
			if (!p.encrypted()) {
				out.println(Messages.Discover_plainOnly);
			}
			if (Proposal.AUTH_OAUTH2.equals(p.authentication())) {
				out.println(Messages.Discover_oauth2);
			}
			if (added != null) {
				out.println(NLS.bind(Messages.Discover_added, added.name(), ServerDescriptions.sendsTo(services, added)));
				if (Proposal.AUTH_PASSWORD.equals(p.authentication())) {
					out.println(NLS.bind(Messages.Discover_setPassword, added.name()));
				} else if (MailServer.AUTH_OAUTH2.equals(added.authMethod())) {
					out.println(NLS.bind(Messages.Discover_signIn, added.name()));
				}
			}
		}
		if (report.domain().isEmpty()) {
			throw CliException.usage(NLS.bind(Messages.Discover_badAddress, address));
		}
		if (p == null) {
			throw CliException.failed(NLS.bind(Messages.Discover_none, report.domain()));
		}
	}

	private void print(DiagnosticStep step) {
		out.printf("%-8s %-15s %s%n", step.verdict(), step.name(), step.detail()); //$NON-NLS-1$
	}

	private static MailServer add(ServerRegistry registry, String name, Proposal p, OAuthOptions oauth)
			throws CliException {
		MailServer.Builder b = MailServer.builder().name(name).host(p.host()).port(p.port()).encryption(p.encryption());
		if (!p.username().isEmpty()) {
			b.username(p.username());
		}
		if (Proposal.AUTH_OAUTH2.equals(p.authentication())) {
			oauth2(b, p, oauth);
		}
		try {
			return registry.add(b.build(), null);
		} catch (ServerValidationException e) {
			throw CliException.failed(e.problems().stream().map(FieldProblem::message).collect(Collectors.joining(" "))); //$NON-NLS-1$
		}
	}

	/**
	 * A server that accepts only XOAUTH2 is added with the oauth2 method: the provider from {@code --oauth-provider}, or
	 * known from the host (Microsoft 365, Google); the client id is the organisation's own application, so it must be
	 * given.
	 */
	private static void oauth2(MailServer.Builder b, Proposal p, OAuthOptions oauth) throws CliException {
		String provider = oauth.provider() == null ? knownProvider(p.host()) : oauth.provider().strip();
		if (provider == null || oauth.clientId() == null || oauth.clientId().isBlank()) {
			throw CliException.usage(NLS.bind(Messages.Discover_oauth2Options, p.host()));
		}
		b.authMethod(MailServer.AUTH_OAUTH2);
		if (OAuthSettings.MICROSOFT.equals(provider) || OAuthSettings.GOOGLE.equals(provider)) {
			b.authSetting(OAuthSettings.PROVIDER, provider);
		} else if (provider.contains("://")) { //$NON-NLS-1$
			b.authSetting(OAuthSettings.PROVIDER, OAuthSettings.ISSUER).authSetting(OAuthSettings.ISSUER_URL, provider);
		} else {
			throw CliException.usage(NLS.bind(Messages.Server_oauthProvider, provider));
		}
		b.authSetting(OAuthSettings.CLIENT_ID, oauth.clientId().strip());
		if (oauth.tenant() != null && !oauth.tenant().isBlank()) {
			b.authSetting(OAuthSettings.TENANT, oauth.tenant().strip());
		}
	}

	/** @return the provider of a host everybody knows (Microsoft 365's and Google's submission hosts), else null */
	static String knownProvider(String host) {
		String h = host.toLowerCase(java.util.Locale.ROOT);
		if (h.endsWith(".office365.com") || h.endsWith(".outlook.com")) { //$NON-NLS-1$ //$NON-NLS-2$
			return OAuthSettings.MICROSOFT;
		}
		if (h.endsWith(".gmail.com") || h.endsWith(".google.com") || h.endsWith(".googlemail.com")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			return OAuthSettings.GOOGLE;
		}
		return null;
	}

	/** {@code servers discover --json}. */
	private static JsonObject json(DiscoveryReport report, MailServer added) {
		JsonObject o = CliJson.versioned();
		o.addProperty("address", report.address()); //$NON-NLS-1$
		o.addProperty("domain", report.domain()); //$NON-NLS-1$
		o.addProperty("elapsedMillis", report.elapsed().toMillis()); //$NON-NLS-1$
		JsonArray steps = new JsonArray();
		for (DiagnosticStep step : report.steps()) {
			JsonObject s = new JsonObject();
			s.addProperty("name", step.name()); //$NON-NLS-1$
			s.addProperty("verdict", CliJson.lower(step.verdict())); //$NON-NLS-1$
			s.addProperty("detail", step.detail()); //$NON-NLS-1$
			steps.add(s);
		}
		o.add("steps", steps); //$NON-NLS-1$
		Proposal p = report.proposal();
		if (p == null) {
			o.add("proposal", null); //$NON-NLS-1$
		} else {
			JsonObject j = new JsonObject();
			j.addProperty("host", p.host()); //$NON-NLS-1$
			j.addProperty("port", p.port()); //$NON-NLS-1$
			j.addProperty("encryption", p.encryption()); //$NON-NLS-1$
			j.addProperty("authentication", p.authentication()); //$NON-NLS-1$
			j.addProperty("username", p.username()); //$NON-NLS-1$
			j.addProperty("source", p.source()); //$NON-NLS-1$
			JsonArray mechanisms = new JsonArray();
			p.authMechanisms().forEach(mechanisms::add);
			j.add("authMechanisms", mechanisms); //$NON-NLS-1$
			j.addProperty("tls", p.tls()); //$NON-NLS-1$
			o.add("proposal", j); //$NON-NLS-1$
		}
		if (added != null) {
			o.addProperty("added", added.name()); //$NON-NLS-1$
		}
		return o;
	}
}
