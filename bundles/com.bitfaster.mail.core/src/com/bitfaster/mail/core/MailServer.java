package com.bitfaster.mail.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The settings of one outgoing mail server, as the user configured them. Immutable; change a copy made with
 * {@link #toBuilder()}. The password is not part of it: it lives in secure storage, keyed by {@link #id()}.
 *
 * @param id                unique and stable (a UUID), never shown to the user
 * @param name              unique (case-insensitively) display name, for example "Campaign Server"
 * @param transportType     id of a contributed transport type, for example {@code smtp}
 * @param host              host name, IPv4 or IPv6 literal
 * @param port              TCP port, 1–65535
 * @param username          user name for authentication; empty when the server needs none
 * @param timeoutSeconds    connect, read and write timeout, 1–600 seconds
 * @param encryption        id of a contributed encryption provider, for example {@code starttls}
 * @param active            whether the server is switched on
 * @param inactiveUntil     when not {@code null} and {@code active} is false, the instant the server is active again
 * @param limits            connection and rate limits
 * @param heloName          name to announce in EHLO/HELO; empty for the default
 * @param pinnedCertificate SHA-256 fingerprint of a certificate the user trusts explicitly; empty for none
 * @param transportSettings settings specific to the transport type (for example a pickup directory)
 * @param allowPlaintextAuth whether the user explicitly allowed the password to be sent without TLS (encryption
 *                          {@code none} with a user name); validation refuses such a server without it
 * @param authMethod        id of a contributed authentication method ({@code password}, {@code oauth2}); how a
 *                          connection signs in
 * @param authSettings      settings of the authentication method (for example an OAuth2 provider and client id);
 *                          never secrets, which live in secure storage
 */
public record MailServer(String id, String name, String transportType, String host, int port, String username,
		int timeoutSeconds, String encryption, boolean active, Instant inactiveUntil, ServerLimits limits,
		String heloName, String pinnedCertificate, Map<String, String> transportSettings, boolean allowPlaintextAuth,
		String authMethod, Map<String, String> authSettings) {

	public static final String DEFAULT_TRANSPORT_TYPE = "smtp"; //$NON-NLS-1$
	/** New servers use required STARTTLS: no password crosses the network without TLS unless the user allows it. */
	public static final String DEFAULT_ENCRYPTION = "starttls"; //$NON-NLS-1$
	/** The submission port (RFC 6409), where STARTTLS is offered. */
	public static final int DEFAULT_PORT = 587;
	/** The id of the encryption provider that sends in plain text. */
	public static final String ENCRYPTION_NONE = "none"; //$NON-NLS-1$
	public static final int DEFAULT_TIMEOUT_SECONDS = 30;
	/** The built-in authentication method: a user name and a password (or none when the user name is empty). */
	public static final String AUTH_PASSWORD = "password"; //$NON-NLS-1$
	/** The built-in OAuth2 authentication method (SASL XOAUTH2 with a token from an authorization server). */
	public static final String AUTH_OAUTH2 = "oauth2"; //$NON-NLS-1$

	public MailServer {
		Objects.requireNonNull(id, "id"); //$NON-NLS-1$
		name = Objects.requireNonNullElse(name, ""); //$NON-NLS-1$
		transportType = Objects.requireNonNullElse(transportType, DEFAULT_TRANSPORT_TYPE);
		host = Objects.requireNonNullElse(host, ""); //$NON-NLS-1$
		username = Objects.requireNonNullElse(username, ""); //$NON-NLS-1$
		encryption = Objects.requireNonNullElse(encryption, DEFAULT_ENCRYPTION);
		limits = Objects.requireNonNullElse(limits, ServerLimits.DEFAULT);
		heloName = Objects.requireNonNullElse(heloName, ""); //$NON-NLS-1$
		pinnedCertificate = Objects.requireNonNullElse(pinnedCertificate, ""); //$NON-NLS-1$
		transportSettings = transportSettings == null ? Map.of()
				: java.util.Collections.unmodifiableMap(new LinkedHashMap<>(transportSettings));
		authMethod = authMethod == null || authMethod.isBlank() ? AUTH_PASSWORD : authMethod;
		authSettings = authSettings == null ? Map.of()
				: java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authSettings));
		if (active) {
			inactiveUntil = null;
		}
	}

	/**
	 * @return whether the server may be used at {@code now}: switched on, or switched off only until an instant that
	 *         has passed
	 */
	public boolean isActiveAt(Instant now) {
		return active || (inactiveUntil != null && !now.isBefore(inactiveUntil));
	}

	/**
	 * @return whether signing in to this server would send the user name and password without TLS: encryption
	 *         {@code none} and a user name. Such a server is valid only with {@link #allowPlaintextAuth()}.
	 */
	public boolean authenticatesWithoutTls() {
		return ENCRYPTION_NONE.equals(encryption) && !username.isEmpty();
	}

	/** @return the address shown to users, {@code host:port}, with IPv6 literals in brackets */
	public String address() {
		String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host; //$NON-NLS-1$ //$NON-NLS-2$
		return h + ":" + port; //$NON-NLS-1$
	}

	public Builder toBuilder() {
		return new Builder(this);
	}

	/** @return a builder for a new server with a fresh id and the default settings */
	public static Builder builder() {
		return new Builder(null);
	}

	/** Builds {@link MailServer}s; every setter returns the builder. */
	public static final class Builder {
		private String id;
		private String name = ""; //$NON-NLS-1$
		private String transportType = DEFAULT_TRANSPORT_TYPE;
		private String host = ""; //$NON-NLS-1$
		private int port = DEFAULT_PORT;
		private String username = ""; //$NON-NLS-1$
		private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
		private String encryption = DEFAULT_ENCRYPTION;
		private boolean active = true;
		private Instant inactiveUntil;
		private ServerLimits limits = ServerLimits.DEFAULT;
		private String heloName = ""; //$NON-NLS-1$
		private String pinnedCertificate = ""; //$NON-NLS-1$
		private Map<String, String> transportSettings = new LinkedHashMap<>();
		private boolean allowPlaintextAuth;
		private String authMethod = AUTH_PASSWORD;
		private Map<String, String> authSettings = new LinkedHashMap<>();

		private Builder(MailServer from) {
			if (from == null) {
				id = UUID.randomUUID().toString();
				return;
			}
			id = from.id;
			name = from.name;
			transportType = from.transportType;
			host = from.host;
			port = from.port;
			username = from.username;
			timeoutSeconds = from.timeoutSeconds;
			encryption = from.encryption;
			active = from.active;
			inactiveUntil = from.inactiveUntil;
			limits = from.limits;
			heloName = from.heloName;
			pinnedCertificate = from.pinnedCertificate;
			transportSettings = new LinkedHashMap<>(from.transportSettings);
			allowPlaintextAuth = from.allowPlaintextAuth;
			authMethod = from.authMethod;
			authSettings = new LinkedHashMap<>(from.authSettings);
		}

		public Builder id(String value) { id = value; return this; }
		public Builder newId() { id = UUID.randomUUID().toString(); return this; }
		public Builder name(String value) { name = value; return this; }
		public Builder transportType(String value) { transportType = value; return this; }
		public Builder host(String value) { host = value; return this; }
		public Builder port(int value) { port = value; return this; }
		public Builder username(String value) { username = value; return this; }
		public Builder timeoutSeconds(int value) { timeoutSeconds = value; return this; }
		public Builder encryption(String value) { encryption = value; return this; }
		public Builder active(boolean value) { active = value; if (value) { inactiveUntil = null; } return this; }
		public Builder inactiveUntil(Instant value) { inactiveUntil = value; return this; }
		public Builder limits(ServerLimits value) { limits = value; return this; }
		public Builder heloName(String value) { heloName = value; return this; }
		public Builder pinnedCertificate(String value) { pinnedCertificate = value; return this; }
		public Builder allowPlaintextAuth(boolean value) { allowPlaintextAuth = value; return this; }
		public Builder transportSettings(Map<String, String> value) { transportSettings = new LinkedHashMap<>(value); return this; }
		public Builder transportSetting(String key, String value) {
			if (value == null) {
				transportSettings.remove(key);
			} else {
				transportSettings.put(key, value);
			}
			return this;
		}

		public Builder authMethod(String value) { authMethod = value; return this; }
		public Builder authSettings(Map<String, String> value) { authSettings = new LinkedHashMap<>(value); return this; }
		public Builder authSetting(String key, String value) {
			if (value == null) {
				authSettings.remove(key);
			} else {
				authSettings.put(key, value);
			}
			return this;
		}

		public MailServer build() {
			return new MailServer(id, name, transportType, host, port, username, timeoutSeconds, encryption, active,
					inactiveUntil, limits, heloName, pinnedCertificate, transportSettings, allowPlaintextAuth, authMethod,
					authSettings);
		}
	}
}
