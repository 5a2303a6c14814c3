package com.bitfaster.mail.oauth.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.oauth.DeviceSignIn;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthException.Reason;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.SignInState;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;

/**
 * {@link OAuthService} on the Nimbus OAuth 2.0 SDK. Tokens are kept with
 * {@link ServerRegistry#setSecrets(String, Map)} (Equinox secure storage); a refresh takes the server's lock file
 * under this bundle's state location, shared by every process on the same workspace, and re-reads the tokens once it
 * holds it, so only one process refreshes and a rotated refresh token is stored before anyone can use it again.
 */
@Component(service = OAuthService.class)
public class OAuthServiceImpl implements OAuthService {

	/** An access token is refreshed when less than this part of its lifetime is left (at most a minute). */
	private static final int MARGIN_DIVISOR = 3;
	private static final long MAX_MARGIN_SECONDS = 60;
	/** A difference to the provider's clock that explains refused grants and tokens. */
	static final Duration SKEW_LIMIT = Duration.ofMinutes(5);
	private static final int CONNECT_TIMEOUT_MS = 15_000;
	private static final int READ_TIMEOUT_MS = 30_000;

	private ServerRegistry registry;
	/** Where the tokens are: the registry's secrets, or another secure-storage node (the bounce mailbox's). */
	private TokenStore tokens;
	private Path lockDir;
	private Clock clock = Clock.systemUTC();

	/** For Declarative Services. */
	public OAuthServiceImpl() {
	}

	/** Outside Declarative Services (tests): tokens through {@code registry}, lock files in {@code lockDir}. */
	public OAuthServiceImpl(ServerRegistry registry, Path lockDir, Clock clock) {
		this.registry = registry;
		this.tokens = TokenStore.of(registry);
		this.lockDir = lockDir;
		this.clock = clock;
	}

	/** Tokens in {@code tokens} instead of a registry (accounts that are not sending servers). */
	public OAuthServiceImpl(TokenStore tokens, Path lockDir, Clock clock) {
		this.tokens = tokens;
		this.lockDir = lockDir;
		this.clock = clock;
	}

	/** @return a service keeping tokens in {@code tokens}, its lock files where the registry's are */
	public static OAuthServiceImpl forStore(TokenStore tokens) {
		return new OAuthServiceImpl(tokens, defaultLockDir(), Clock.systemUTC());
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
		this.tokens = TokenStore.of(serverRegistry);
	}

	@Activate
	void activate() {
		lockDir = defaultLockDir();
		synchronized (BY_REGISTRY) {
			BY_REGISTRY.put(registry, this);
		}
	}

	@Deactivate
	void deactivate() {
		synchronized (BY_REGISTRY) {
			BY_REGISTRY.remove(registry, this);
		}
	}

	/** The services by the registry whose tokens they keep: the DS one, and one per registry made outside DS. */
	private static final Map<ServerRegistry, OAuthServiceImpl> BY_REGISTRY = new java.util.WeakHashMap<>();

	/**
	 * @return the service that keeps the tokens of {@code registry}'s servers: the running service when it works on
	 *         that registry, otherwise one made for it (a registry outside Declarative Services, as in tests)
	 */
	public static OAuthServiceImpl forRegistry(ServerRegistry registry) {
		synchronized (BY_REGISTRY) {
			return BY_REGISTRY.computeIfAbsent(registry,
					r -> new OAuthServiceImpl(r, defaultLockDir(), Clock.systemUTC()));
		}
	}

	/** The lock files of token refreshes, in this bundle's state location (shared by processes on one workspace). */
	private static Path defaultLockDir() {
		return Platform.getStateLocation(FrameworkUtil.getBundle(OAuthServiceImpl.class)).toPath().resolve("locks"); //$NON-NLS-1$
	}

	// ---- device authorization (RFC 8628)

