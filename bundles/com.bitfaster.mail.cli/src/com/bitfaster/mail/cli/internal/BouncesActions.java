package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.SignInState;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.google.gson.JsonObject;

/** What the {@code bounces} commands do, on the {@link BounceService} and {@link DeliverabilitySettings}. */
final class BouncesActions {

	private final Services services;
	private final PrintStream out;

	BouncesActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void fetch(boolean json) throws CliException {
		FetchSummary s;
		long started = System.nanoTime();
		try {
			s = services.get(BounceService.class).fetch(new NullProgressMonitor());
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = new JsonObject();
			o.addProperty("read", s.read()); //$NON-NLS-1$
			o.addProperty("hard", s.hard()); //$NON-NLS-1$
			o.addProperty("soft", s.soft()); //$NON-NLS-1$
			o.addProperty("complaints", s.complaints()); //$NON-NLS-1$
			o.addProperty("unsubscribes", s.unsubscribes()); //$NON-NLS-1$
			o.addProperty("autoReplies", s.autoReplies()); //$NON-NLS-1$
			o.addProperty("refused", s.refused()); //$NON-NLS-1$
			o.addProperty("unrecognised", s.unrecognised()); //$NON-NLS-1$
			// Waiting for another reader, connecting, reading and recording: not the JVM's start.
			o.addProperty("millis", (System.nanoTime() - started) / 1_000_000); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		out.println(NLS.bind(Messages.Bounces_fetched, new Object[] { s.read(), s.hard(), s.soft(), s.complaints(),
				s.unsubscribes(), s.autoReplies(), s.refused(), s.unrecognised() }));
	}

	void settings(BouncesCommand.Settings o, boolean json) throws CliException {
		BounceService bounces = services.get(BounceService.class);
		DeliverabilitySettings deliverability = services.get(DeliverabilitySettings.class);
		char[] password = null;
		try {
			BounceMailbox m = bounces.mailbox();
			if (o.passwordStdin && o.clientSecretStdin) {
				throw CliException.usage(Messages.Bounces_twoStdin);
			}
			boolean mailboxChanged = o.protocol != null || o.host != null || o.port != null || o.security != null
					|| o.user != null || o.pin != null || o.interval != null || o.passwordStdin || o.auth != null
					|| o.oauthProvider != null || o.clientId != null || o.tenant != null || o.oauthScope != null
					|| o.clientSecretStdin;
			if (mailboxChanged) {
				BounceMailbox.Protocol protocol = o.protocol == null ? m.protocol() : protocol(o.protocol);
				BounceMailbox.Security security = o.security == null ? m.security() : security(o.security);
				boolean defaultPort = m.port() == BounceMailbox.defaultPort(m.protocol(), m.security());
				int port = o.port != null ? o.port
						: defaultPort ? BounceMailbox.defaultPort(protocol, security) : m.port();
				BounceMailbox changed = new BounceMailbox(protocol, o.host == null ? m.host() : o.host, port, security,
						o.user == null ? m.user() : o.user, o.pin == null ? m.pinned() : o.pin,
						o.interval == null ? m.intervalMinutes() : o.interval);
				changed = authentication(m, changed, o);
				if (o.passwordStdin) {
					password = ServerActions.readPassword();
				}
				bounces.setMailbox(changed, password);
				if (o.clientSecretStdin) {
					char[] secret = ServerActions.readPassword();
					try {
						bounces.oauth().setClientSecret(bounces.oauthAccount(changed), secret);
					} finally {
						Arrays.fill(secret, '\0');
					}
				}
			}
			Deliverability d = deliverability.get();
			if (o.returnPathDomain != null || o.unsubscribeDomain != null || o.softBounceLimit != null
					|| o.softBounceDays != null) {
				deliverability.set(new Deliverability(o.returnPathDomain == null ? d.returnPathDomain() : o.returnPathDomain,
						o.unsubscribeDomain == null ? d.unsubscribeDomain() : o.unsubscribeDomain,
						o.softBounceLimit == null ? d.softBounceLimit() : o.softBounceLimit,
						o.softBounceDays == null ? d.softBounceDays() : o.softBounceDays));
			}
			print(bounces, bounces.mailbox(), bounces.hasPassword(), deliverability.get(), json);
		} catch (CoreException e) {
			throw CliException.usage(e.getMessage());
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
	}

	/** The mailbox with {@code --auth} and the OAuth2 options applied, in the style of {@code servers add}'s. */
	private static BounceMailbox authentication(BounceMailbox before, BounceMailbox changed, BouncesCommand.Settings o)
			throws CliException {
		BounceMailbox.Authentication how = before.authentication();
		if (o.auth != null) {
			how = switch (o.auth.strip().toLowerCase(Locale.ROOT)) {
			case "password" -> BounceMailbox.Authentication.PASSWORD; //$NON-NLS-1$
			case "oauth2" -> BounceMailbox.Authentication.OAUTH2; //$NON-NLS-1$
			default -> throw CliException.usage(NLS.bind(Messages.Bounces_auth, o.auth));
			};
		} else if (o.oauthProvider != null) {
			how = BounceMailbox.Authentication.OAUTH2;
		}
		java.util.Map<String, String> oauth = new java.util.LinkedHashMap<>(before.oauth());
		if (o.oauthProvider != null) {
			String provider = o.oauthProvider.strip();
			if (OAuthSettings.MICROSOFT.equals(provider) || OAuthSettings.GOOGLE.equals(provider)) {
				oauth.put(OAuthSettings.PROVIDER, provider);
				oauth.remove(OAuthSettings.ISSUER_URL);
			} else if (provider.contains("://")) { //$NON-NLS-1$
				oauth.put(OAuthSettings.PROVIDER, OAuthSettings.ISSUER);
				oauth.put(OAuthSettings.ISSUER_URL, provider);
			} else {
				throw CliException.usage(NLS.bind(Messages.Server_oauthProvider, provider));
			}
		}
		putOrRemove(oauth, OAuthSettings.CLIENT_ID, o.clientId);
		putOrRemove(oauth, OAuthSettings.TENANT, o.tenant);
		putOrRemove(oauth, OAuthSettings.SCOPE, o.oauthScope);
		return changed.withAuthentication(how, oauth);
	}

	private static void putOrRemove(java.util.Map<String, String> settings, String key, String value) {
		if (value == null) {
			return;
		}
		if (value.isBlank()) {
			settings.remove(key);
		} else {
			settings.put(key, value.strip());
		}
	}

	/** Signs the bounce mailbox in with OAuth2, as {@code servers login} signs a server in. */
	void login(Integer waitSeconds, boolean browser) throws CliException {
		BounceService bounces = services.get(BounceService.class);
		BounceMailbox m = oauthMailbox(bounces);
		new OAuthActions(services, out).login(bounces.oauthAccount(m), bounces.oauth(), waitSeconds, browser);
	}

	void logout() throws CliException {
		BounceService bounces = services.get(BounceService.class);
		BounceMailbox m = oauthMailbox(bounces);
		new OAuthActions(services, out).logout(bounces.oauthAccount(m), bounces.oauth());
	}

	private static BounceMailbox oauthMailbox(BounceService bounces) throws CliException {
		BounceMailbox m;
		try {
			m = bounces.mailbox();
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (!m.configured() || !m.oauth2()) {
			throw CliException.usage(Messages.Bounces_notOAuth);
		}
		return m;
	}

	private void print(BounceService bounces, BounceMailbox m, boolean hasPassword, Deliverability d, boolean json) {
		java.util.Optional<SignInState> signedIn = m.oauth2() ? bounces.oauth().signInState(bounces.oauthAccount(m))
				: java.util.Optional.empty();
		if (json) {
			JsonObject o = new JsonObject();
			o.addProperty("protocol", m.protocol().name().toLowerCase(Locale.ROOT)); //$NON-NLS-1$
			o.addProperty("host", m.host()); //$NON-NLS-1$
			o.addProperty("port", m.port()); //$NON-NLS-1$
			o.addProperty("security", m.security() == BounceMailbox.Security.STARTTLS ? "starttls" : "tls"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			o.addProperty("user", m.user()); //$NON-NLS-1$
			o.addProperty("passwordStored", hasPassword); //$NON-NLS-1$
			o.addProperty("auth", m.authentication().name().toLowerCase(Locale.ROOT)); //$NON-NLS-1$
			if (m.oauth2()) {
				JsonObject oauth = new JsonObject();
				m.oauth().forEach(oauth::addProperty);
				oauth.addProperty("signedIn", signedIn.isPresent()); //$NON-NLS-1$
				signedIn.ifPresent(st -> oauth.addProperty("account", st.account())); //$NON-NLS-1$
				o.add("oauth2", oauth); //$NON-NLS-1$
			}
			o.addProperty("pinnedCertificate", m.pinned()); //$NON-NLS-1$
			o.addProperty("intervalMinutes", m.intervalMinutes()); //$NON-NLS-1$
			o.addProperty("returnPathDomain", d.returnPathDomain()); //$NON-NLS-1$
			o.addProperty("unsubscribeDomain", d.unsubscribeDomain()); //$NON-NLS-1$
			o.addProperty("softBounceLimit", d.softBounceLimit()); //$NON-NLS-1$
			o.addProperty("softBounceDays", d.softBounceDays()); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		if (m.configured()) {
			out.println(NLS.bind(Messages.Bounces_mailbox, new Object[] { m.label(),
					m.security() == BounceMailbox.Security.STARTTLS ? "STARTTLS" : "TLS", //$NON-NLS-1$ //$NON-NLS-2$
					m.oauth2() ? NLS.bind(Messages.Bounces_oauth2, m.oauth().getOrDefault(OAuthSettings.ISSUER_URL,
							m.oauth().getOrDefault(OAuthSettings.PROVIDER, "")), //$NON-NLS-1$
							signedIn.map(st -> NLS.bind(Messages.Bounces_signedIn, st.account().isEmpty() ? m.user() : st.account()))
									.orElse(Messages.Bounces_notSignedIn))
							: hasPassword ? Messages.Bounces_passwordStored : Messages.Bounces_passwordMissing,
					m.pinned().isEmpty() ? Messages.Bounces_trustStore : m.pinned(), m.intervalMinutes() }));
		} else {
			out.println(Messages.Bounces_noMailbox);
		}
		out.println(NLS.bind(Messages.Bounces_returnPath, new Object[] {
				d.verp() ? "bounce+TOKEN@" + d.returnPathDomain() : Messages.Bounces_verpOff, //$NON-NLS-1$
				d.effectiveUnsubscribeDomain().isEmpty() ? "-" : "unsubscribe+TOKEN@" + d.effectiveUnsubscribeDomain(), //$NON-NLS-1$ //$NON-NLS-2$
				d.softBounceLimit(), d.softBounceDays() }));
	}

	private static BounceMailbox.Protocol protocol(String text) throws CliException {
		return switch (text.toLowerCase(Locale.ROOT)) {
		case "imap" -> BounceMailbox.Protocol.IMAP; //$NON-NLS-1$
		case "pop3" -> BounceMailbox.Protocol.POP3; //$NON-NLS-1$
		default -> throw CliException.usage(NLS.bind(Messages.Bounces_protocol, text));
		};
	}

	private static BounceMailbox.Security security(String text) throws CliException {
		return switch (text.toLowerCase(Locale.ROOT)) {
		case "tls", "ssl" -> BounceMailbox.Security.IMPLICIT_TLS; //$NON-NLS-1$ //$NON-NLS-2$
		case "starttls" -> BounceMailbox.Security.STARTTLS; //$NON-NLS-1$
		default -> throw CliException.usage(NLS.bind(Messages.Bounces_security, text));
		};
	}
}
