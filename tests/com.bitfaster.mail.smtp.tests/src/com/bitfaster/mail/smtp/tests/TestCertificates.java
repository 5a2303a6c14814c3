package com.bitfaster.mail.smtp.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates made at test time with the JDK's keytool: a test CA, server certificates it signs, and a self-signed
 * one nobody trusts.
 */
final class TestCertificates {

	private static final String PASS = "changeit"; //$NON-NLS-1$
	private final Path dir;

	TestCertificates(Path dir) throws IOException {
		this.dir = dir;
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				"CN=BitFaster Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
		keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.crt"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
	}

	/** @return a key store holding a certificate for {@code names} (DNS names or IP addresses) signed by the test CA */
	Path signed(String file, String cn, String... names) throws IOException {
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"-validity", "2", "-keystore", file); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		keytool("-certreq", "-alias", "server", "-keystore", file, "-file", file + ".csr"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", file + ".csr", "-outfile", file + ".crt", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"-validity", "2", "-ext", "san=" + san(names)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		keytool("-importcert", "-alias", "ca", "-file", "ca.crt", "-keystore", file, "-noprompt"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
		keytool("-importcert", "-alias", "server", "-file", file + ".crt", "-keystore", file, "-noprompt"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
		return dir.resolve(file);
	}

	/** @return a key store holding a self-signed certificate for {@code names} */
	Path selfSigned(String file, String cn, String... names) throws IOException {
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"-validity", "2", "-ext", "san=" + san(names), "-keystore", file); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
		return dir.resolve(file);
	}

	/** @return a trust store holding only the test CA */
	KeyStore trustStore() throws IOException, GeneralSecurityException {
		KeyStore ks = KeyStore.getInstance("PKCS12"); //$NON-NLS-1$
		ks.load(null, null);
		try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) { //$NON-NLS-1$
			ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return ks;
	}

	static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
		KeyStore ks = KeyStore.getInstance("PKCS12"); //$NON-NLS-1$
		try (InputStream in = Files.newInputStream(keyStore)) {
			ks.load(in, PASS.toCharArray());
		}
		KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		kmf.init(ks, PASS.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
		context.init(kmf.getKeyManagers(), null, null);
		return context;
	}

	static Certificate leaf(Path keyStore) throws IOException, GeneralSecurityException {
		KeyStore ks = KeyStore.getInstance("PKCS12"); //$NON-NLS-1$
		try (InputStream in = Files.newInputStream(keyStore)) {
			ks.load(in, PASS.toCharArray());
		}
		return ks.getCertificate("server"); //$NON-NLS-1$
	}

	private static String san(String... names) {
		List<String> parts = new ArrayList<>();
		for (String n : names) {
			parts.add((Character.isDigit(n.charAt(0)) ? "ip:" : "dns:") + n); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return String.join(",", parts); //$NON-NLS-1$
	}

	private void keytool(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		command.addAll(List.of(args));
		command.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		try {
			String out = new String(p.getInputStream().readAllBytes());
			if (p.waitFor() != 0) {
				throw new IOException("keytool " + String.join(" ", args) + " failed: " + out); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}
}