	@Override
	public DeviceSignIn startDeviceSignIn(MailServer server) throws OAuthException {
		ClientID clientId = clientId(server);
		Endpoints e = Endpoints.of(server);
		if (e.device() == null) {
			throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.noDeviceEndpoint, e.token().getHost()));
		}
		ClientAuthentication auth = clientAuthentication(server, clientId);
		Scope scope = Scope.parse(e.scope());
		// PKCE on the device grant too: providers that require it for the client (Keycloak) check it, the others
		// ignore parameters they do not know (RFC 6749 section 3.1).
		CodeVerifier verifier = new CodeVerifier();
		Map<String, List<String>> pkce = Map.of("code_challenge", //$NON-NLS-1$
				List.of(CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()),
				"code_challenge_method", List.of(CodeChallengeMethod.S256.getValue())); //$NON-NLS-1$
		DeviceAuthorizationRequest request = auth == null
				? new DeviceAuthorizationRequest(e.device(), clientId, scope, pkce)
				: new DeviceAuthorizationRequest(e.device(), auth, scope, pkce);
		HTTPResponse http = send(server, request.toHTTPRequest());
		DeviceAuthorizationResponse response;
		try {
			response = DeviceAuthorizationResponse.parse(http);
		} catch (ParseException ex) {
			throw unexpected(server, ex);
		}
		if (!response.indicatesSuccess()) {
			throw error(server, ((DeviceAuthorizationErrorResponse) response).getErrorObject(), http);
		}
		DeviceAuthorizationSuccessResponse ok = response.toSuccessResponse();
		Instant expires = clock.instant().plusSeconds(ok.getLifetime() > 0 ? ok.getLifetime() : 600);
		return new DeviceSignIn() {
			@Override
			public String userCode() {
				return ok.getUserCode().getValue();
			}

			@Override
			public URI verificationUri() {
				return ok.getVerificationURI();
			}

			@Override
			public URI verificationUriComplete() {
				return ok.getVerificationURIComplete() != null ? ok.getVerificationURIComplete() : ok.getVerificationURI();
			}

			@Override
			public Instant expires() {
				return expires;
			}

			@Override
			public SignInState await(BooleanSupplier cancelled) throws OAuthException {
				long interval = ok.getInterval() > 0 ? ok.getInterval() : 5;
				while (true) {
					// The provider sets the pace (RFC 8628 section 3.5): polling faster is refused.
					pause(Duration.ofSeconds(interval), cancelled, server);
					if (clock.instant().isAfter(expires)) {
						throw new OAuthException(Reason.DENIED, NLS.bind(Messages.codeExpired, server.name()));
					}
					HTTPResponse poll = send(server, tokenRequest(e, server, new DeviceCodeGrant(ok.getDeviceCode()),
							verifier).toHTTPRequest());
					TokenResponse tokens = parse(server, poll);
					if (tokens.indicatesSuccess()) {
						return store(server, tokens.toSuccessResponse());
					}
					ErrorObject error = tokens.toErrorResponse().getErrorObject();
					if (DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.equals(error)) {
						continue;
					}
					if (DeviceAuthorizationGrantError.SLOW_DOWN.equals(error)) {
						interval += 5;
						continue;
					}
					if (DeviceAuthorizationGrantError.EXPIRED_TOKEN.equals(error)) {
						throw new OAuthException(Reason.DENIED, NLS.bind(Messages.codeExpired, server.name()));
					}
					throw error(server, error, poll);
				}
			}
		};
	}

	private static void pause(Duration duration, BooleanSupplier cancelled, MailServer server) throws OAuthException {
		long end = System.nanoTime() + duration.toNanos();
		long now;
		while ((now = System.nanoTime()) < end) {
			if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
				throw new OAuthException(Reason.CANCELLED, NLS.bind(Messages.cancelled, server.name()));
			}
			LockSupport.parkNanos(Math.min(end - now, TimeUnit.MILLISECONDS.toNanos(100)));
		}
	}

	// ---- authorization code with PKCE through the browser (RFC 7636, RFC 8252)

	@Override
	public SignInState signInWithBrowser(MailServer server, BrowserOpener browser, Duration limit,
			BooleanSupplier cancelled) throws OAuthException {
		ClientID clientId = clientId(server);
		Endpoints e = Endpoints.of(server);
		try (LoopbackReceiver receiver = new LoopbackReceiver()) {
			CodeVerifier verifier = new CodeVerifier();
			State state = new State();
			AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(
					new ResponseType(ResponseType.Value.CODE), clientId).scope(Scope.parse(e.scope())).state(state)
					.redirectionURI(receiver.redirectUri()).codeChallenge(verifier, CodeChallengeMethod.S256)
					.endpointURI(e.authorization());
			if (OAuthSettings.GOOGLE.equals(server.authSettings().get(OAuthSettings.PROVIDER))) {
				// Google hands out a refresh token only for offline access, and again only with renewed consent.
				request.customParameter("access_type", "offline").customParameter("prompt", "consent"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
			browser.open(request.build().toURI());
			long deadline = System.nanoTime() + limit.toNanos();
			URI received = receiver.await(deadline, cancelled, uri -> page(uri));
			if (received == null) {
				throw cancelled.getAsBoolean()
						? new OAuthException(Reason.CANCELLED, NLS.bind(Messages.cancelled, server.name()))
						: new OAuthException(Reason.DENIED, NLS.bind(Messages.timedOut, server.name(), limit.toSeconds()));
			}
			AuthorizationResponse response = AuthorizationResponse.parse(received);
			if (!state.equals(response.getState())) {
				throw new OAuthException(Reason.DENIED, NLS.bind(Messages.stateMismatch, server.name()));
			}
			if (!response.indicatesSuccess()) {
				throw error(server, response.toErrorResponse().getErrorObject(), null);
			}
			AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
			HTTPResponse http = send(server, tokenRequest(e, server,
					new AuthorizationCodeGrant(code, receiver.redirectUri(), verifier)).toHTTPRequest());
			TokenResponse tokens = parse(server, http);
			if (!tokens.indicatesSuccess()) {
				throw error(server, tokens.toErrorResponse().getErrorObject(), http);
			}
			return store(server, tokens.toSuccessResponse());
		} catch (IOException ex) {
			throw new OAuthException(Reason.PROVIDER, NLS.bind(Messages.providerError, server.name(), ex.getMessage()), ex);
		} catch (ParseException ex) {
			throw unexpected(server, ex);
		}
	}

	private static String page(URI received) {
		try {
			AuthorizationResponse r = AuthorizationResponse.parse(received);
			if (r.indicatesSuccess()) {
				return Messages.browserDone;
			}
			ErrorObject error = r.toErrorResponse().getErrorObject();
			return NLS.bind(Messages.browserFailed, error.getDescription() != null ? error.getDescription() : error.getCode());
		} catch (ParseException e) {
			return NLS.bind(Messages.browserFailed, e.getMessage());
		}
	}

	// ---- tokens

	@Override
	public Optional<SignInState> signInState(MailServer server) {
		Optional<char[]> refresh = secret(server, OAuthSettings.SECRET_REFRESH_TOKEN);
		long[] times = times(server);
		if (refresh.isEmpty() && (times == null || clock.instant().getEpochSecond() >= times[1])) {
			return Optional.empty();
		}
		refresh.ifPresent(r -> Arrays.fill(r, '\0'));
		String account = secret(server, OAuthSettings.SECRET_ACCOUNT).map(String::new).orElse(""); //$NON-NLS-1$
		return Optional.of(new SignInState(account, times == null ? Instant.EPOCH : Instant.ofEpochSecond(times[1])));
	}

	@Override
	public char[] accessToken(MailServer server) throws OAuthException {
		Optional<char[]> token = fresh(server);
		if (token.isPresent()) {
			return token.get();
		}
		try (CrossProcessLock lock = lock(server)) {
			// Another process may have refreshed while this one waited for the lock.
			token = fresh(server);
			if (token.isPresent()) {
				return token.get();
			}
			char[] refresh = secret(server, OAuthSettings.SECRET_REFRESH_TOKEN).orElseThrow(
					() -> new OAuthException(Reason.SIGN_IN_AGAIN, NLS.bind(Messages.notSignedIn, server.name())));
			Endpoints e = Endpoints.of(server);
			HTTPResponse http;
			try {
				http = send(server, tokenRequest(e, server, new RefreshTokenGrant(new RefreshToken(new String(refresh))))
						.toHTTPRequest());
			} finally {
				Arrays.fill(refresh, '\0');
			}
			TokenResponse response = parse(server, http);
			if (!response.indicatesSuccess()) {
				OAuthException failure = error(server, response.toErrorResponse().getErrorObject(), http);
				if (failure.reason() == Reason.SIGN_IN_AGAIN) {
					forget(server);
				}
				throw failure;
			}
			store(server, response.toSuccessResponse());
			return secret(server, OAuthSettings.SECRET_ACCESS_TOKEN).orElseThrow(
					() -> new OAuthException(Reason.SIGN_IN_AGAIN, NLS.bind(Messages.notSignedIn, server.name())));
		}
	}

	/** @return the stored access token when it is valid for a good while yet */
	private Optional<char[]> fresh(MailServer server) {
		long[] times = times(server);
		if (times == null) {
			return Optional.empty();
		}
		long lifetime = Math.max(0, times[1] - times[0]);
		long margin = Math.min(MAX_MARGIN_SECONDS, Math.max(1, lifetime / MARGIN_DIVISOR));
		if (clock.instant().getEpochSecond() + margin >= times[1]) {
			return Optional.empty();
		}
		return secret(server, OAuthSettings.SECRET_ACCESS_TOKEN);
	}

	/** @return issued and expiry of the stored access token (epoch seconds), or {@code null} */
	private long[] times(MailServer server) {
		Optional<char[]> text = secret(server, OAuthSettings.SECRET_ACCESS_TOKEN_TIMES);
		if (text.isEmpty()) {
			return null;
		}
		String[] parts = new String(text.get()).split("/"); //$NON-NLS-1$
		try {
			return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
		} catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
			return null;
		}
	}

	/** Stores the tokens of a successful response in one write, under the server's lock. */
	private SignInState store(MailServer server, AccessTokenResponse response) throws OAuthException {
		AccessToken access = response.getTokens().getAccessToken();
		RefreshToken refresh = response.getTokens().getRefreshToken();
		long now = clock.instant().getEpochSecond();
		long expires = now + (access.getLifetime() > 0 ? access.getLifetime() : 3600);
		String account = account(response.getCustomParameters().get("id_token")); //$NON-NLS-1$
		Map<String, char[]> secrets = new LinkedHashMap<>();
		secrets.put(OAuthSettings.SECRET_ACCESS_TOKEN, access.getValue().toCharArray());
		secrets.put(OAuthSettings.SECRET_ACCESS_TOKEN_TIMES, (now + "/" + expires).toCharArray()); //$NON-NLS-1$
		if (refresh != null) {
			// A rotated refresh token replaces the old one before the lock is released.
			secrets.put(OAuthSettings.SECRET_REFRESH_TOKEN, refresh.getValue().toCharArray());
		}
		if (account != null) {
			secrets.put(OAuthSettings.SECRET_ACCOUNT, account.toCharArray());
		}
		try (CrossProcessLock lock = lock(server)) {
			tokens.setSecrets(server.id(), secrets);
		} catch (IllegalStateException e) {
			throw new OAuthException(Reason.PROVIDER, NLS.bind(Messages.storageFailed, server.name(), e.getMessage()), e);
		} finally {
			secrets.values().forEach(v -> Arrays.fill(v, '\0'));
		}
		return new SignInState(account != null ? account
				: secret(server, OAuthSettings.SECRET_ACCOUNT).map(String::new).orElse(""), Instant.ofEpochSecond(expires)); //$NON-NLS-1$
	}

	/** @return who signed in, from the ID token's claims (only shown, never trusted for anything) */
	private static String account(Object idToken) {
		if (!(idToken instanceof String jwt)) {
			return null;
		}
		try {
			JWTClaimsSet claims = JWTParser.parse(jwt).getJWTClaimsSet();
			for (String claim : new String[] { "email", "preferred_username", "upn", "sub" }) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				Object value = claims.getClaim(claim);
				if (value instanceof String s && !s.isBlank()) {
					return s;
				}
			}
		} catch (java.text.ParseException e) {
			// not a JWT: nothing to show
		}
		return null;
	}

	@Override
	public void signOut(MailServer server) {
		Optional<char[]> refresh = secret(server, OAuthSettings.SECRET_REFRESH_TOKEN);
		try (CrossProcessLock lock = lock(server)) {
			if (refresh.isPresent()) {
				revoke(server, new String(refresh.get()));
			}
			forget(server);
		} catch (OAuthException e) {
			ILog.of(getClass()).warn(e.getMessage());
			forget(server);
		} finally {
			refresh.ifPresent(r -> Arrays.fill(r, '\0'));
		}
	}

	/** Revokes a refresh token where the provider offers revocation (RFC 7009); a failure is only logged. */
	private void revoke(MailServer server, String refreshToken) {
		try {
			Endpoints e = Endpoints.of(server);
			if (e.revocation() == null) {
				return;
			}
			ClientID clientId = clientId(server);
			ClientAuthentication auth = clientAuthentication(server, clientId);
			RefreshToken token = new RefreshToken(refreshToken);
			TokenRevocationRequest request = auth == null ? new TokenRevocationRequest(e.revocation(), clientId, token)
					: new TokenRevocationRequest(e.revocation(), auth, token);
			HTTPResponse http = send(server, request.toHTTPRequest());
			if (!http.indicatesSuccess()) {
				ILog.of(getClass()).warn("Revoking the refresh token of " + server.name() + " answered HTTP " //$NON-NLS-1$ //$NON-NLS-2$
						+ http.getStatusCode());
			}
		} catch (OAuthException e) {
			ILog.of(getClass()).warn(e.getMessage());
		}
	}

	private void forget(MailServer server) {
		Map<String, char[]> none = new LinkedHashMap<>();
		none.put(OAuthSettings.SECRET_ACCESS_TOKEN, null);
		none.put(OAuthSettings.SECRET_ACCESS_TOKEN_TIMES, null);
		none.put(OAuthSettings.SECRET_REFRESH_TOKEN, null);
		none.put(OAuthSettings.SECRET_ACCOUNT, null);
		tokens.setSecrets(server.id(), none);
	}

	@Override
	public void setClientSecret(MailServer server, char[] secret) {
		Map<String, char[]> value = new LinkedHashMap<>();
		value.put(OAuthSettings.SECRET_CLIENT_SECRET, secret);
		tokens.setSecrets(server.id(), value);
	}

	// ---- helpers

	private CrossProcessLock lock(MailServer server) throws OAuthException {
		try {
			return CrossProcessLock.acquire(lockDir.resolve(server.id() + ".lock")); //$NON-NLS-1$
		} catch (IOException e) {
			throw new OAuthException(Reason.PROVIDER, NLS.bind(Messages.lockFailed, server.name(), e.getMessage()), e);
		}
	}

	private Optional<char[]> secret(MailServer server, String key) {
		return tokens.secret(server.id(), key);
	}

	private static ClientID clientId(MailServer server) throws OAuthException {
		String id = server.authSettings().getOrDefault(OAuthSettings.CLIENT_ID, "").strip(); //$NON-NLS-1$
		if (id.isEmpty()) {
			throw new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.noClientId, server.name()));
		}
		return new ClientID(id);
	}

	/** @return HTTP Basic with the client secret from secure storage, or {@code null} for a public client */
	private ClientAuthentication clientAuthentication(MailServer server, ClientID clientId) {
		Optional<char[]> secret = secret(server, OAuthSettings.SECRET_CLIENT_SECRET);
		if (secret.isEmpty()) {
			return null;
		}
		try {
			return new ClientSecretBasic(clientId, new Secret(new String(secret.get())));
		} finally {
			Arrays.fill(secret.get(), '\0');
		}
	}

	private TokenRequest tokenRequest(Endpoints e, MailServer server, AuthorizationGrant grant) throws OAuthException {
		return tokenRequest(e, server, grant, null);
	}

	/** @param verifier the PKCE verifier of a device grant, or {@code null} */
	private TokenRequest tokenRequest(Endpoints e, MailServer server, AuthorizationGrant grant, CodeVerifier verifier)
			throws OAuthException {
		ClientID clientId = clientId(server);
		ClientAuthentication auth = clientAuthentication(server, clientId);
		TokenRequest.Builder b = auth == null ? new TokenRequest.Builder(e.token(), clientId, grant)
				: new TokenRequest.Builder(e.token(), auth, grant);
		if (verifier != null) {
			b.customParameter("code_verifier", verifier.getValue()); //$NON-NLS-1$
		}
		return b.build();
	}

	private static HTTPResponse send(MailServer server, HTTPRequest request) throws OAuthException {
		Endpoints.requireSecure(request.getURI());
		request.setConnectTimeout(CONNECT_TIMEOUT_MS);
		request.setReadTimeout(READ_TIMEOUT_MS);
		try {
			return request.send();
		} catch (IOException e) {
			throw new OAuthException(Reason.PROVIDER,
					NLS.bind(Messages.unreachable, new Object[] { server.name(), request.getURI().getHost(), e.getMessage() }), e);
		}
	}

	private static TokenResponse parse(MailServer server, HTTPResponse http) throws OAuthException {
		try {
			return TokenResponse.parse(http);
		} catch (ParseException e) {
			throw unexpected(server, e);
		}
	}

	private static OAuthException unexpected(MailServer server, Exception e) {
		return new OAuthException(Reason.PROVIDER, NLS.bind(Messages.providerError, server.name(), e.getMessage()), e);
	}

	/** The plain message for an error the provider answered. */
	public OAuthException error(MailServer server, ErrorObject error, HTTPResponse http) {
		String code = error.getCode() == null ? "" : error.getCode(); //$NON-NLS-1$
		String description = error.getDescription() == null ? code : error.getDescription();
		Duration skew = http == null ? null : skew(http.getHeaderValue("Date")); //$NON-NLS-1$
		String lower = description.toLowerCase(Locale.ROOT);
		boolean clockWords = lower.contains("clock") || lower.contains("not yet valid") //$NON-NLS-1$ //$NON-NLS-2$
				|| lower.contains("aadsts700024") || lower.contains("issued in the future"); //$NON-NLS-1$ //$NON-NLS-2$
		if (clockWords || (skew != null && skew.abs().compareTo(SKEW_LIMIT) > 0)) {
			return new OAuthException(Reason.CLOCK_SKEW, NLS.bind(Messages.clockSkew, server.name(),
					skew == null ? "too far" : humanize(skew.abs()))); //$NON-NLS-1$
		}
		if (OAuth2Error.INVALID_GRANT_CODE.equals(code)) {
			return new OAuthException(Reason.SIGN_IN_AGAIN, NLS.bind(Messages.signInAgain, server.name()));
		}
		if (OAuth2Error.INVALID_SCOPE_CODE.equals(code)) {
			return new OAuthException(Reason.WRONG_SCOPE, NLS.bind(Messages.wrongScope, server.name(),
					server.authSettings().getOrDefault(OAuthSettings.SCOPE, description)));
		}
		if (OAuth2Error.INVALID_CLIENT_CODE.equals(code) || OAuth2Error.UNAUTHORIZED_CLIENT_CODE.equals(code)) {
			return new OAuthException(Reason.CONFIGURATION, NLS.bind(Messages.clientRefused, server.name(), description));
		}
		if (OAuth2Error.ACCESS_DENIED_CODE.equals(code)) {
			return new OAuthException(Reason.DENIED, NLS.bind(Messages.denied, server.name()));
		}
		return new OAuthException(Reason.PROVIDER, NLS.bind(Messages.providerError, server.name(), oneLine(description)));
	}

	/** @return the provider's clock minus this computer's, from an HTTP {@code Date} header; {@code null} without one */
	public Duration skew(String dateHeader) {
		if (dateHeader == null) {
			return null;
		}
		try {
			Instant theirs = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Duration.between(clock.instant(), theirs);
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	private static String humanize(Duration d) {
		long minutes = d.toMinutes();
		return minutes >= 120 ? ((minutes + 30) / 60) + " hours" : minutes + " minutes"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static String oneLine(String s) {
		return s.replaceAll("\\s+", " ").strip(); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
