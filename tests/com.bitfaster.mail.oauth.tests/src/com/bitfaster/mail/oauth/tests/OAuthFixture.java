package com.bitfaster.mail.oauth.tests;

import com.bitfaster.mail.tests.support.oauth.KeycloakServer;
import com.bitfaster.mail.tests.support.oauth.Browser;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.internal.OAuthServiceImpl;
import com.bitfaster.mail.tests.support.TestRegistries;

/** A registry with one server that signs in at the test Keycloak, and the OAuth service on it. */
final class OAuthFixture {

	final KeycloakServer kc = KeycloakServer.get();
	final ServerRegistryImpl registry;
	final OAuthServiceImpl service;
	final MailServer server;
	final Path dir;

	OAuthFixture(Path dir, String clientId, String clientSecret) {
		this.dir = dir;
		registry = TestRegistries.onFolder(dir, extensions());
		MailServer s = MailServer.builder().name("Keycloak mail").host("127.0.0.1").port(2525) //$NON-NLS-1$ //$NON-NLS-2$
				.username(KeycloakServer.USER).authMethod(MailServer.AUTH_OAUTH2)
				.authSetting(OAuthSettings.PROVIDER, OAuthSettings.ISSUER)
				.authSetting(OAuthSettings.ISSUER_URL, kc.issuer().toString())
				.authSetting(OAuthSettings.CLIENT_ID, clientId)
				// Session refresh tokens: Keycloak rotates offline tokens (offline_access, the product's default for
				// issuers) too, but accepts a replayed old one, so the rotation tests would prove less with them.
				.authSetting(OAuthSettings.SCOPE, "openid email").build(); //$NON-NLS-1$
		server = registry.add(s, null);
		// The same service the oauth2 method uses for this registry, so sign-in and sending share one lock.
		service = OAuthServiceImpl.forRegistry(registry);
		if (clientSecret != null) {
			service.setClientSecret(server, clientSecret.toCharArray());
		}
	}

	static MailExtensions extensions() {
		ServiceTracker<MailExtensions, MailExtensions> t = new ServiceTracker<>(
				FrameworkUtil.getBundle(OAuthFixture.class).getBundleContext(), MailExtensions.class, null);
		t.open();
		try {
			MailExtensions e = t.waitForService(30_000);
			if (e == null) {
				throw new IllegalStateException("no MailExtensions service"); //$NON-NLS-1$
			}
			return e;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Signs in through the browser flow, the test playing the user at Keycloak's login form. */
	Browser.Page signInWithBrowser() throws Exception {
		CompletableFuture<Browser.Page> page = new CompletableFuture<>();
		try {
			// The browser is done only after the loopback redirect answered it; done without that, it never will.
			service.signInWithBrowser(server, uri -> CompletableFuture.runAsync(() -> {
				try {
					page.complete(new Browser().signIn(uri, credentials(null)));
				} catch (Exception e) {
					page.completeExceptionally(e);
				}
			}), java.time.Duration.ofSeconds(60), page::isDone);
		} catch (com.bitfaster.mail.oauth.OAuthException e) {
			if (page.isDone() && !page.isCompletedExceptionally()) {
				Browser.Page last = page.get();
				throw new AssertionError("The browser ended on " + last.uri() + " (" + last.status() + "): " //$NON-NLS-1$ //$NON-NLS-2$
						+ last.body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " "), e); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
			throw e;
		}
		return page.get();
	}

	/** @return true once {@code user} failed, or finished more than 15 seconds ago (so the approval was missed) */
	static java.util.function.BooleanSupplier givenUp(CompletableFuture<?> user) {
		long[] doneAt = { 0 };
		return () -> {
			if (user.isCompletedExceptionally()) {
				return true;
			}
			if (user.isDone() && doneAt[0] == 0) {
				doneAt[0] = System.nanoTime();
			}
			return doneAt[0] != 0 && System.nanoTime() - doneAt[0] > java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
		};
	}

	static Map<String, String> credentials(String userCode) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("username", KeycloakServer.USER); //$NON-NLS-1$
		fields.put("password", KeycloakServer.PASSWORD); //$NON-NLS-1$
		if (userCode != null) {
			fields.put("device_user_code", userCode); //$NON-NLS-1$
		}
		return fields;
	}

	String secret(String key) {
		return registry.secret(server.id(), key).map(String::new).orElse(null);
	}

	/** Makes the stored access token look expired, as if its 30 seconds had passed. */
	void expireAccessToken() {
		registry.setSecrets(server.id(), Map.of(OAuthSettings.SECRET_ACCESS_TOKEN_TIMES, "0/1".toCharArray())); //$NON-NLS-1$
	}

	/** Uses a refresh token at Keycloak's token endpoint directly, as an attacker replaying it would. */
	HttpResponse<String> refreshDirectly(String refreshToken, String clientId) throws Exception {
		return post(URI.create(kc.issuer() + "/protocol/openid-connect/token"), Map.of("grant_type", "refresh_token", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"refresh_token", refreshToken, "client_id", clientId)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Revokes a refresh token at Keycloak, as an administrator or the user's account page would. */
	HttpResponse<String> revokeDirectly(String refreshToken, String clientId) throws Exception {
		return post(URI.create(kc.issuer() + "/protocol/openid-connect/revoke"), Map.of("token", refreshToken, //$NON-NLS-1$ //$NON-NLS-2$
				"token_type_hint", "refresh_token", "client_id", clientId)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	static HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
		String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" //$NON-NLS-1$
				+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")); //$NON-NLS-1$
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/x-www-form-urlencoded") //$NON-NLS-1$ //$NON-NLS-2$
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}
}
