package com.bitfaster.mail.bounces;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.bitfaster.mail.oauth.OAuthSettings;

/**
 * Where bounces come back: the organisation's bounce mailbox. The password and the OAuth2 tokens are not here: they
 * live in Equinox secure storage.
 *
 * @param protocol        IMAP or POP3
 * @param host            the mail server's host name
 * @param port            1-65535
 * @param security        implicit TLS (993, 995) or STARTTLS (143, 110; required, never a fall-back to plain text)
 * @param user            the login name
 * @param pinned          SHA-256 fingerprint of a certificate trusted explicitly (self-signed), empty: the JDK's
 *                        trust store and the host name are checked
 * @param intervalMinutes how often the workbench reads the mailbox, 0: never by itself
 * @param authentication  a password, or an OAuth2 access token (SASL XOAUTH2) from a sign-in at {@code oauth}
 * @param oauth           with OAuth2: the provider and the organisation's application, by the keys of
 *                        {@link OAuthSettings} ({@code provider}, {@code issuer}, {@code tenant}, {@code clientId},
 *                        {@code scope}); empty with a password
 */
public record BounceMailbox(Protocol protocol, String host, int port, Security security, String user, String pinned,
		int intervalMinutes, Authentication authentication, Map<String, String> oauth) {

	/** How the mailbox logs in. */
	public enum Authentication {
		PASSWORD, OAUTH2
	}

	/** Mailbox scopes: Microsoft 365 grants IMAP and POP3 by their own permissions, with a refresh token. */
	public static final String MICROSOFT_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All offline_access"; //$NON-NLS-1$

	/** How the mailbox is read. */
	public enum Protocol {
		IMAP, POP3
	}

	/** How the connection is protected; there is no plain-text choice, a password never crosses the network in clear. */
	public enum Security {
		IMPLICIT_TLS, STARTTLS
	}

	/** No mailbox set up yet. */
	public static final BounceMailbox NONE = new BounceMailbox(Protocol.IMAP, "", 993, Security.IMPLICIT_TLS, "", "", 0); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$

	/** A mailbox that logs in with a password. */
	public BounceMailbox(Protocol protocol, String host, int port, Security security, String user, String pinned,
			int intervalMinutes) {
		this(protocol, host, port, security, user, pinned, intervalMinutes, Authentication.PASSWORD, Map.of());
	}

	public BounceMailbox {
		authentication = authentication == null ? Authentication.PASSWORD : authentication;
		Map<String, String> o = new LinkedHashMap<>();
		if (oauth != null && authentication == Authentication.OAUTH2) {
			oauth.forEach((k, v) -> {
				if (k != null && v != null && !v.isBlank()) {
					o.put(k, v.strip());
				}
			});
		}
		oauth = java.util.Collections.unmodifiableMap(o);
		protocol = protocol == null ? Protocol.IMAP : protocol;
		security = security == null ? Security.IMPLICIT_TLS : security;
		host = host == null ? "" : host.strip(); //$NON-NLS-1$
		user = user == null ? "" : user.strip(); //$NON-NLS-1$
		pinned = pinned == null ? "" : pinned.strip().toUpperCase(Locale.ROOT); //$NON-NLS-1$
	}

	/** @return the same mailbox logging in another way ({@code oauth} is ignored with a password) */
	public BounceMailbox withAuthentication(Authentication how, Map<String, String> oauthSettings) {
		return new BounceMailbox(protocol, host, port, security, user, pinned, intervalMinutes, how, oauthSettings);
	}

	/** @return whether it logs in with OAuth2 */
	public boolean oauth2() {
		return authentication == Authentication.OAUTH2;
	}

	/** @return whether a mailbox is set up */
	public boolean configured() {
		return !host.isEmpty();
	}

	/** @return the usual port of a protocol and security */
	public static int defaultPort(Protocol protocol, Security security) {
		if (protocol == Protocol.POP3) {
			return security == Security.IMPLICIT_TLS ? 995 : 110;
		}
		return security == Security.IMPLICIT_TLS ? 993 : 143;
	}

	/** @return the first problem of these settings, one line for the user, or empty when they are valid */
	public Optional<String> problem() {
		if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) { //$NON-NLS-1$
			return Optional.of("Host: enter the mail server's name, for example imap.company.com."); //$NON-NLS-1$
		}
		if (port < 1 || port > 65535) {
			return Optional.of("Port: a number from 1 to 65535."); //$NON-NLS-1$
		}
		if (user.isEmpty() || user.chars().anyMatch(c -> c < 0x20)) {
			return Optional.of("User: enter the mailbox's login name."); //$NON-NLS-1$
		}
		if (!pinned.isEmpty() && !pinned.replace(":", "").matches("[0-9A-F]{64}")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			return Optional.of("Pinned certificate: a SHA-256 fingerprint, 64 hex digits (colons allowed)."); //$NON-NLS-1$
		}
		if (intervalMinutes < 0 || intervalMinutes > 24 * 60) {
			return Optional.of("Interval: minutes from 0 (only when asked) to 1440."); //$NON-NLS-1$
		}
		if (oauth2()) {
			String provider = oauth.getOrDefault(OAuthSettings.PROVIDER, ""); //$NON-NLS-1$
			if (!OAuthSettings.PROVIDERS.contains(provider)) {
				return Optional.of("OAuth2 provider: microsoft, google or issuer (an OpenID provider's issuer URL)."); //$NON-NLS-1$
			}
			if (OAuthSettings.ISSUER.equals(provider) && !oauth.getOrDefault(OAuthSettings.ISSUER_URL, "").matches("(?i)https?://\\S+")) { //$NON-NLS-1$ //$NON-NLS-2$
				return Optional.of("OAuth2 issuer: the provider's issuer URL, for example https://login.company.com/realms/mail."); //$NON-NLS-1$
			}
			if (oauth.getOrDefault(OAuthSettings.CLIENT_ID, "").isEmpty()) { //$NON-NLS-1$
				return Optional.of("OAuth2 client id: the application (client) id the organisation registered at the provider."); //$NON-NLS-1$
			}
		}
		return Optional.empty();
	}

	/** @return a short name for messages: {@code imap://user@host:port} */
	public String label() {
		return protocol.name().toLowerCase(Locale.ROOT) + "://" + user + "@" + host + ":" + port; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
