package com.bitfaster.mail.tests.support.oauth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.FrameworkUtil;

import com.bitfaster.mail.tests.support.Loopback;

/**
 * A real Keycloak on 127.0.0.1, started once per test run (the first test class that uses this extension starts it;
 * JUnit closes it when the run ends) with the realm {@code fixtures/bitfaster-realm.json}: public client
 * {@code bitfaster-public} (PKCE S256, device grant), confidential client {@code bitfaster-confidential}, introspection
 * client {@code dovecot}, user {@code alice}, 30-second access tokens, refresh tokens rotated and revoked on use.
 * Access tokens of the two product clients carry an 1100-character padding claim, so they are longer than 1 KB as
 * Microsoft's are (the XOAUTH2 initial response then must not go on the AUTH line: "555 line too long").
 * <p>
 * The distribution comes from Maven Central ({@code org.keycloak:keycloak-quarkus-dist}, unpacked once by the build
 * of this support bundle into its {@code target/keycloak}, named by the system property {@code bitfaster.keycloak.home});
 * the oauth tests and the workbench's sign-in test start that same copy one after the other, so only the first start
 * pays for Quarkus's build of it. It runs in dev mode with an in-memory database, on free loopback ports.
 * </p>
 */
public final class KeycloakServer implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, AutoCloseable {

	public static final String REALM = "bitfaster"; //$NON-NLS-1$
	public static final String PUBLIC_CLIENT = "bitfaster-public"; //$NON-NLS-1$
	public static final String CONFIDENTIAL_CLIENT = "bitfaster-confidential"; //$NON-NLS-1$
	public static final String CONFIDENTIAL_SECRET = "confidential-client-secret"; //$NON-NLS-1$
	public static final String INTROSPECTION_CLIENT = "dovecot"; //$NON-NLS-1$
	public static final String INTROSPECTION_SECRET = "dovecot-introspection-secret"; //$NON-NLS-1$
	public static final String USER = "alice"; //$NON-NLS-1$
	public static final String PASSWORD = "alice-password"; //$NON-NLS-1$

	/**
	 * Keycloak's start is waited for while it makes progress: on a busy machine (the suite beside stress-ng and other
	 * builds) it has taken more than 4 minutes. It fails when Keycloak exits, prints nothing for {@code START_STALL},
	 * or has not started after {@code START_LIMIT}.
	 */
	private static final Duration START_STALL = Duration.ofMinutes(5);
	private static final Duration START_LIMIT = Duration.ofMinutes(10);
	private final AtomicLong lastOutput = new AtomicLong();
	private static volatile KeycloakServer running;

	private Process process;
	private int port;
	private Path log;

	/** @return the server this run started; fails when none was */
	public static KeycloakServer get() {
		KeycloakServer k = running;
		if (k == null) {
			throw new IllegalStateException("Keycloak was not started: add @ExtendWith(KeycloakServer.class)"); //$NON-NLS-1$
		}
		return k;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(KeycloakServer.class, k -> {
			try {
				KeycloakServer server = new KeycloakServer();
				server.start();
				running = server;
				return server;
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}, KeycloakServer.class);
	}

	/** @return the issuer, {@code http://127.0.0.1:PORT/realms/bitfaster} */
	public URI issuer() {
		return URI.create("http://" + Loopback.HOST + ":" + port + "/realms/" + REALM); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	public int port() {
		return port;
	}

	/** @return the token introspection endpoint */
	public URI introspectionEndpoint() {
		return URI.create(issuer() + "/protocol/openid-connect/token/introspect"); //$NON-NLS-1$
	}

	private void start() throws IOException, InterruptedException {
		Path home = Path.of(System.getProperty("bitfaster.keycloak.home", "")); //$NON-NLS-1$ //$NON-NLS-2$
		Path script = home.resolve("bin/kc.sh"); //$NON-NLS-1$
		if (!Files.isRegularFile(script)) {
			throw new IOException("No Keycloak distribution at " + home //$NON-NLS-1$
					+ " (the build unpacks org.keycloak:keycloak-quarkus-dist there; run the tests through Maven)"); //$NON-NLS-1$
		}
		script.toFile().setExecutable(true);
		Path imports = home.resolve("data/import"); //$NON-NLS-1$
		Files.createDirectories(imports);
		URL realm = FrameworkUtil.getBundle(KeycloakServer.class).getEntry("fixtures/bitfaster-realm.json"); //$NON-NLS-1$
		try (InputStream in = realm.openStream()) {
			Files.copy(in, imports.resolve("bitfaster-realm.json"), StandardCopyOption.REPLACE_EXISTING); //$NON-NLS-1$
		}
		port = Loopback.freePort();
		int management = Loopback.freePort();
		log = home.resolveSibling("keycloak.log"); //$NON-NLS-1$
		ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(), "start-dev", //$NON-NLS-1$
				"--http-host", Loopback.HOST, "--http-port", String.valueOf(port), //$NON-NLS-1$ //$NON-NLS-2$
				"--http-management-port", String.valueOf(management), "--db", "dev-mem", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"--import-realm")); //$NON-NLS-1$
		pb.environment().put("JAVA_HOME", System.getProperty("java.home")); //$NON-NLS-1$ //$NON-NLS-2$
		// Only the throwaway admin of a loopback dev server; not a secret of the product.
		pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"); //$NON-NLS-1$ //$NON-NLS-2$
		pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"); //$NON-NLS-1$ //$NON-NLS-2$
		pb.redirectErrorStream(true);
		long started = System.nanoTime();
		process = pb.start();
		CompletableFuture<Void> listening = new CompletableFuture<>();
		Thread pump = new Thread(() -> pump(process.getInputStream(), listening), "keycloak-log"); //$NON-NLS-1$
		pump.setDaemon(true);
		pump.start();
		lastOutput.set(started);
		while (true) {
			try {
				listening.get(1, TimeUnit.SECONDS);
				break;
			} catch (ExecutionException e) {
				close();
				throw new IOException("Keycloak did not start: " + e.getCause().getMessage() + "; see " + log, e); //$NON-NLS-1$ //$NON-NLS-2$
			} catch (TimeoutException e) {
				long now = System.nanoTime();
				String why = now - lastOutput.get() > START_STALL.toNanos() ? "printed nothing for " + START_STALL //$NON-NLS-1$
						: now - started > START_LIMIT.toNanos() ? "was not listening after " + START_LIMIT : null; //$NON-NLS-1$
				if (why != null) {
					close();
					throw new IOException("Keycloak " + why + "; see " + log, e); //$NON-NLS-1$ //$NON-NLS-2$
				}
			}
		}
		System.out.printf("Keycloak %s listening on %s after %d ms%n", home.getFileName(), issuer(), //$NON-NLS-1$
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	/** Copies Keycloak's output to its log file and completes {@code listening} when the realm is served. */
	private void pump(InputStream in, CompletableFuture<Void> listening) {
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
				Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
			String line;
			while ((line = r.readLine()) != null) {
				lastOutput.set(System.nanoTime());
				w.write(line);
				w.write('\n');
				w.flush();
				if (line.contains("Listening on: http://")) { //$NON-NLS-1$
					listening.complete(null);
				}
			}
			listening.completeExceptionally(new IOException("Keycloak exited before listening")); //$NON-NLS-1$
		} catch (IOException e) {
			listening.completeExceptionally(e);
		}
	}

	@Override
	public void close() {
		running = null;
		Process p = process;
		if (p == null) {
			return;
		}
		p.descendants().forEach(ProcessHandle::destroy);
		p.destroy();
		try {
			if (!p.waitFor(30, TimeUnit.SECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly().waitFor();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
