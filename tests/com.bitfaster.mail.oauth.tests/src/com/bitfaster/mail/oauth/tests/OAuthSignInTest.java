package com.bitfaster.mail.oauth.tests;

import com.bitfaster.mail.tests.support.oauth.KeycloakServer;
import com.bitfaster.mail.tests.support.oauth.Browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.oauth.DeviceSignIn;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.SignInState;

/** Sign-in, refresh, rotation and revocation against a real Keycloak on loopback (see {@link KeycloakServer}). */
@ExtendWith(KeycloakServer.class)
class OAuthSignInTest {

	@TempDir
	Path dir;

	@Test
	void browserSignInWithPkceStoresTokensOnlyInSecureStorage() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		Browser.Page page = fx.signInWithBrowser();
		// The browser ended on the product's loopback redirect, which told the user they may close the window.
		assertTrue(page.uri().toString().startsWith("http://127.0.0.1:"), page.uri().toString()); //$NON-NLS-1$
		assertTrue(page.body().contains("Signed in."), page.body()); //$NON-NLS-1$
		SignInState state = fx.service.signInState(fx.server).orElseThrow();
		assertEquals("alice@example.test", state.account()); //$NON-NLS-1$
		String token = new String(fx.service.accessToken(fx.server));
		assertEquals(3, token.split("\\.").length, "a JWT access token"); //$NON-NLS-1$ //$NON-NLS-2$
		String refresh = fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN);
		assertNotNull(refresh);
		// No token in any file outside secure storage (whose file is encrypted).
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
				assertFalse(text.contains(token) || text.contains(refresh), "token in " + f); //$NON-NLS-1$
			}
		}
	}

	@Test
	void deviceFlowWaitsUntilTheUserApprovedTheCode() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		DeviceSignIn device = fx.service.startDeviceSignIn(fx.server);
		assertFalse(device.userCode().isBlank());
		assertTrue(device.verificationUri().toString().startsWith(fx.kc.issuer().toString()));
		// The user, on another device, opens the URL, signs in and approves.
		CompletableFuture<Browser.Page> user = CompletableFuture.supplyAsync(() -> {
			try {
				// The link with the code in it, as a user follows it (or its QR code), then sign-in and consent.
				return new Browser().signIn(device.verificationUriComplete(), OAuthFixture.credentials(device.userCode()));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		// Gives up when the user's browser failed; else waits for the provider to report the approval.
		SignInState state;
		try {
			state = device.await(OAuthFixture.givenUp(user));
		} catch (OAuthException e) {
			throw new AssertionError("the user's browser ended on " + user.get().uri() + ": " //$NON-NLS-1$ //$NON-NLS-2$
					+ user.get().body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " "), e); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
		assertEquals("alice@example.test", state.account()); //$NON-NLS-1$
		assertNotNull(fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN));
		assertEquals(3, new String(fx.service.accessToken(fx.server)).split("\\.").length); //$NON-NLS-1$
		user.get();
	}

	@Test
	void refreshRotatesTheRefreshTokenAndTheOldOneIsDead() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		fx.signInWithBrowser();
		String firstToken = new String(fx.service.accessToken(fx.server));
		String firstRefresh = fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN);
		// Keycloak issues 30-second access tokens; the product keeps their lifetime to refresh before expiry (not its
		// 3600 s default). Keycloak's expires_in counts from its own clock reading, which on a busy machine can be a
		// second or more after the token's issue time: 29 was seen beside a loaded build.
		String[] times = fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN_TIMES).split("/"); //$NON-NLS-1$
		long lifetime = Long.parseLong(times[1]) - Long.parseLong(times[0]);
		assertTrue(lifetime > 20 && lifetime <= 30, "kept lifetime " + lifetime); //$NON-NLS-1$

		// Keycloak tells a stale refresh token by its issue time, in whole seconds: a refresh in the same second as the
		// sign-in would leave the first token looking current. Let the clock pass the second it was issued in.
		long issued = Long.parseLong(times[0]);
		while (java.time.Instant.now().getEpochSecond() <= issued) {
			java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
		}
		fx.expireAccessToken();
		String secondToken = new String(fx.service.accessToken(fx.server));
		String secondRefresh = fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN);
		assertNotEquals(firstToken, secondToken);
		assertNotEquals(firstRefresh, secondRefresh, "the refresh token was rotated and the new one saved"); //$NON-NLS-1$
		// The token is valid again for its lifetime: asking again does not refresh.
		assertEquals(secondToken, new String(fx.service.accessToken(fx.server)));

		fx.expireAccessToken();
		String thirdToken = new String(fx.service.accessToken(fx.server));
		assertNotEquals(secondToken, thirdToken, "the saved rotated token refreshes again"); //$NON-NLS-1$

		HttpResponse<String> replay = fx.refreshDirectly(firstRefresh, KeycloakServer.PUBLIC_CLIENT);
		assertEquals(400, replay.statusCode(), replay.body());
		assertTrue(replay.body().contains("invalid_grant"), replay.body()); //$NON-NLS-1$
	}

	@Test
	void concurrentCallersRefreshOnce() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		fx.signInWithBrowser();
		fx.expireAccessToken();
		int callers = 6;
		CyclicBarrier start = new CyclicBarrier(callers);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			Callable<String> call = () -> {
				start.await();
				return new String(fx.service.accessToken(fx.server));
			};
			List<Future<String>> results = pool.invokeAll(java.util.Collections.nCopies(callers, call));
			// Keycloak revokes a refresh token when it is used: a second refresh with it would fail. All got the
			// same new token, so exactly one refresh happened.
			String first = results.get(0).get();
			for (Future<String> f : results) {
				assertEquals(first, f.get());
			}
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aRevokedRefreshTokenSaysSignInAgain() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		fx.signInWithBrowser();
		HttpResponse<String> revoked = fx.revokeDirectly(fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN),
				KeycloakServer.PUBLIC_CLIENT);
		assertEquals(200, revoked.statusCode(), revoked.body());
		fx.expireAccessToken();
		OAuthException e = assertThrows(OAuthException.class, () -> fx.service.accessToken(fx.server));
		assertEquals(OAuthException.Reason.SIGN_IN_AGAIN, e.reason());
		assertTrue(e.getMessage().contains("sign in again"), e.getMessage()); //$NON-NLS-1$
		assertFalse(e.getMessage().contains("\n")); //$NON-NLS-1$
		assertNull(fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN), "the dead token is forgotten"); //$NON-NLS-1$
		assertTrue(fx.service.signInState(fx.server).isEmpty());
	}

	@Test
	void signOutRevokesAtTheProviderAndForgets() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.CONFIDENTIAL_CLIENT, KeycloakServer.CONFIDENTIAL_SECRET);
		fx.signInWithBrowser();
		String refresh = fx.secret(OAuthSettings.SECRET_REFRESH_TOKEN);
		assertNotNull(refresh);
		fx.service.signOut(fx.server);
		assertTrue(fx.service.signInState(fx.server).isEmpty());
		assertNull(fx.secret(OAuthSettings.SECRET_ACCESS_TOKEN));
		HttpResponse<String> replay = OAuthFixture.post(
				java.net.URI.create(fx.kc.issuer() + "/protocol/openid-connect/token"), //$NON-NLS-1$
				java.util.Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
						KeycloakServer.CONFIDENTIAL_CLIENT, "client_secret", KeycloakServer.CONFIDENTIAL_SECRET)); //$NON-NLS-1$
		assertEquals(400, replay.statusCode(), replay.body());
		// The client secret stays: it belongs to the server's settings, not to the signed-in user.
		assertEquals(KeycloakServer.CONFIDENTIAL_SECRET, fx.secret(OAuthSettings.SECRET_CLIENT_SECRET));
	}

	@Test
	void notSignedInSaysSignIn() {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		OAuthException e = assertThrows(OAuthException.class, () -> fx.service.accessToken(fx.server));
		assertEquals(OAuthException.Reason.SIGN_IN_AGAIN, e.reason());
		assertTrue(e.getMessage().contains("sign in first"), e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aScopeTheProviderRefusesIsNamed() throws Exception {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		MailServer wrong = fx.registry.update(fx.server.toBuilder()
				.authSetting(OAuthSettings.SCOPE, "openid https://outlook.office.com/SMTP.Send").build()); //$NON-NLS-1$
		CompletableFuture<Browser.Page> page = new CompletableFuture<>();
		OAuthException e = assertThrows(OAuthException.class, () -> fx.service.signInWithBrowser(wrong,
				uri -> CompletableFuture.runAsync(() -> {
					try {
						page.complete(new Browser().signIn(uri, OAuthFixture.credentials(null)));
					} catch (Exception ex) {
						page.completeExceptionally(ex);
					}
				}), java.time.Duration.ofSeconds(60), page::isDone));
		assertEquals(OAuthException.Reason.WRONG_SCOPE, e.reason(), e.getMessage());
		assertTrue(e.getMessage().contains("https://outlook.office.com/SMTP.Send"), e.getMessage()); //$NON-NLS-1$
		assertTrue(page.get().body().contains("did not succeed"), page.get().body()); //$NON-NLS-1$
		assertTrue(fx.service.signInState(wrong).isEmpty());
	}

	@Test
	void plainHttpIsRefusedUnlessTheIssuerIsOnLoopback() {
		OAuthFixture fx = new OAuthFixture(dir, KeycloakServer.PUBLIC_CLIENT, null);
		MailServer remote = fx.server.toBuilder()
				.authSetting(OAuthSettings.ISSUER_URL, "http://login.example.test/realms/x").build(); //$NON-NLS-1$
		List<FieldProblem> problems = fx.registry.validate(remote);
		assertTrue(problems.stream().anyMatch(p -> p.field() == ServerField.AUTH_SETTING
				&& OAuthSettings.ISSUER_URL.equals(p.settingKey()) && p.message().contains("https")), problems.toString()); //$NON-NLS-1$
		OAuthException e = assertThrows(OAuthException.class, () -> fx.service.startDeviceSignIn(remote));
		assertEquals(OAuthException.Reason.CONFIGURATION, e.reason());
		// A name that merely sounds local is not loopback.
		MailServer named = fx.server.toBuilder()
				.authSetting(OAuthSettings.ISSUER_URL, "http://localhost.example.test/realms/x").build(); //$NON-NLS-1$
		assertThrows(OAuthException.class, () -> fx.service.startDeviceSignIn(named));
		assertTrue(fx.registry.validate(fx.server).isEmpty(), fx.registry.validate(fx.server).toString());
	}
}
