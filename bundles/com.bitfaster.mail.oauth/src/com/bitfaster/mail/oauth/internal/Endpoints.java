package com.bitfaster.mail.oauth.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthException.Reason;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/**
 * Where a server's provider signs in and issues tokens: the Microsoft 365 and Google presets, or an OpenID
 * provider's endpoints from its discovery document ({@code ISSUER/.well-known/openid-configuration}).
 *
 * @param authorization  authorization endpoint (browser sign-in)
 * @param token          token endpoint
 * @param device         device authorization endpoint, or {@code null}
 * @param revocation     token revocation endpoint (RFC 7009), or {@code null}
 * @param scope          the scopes to ask for
 */
public record Endpoints(URI authorization, URI token, URI device, URI revocation, String scope) {

	private static final Map<String, Endpoints> DISCOVERED = new ConcurrentHashMap<>();
	private static final int TIMEOUT_MS = 15_000;

	/** @return the endpoints of the server's provider, discovering an issuer's once per process */
	public static Endpoints of(MailServer server) throws OAuthException {
		Map<String, String> s = server.authSettings();
		String provider = s.getOrDefault(OAuthSettings.PROVIDER, "").strip(); //$NON-NLS-1$
		String scope = s.getOrDefault(OAuthSettings.SCOPE, "").strip(); //$NON-NLS-1$
		Endpoints e;
		switch (provider.toLowerCase(Locale.ROOT)) {
		case OAuthSettings.MICROSOFT -> {
			String tenant = s.getOrDefault(OAuthSettings.TENANT, "").strip(); //$NON-NLS-1$
			if (tenant.isEmpty()) {
				tenant = "organizations"; //$NON-NLS-1$
			}
			if (!tenant.matches("[A-Za-z0-9.-]+")) { //$NON-NLS-1$
				throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.unknownProvider, tenant));
			}
			String base = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/"; //$NON-NLS-1$ //$NON-NLS-2$
			e = new Endpoints(URI.create(base + "authorize"), URI.create(base + "token"), //$NON-NLS-1$ //$NON-NLS-2$
					URI.create(base + "devicecode"), null, OAuthSettings.MICROSOFT_SCOPE); //$NON-NLS-1$
		}
		case OAuthSettings.GOOGLE -> e = new Endpoints(URI.create("https://accounts.google.com/o/oauth2/v2/auth"), //$NON-NLS-1$
				URI.create("https://oauth2.googleapis.com/token"), URI.create("https://oauth2.googleapis.com/device/code"), //$NON-NLS-1$ //$NON-NLS-2$
				URI.create("https://oauth2.googleapis.com/revoke"), OAuthSettings.GOOGLE_SCOPE); //$NON-NLS-1$
		case OAuthSettings.ISSUER -> e = discover(s.getOrDefault(OAuthSettings.ISSUER_URL, "").strip()); //$NON-NLS-1$
		default -> throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.unknownProvider, provider));
		}
		return scope.isEmpty() ? e : new Endpoints(e.authorization, e.token, e.device, e.revocation, scope);
	}

	private static Endpoints discover(String issuerUrl) throws OAuthException {
		URI issuer = checkIssuer(issuerUrl);
		Endpoints known = DISCOVERED.get(issuer.toString());
		if (known != null) {
			return known;
		}
		OIDCProviderMetadata metadata;
		try {
			metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
		} catch (GeneralException | java.io.IOException | RuntimeException ex) {
			throw new OAuthException(Reason.PROVIDER, NLS.bind(Messages.discoveryFailed, issuer, ex.getMessage()), ex);
		}
		URI authorization = requireSecure(metadata.getAuthorizationEndpointURI());
		URI token = requireSecure(metadata.getTokenEndpointURI());
		URI device = metadata.getDeviceAuthorizationEndpointURI();
		URI revocation = metadata.getRevocationEndpointURI();
		Endpoints e = new Endpoints(authorization, token, device == null ? null : requireSecure(device),
				revocation == null ? null : requireSecure(revocation), OAuthSettings.ISSUER_SCOPE);
		DISCOVERED.put(issuer.toString(), e);
		return e;
	}

	/** @return the issuer URL, when it is absolute and https (or http on loopback) */
	public static URI checkIssuer(String issuerUrl) throws OAuthException {
		URI issuer;
		try {
			issuer = URI.create(issuerUrl);
		} catch (IllegalArgumentException ex) {
			throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.badIssuer, issuerUrl), ex);
		}
		if (!issuer.isAbsolute() || issuer.getHost() == null) {
			throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.badIssuer, issuerUrl));
		}
		return requireSecure(issuer);
	}

	/**
	 * Tokens and codes cross the network only encrypted: https everywhere, plain http only to an authorization server
	 * on this computer (127.0.0.0/8, ::1).
	 */
	public static URI requireSecure(URI uri) throws OAuthException {
		if (uri == null) {
			throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.badIssuer, "")); //$NON-NLS-1$
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if ("https".equals(scheme)) { //$NON-NLS-1$
			return uri;
		}
		if ("http".equals(scheme) && isLoopbackLiteral(uri.getHost())) { //$NON-NLS-1$
			return uri;
		}
		throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.insecureUrl, uri));
	}

	/** Only literal loopback addresses: a name could resolve elsewhere. */
	private static boolean isLoopbackLiteral(String host) {
		if (host == null) {
			return false;
		}
		String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host; //$NON-NLS-1$ //$NON-NLS-2$
		if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) { //$NON-NLS-1$
			return false;
		}
		try {
			return InetAddress.getByName(h).isLoopbackAddress();
		} catch (UnknownHostException e) {
			return false;
		}
	}

	/** Forgets discovered endpoints (tests). */
	static void forget() {
		DISCOVERED.clear();
	}
}
