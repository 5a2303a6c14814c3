package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates made with openssl at test time: one test CA per JVM, server certificates it signs, and self-signed ones
 * nobody trusts. The JVM trusts the CA the standard way: the test bundle's pom names a trust store file
 * ({@code javax.net.ssl.trustStore}), and {@link #authority()} writes the CA into it before any certificate it signs
 * exists; the JDK rereads that file when it changes.
 */
public final class TestCertificates {

	/** The password of the key stores made here; the pom gives the same one for the trust store. */
	public static final String PASSWORD = "changeit"; //$NON-NLS-1$
	private static TestCertificates authority;

	/** Holds ca.crt, ca.key and the serial file. */
	private final Path dir;

	private TestCertificates(Path dir) throws IOException {
		this.dir = dir;
		openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=BitFaster Test CA", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				"-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	/** @return this JVM's test CA, made on first use and written as the only anchor of the JVM's trust store */
	public static synchronized TestCertificates authority() throws IOException, GeneralSecurityException {
		if (authority == null) {
			String trustStore = System.getProperty("javax.net.ssl.trustStore"); //$NON-NLS-1$
			if (trustStore == null) {
				throw new IllegalStateException("javax.net.ssl.trustStore is not set: name a file under target/ in the " //$NON-NLS-1$
						+ "tycho-surefire argLine of the test bundle's pom"); //$NON-NLS-1$
			}
			Path store = Path.of(trustStore).toAbsolutePath();
			TestCertificates made = new TestCertificates(Files.createDirectories(store.resolveSibling("test-ca"))); //$NON-NLS-1$
			made.writeTrustStore(store);
			authority = made;
		}
		return authority;
	}

	private void writeTrustStore(Path store) throws IOException, GeneralSecurityException {
		KeyStore ks = KeyStore.getInstance("PKCS12"); //$NON-NLS-1$
		ks.load(null, null);
		try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) { //$NON-NLS-1$
			ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		// Renamed into place, so a TLS context being made meanwhile never reads half a file.
		Path temp = Files.createTempFile(store.getParent(), "truststore", ".tmp"); //$NON-NLS-1$ //$NON-NLS-2$
		try (OutputStream out = Files.newOutputStream(temp)) {
			ks.store(out, System.getProperty("javax.net.ssl.trustStorePassword", PASSWORD).toCharArray()); //$NON-NLS-1$
		}
		Files.move(temp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Makes a certificate for {@code names} (DNS names or IP addresses) signed by the test CA: {@code dir/file} as a
	 * PKCS#12 key store (key, certificate, CA), {@code dir/file.key} and {@code dir/file.crt} in PEM for servers that
	 * read those.
	 *
	 * @return the key store
	 */
	public synchronized Path signed(Path dir, String file, String cn, String... names) throws IOException {
		openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", file + ".key", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"-out", file + ".csr", "-subj", "/CN=" + cn); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Files.writeString(dir.resolve(file + ".ext"), "subjectAltName=" + san(names) + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		openssl(dir, "x509", "-req", "-in", file + ".csr", "-CA", ca("ca.crt"), "-CAkey", ca("ca.key"), "-CAserial", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$ //$NON-NLS-9$
				ca("ca.srl"), "-CAcreateserial", "-days", "2", "-extfile", file + ".ext", "-out", file + ".crt"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
		return pkcs12(dir, file, "-certfile", ca("ca.crt")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return {@code dir/file}, a PKCS#12 key store holding a self-signed certificate for {@code names} */
	public Path selfSigned(Path dir, String file, String cn, String... names) throws IOException {
		openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				file + ".key", "-out", file + ".crt", "-days", "2", "-subj", "/CN=" + cn, "-addext", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				"subjectAltName=" + san(names)); //$NON-NLS-1$
		return pkcs12(dir, file);
	}

	private String ca(String name) {
		return dir.resolve(name).toString();
	}

	private static Path pkcs12(Path dir, String file, String... extra) throws IOException {
		List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-name", "server", "-inkey", file + ".key", "-in", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				file + ".crt", "-out", file, "-passout", "pass:" + PASSWORD)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		args.addAll(List.of(extra));
		openssl(dir, args.toArray(new String[0]));
		return dir.resolve(file);
	}

	/** @return a TLS context for a server presenting the certificate in {@code keyStore} */
	public static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
		KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		kmf.init(load(keyStore), PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
		context.init(kmf.getKeyManagers(), null, null);
		return context;
	}

	/** @return the server certificate in {@code keyStore} */
	public static Certificate leaf(Path keyStore) throws IOException, GeneralSecurityException {
		return load(keyStore).getCertificate("server"); //$NON-NLS-1$
	}

	private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
		KeyStore ks = KeyStore.getInstance("PKCS12"); //$NON-NLS-1$
		try (InputStream in = Files.newInputStream(keyStore)) {
			ks.load(in, PASSWORD.toCharArray());
		}
		return ks;
	}

	private static String san(String... names) {
		List<String> parts = new ArrayList<>();
		for (String n : names) {
			parts.add((Character.isDigit(n.charAt(0)) ? "IP:" : "DNS:") + n); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return String.join(",", parts); //$NON-NLS-1$
	}

	private static void openssl(Path dir, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add("openssl"); //$NON-NLS-1$
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		try {
			String out = new String(p.getInputStream().readAllBytes());
			if (p.waitFor() != 0) {
				throw new IOException("openssl " + String.join(" ", args) + " failed: " + out); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}
}
