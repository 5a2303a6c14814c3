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
 * Certificates made at test time with openssl: a test CA, server certificates it signs, and a self-signed
 * one nobody trusts.
 */
final class TestCertificates {

	private static final String PASS = "changeit"; //$NON-NLS-1$
	private final Path dir;

	TestCertificates(Path dir) throws IOException {
		this.dir = dir;
		openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$ //$NON-NLS-9$
				"-out", "ca.crt", "-days", "2", "-subj", "/CN=BitFaster Test CA", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	/** @return a key store holding a certificate for {@code names} (DNS names or IP addresses) signed by the test CA */
	Path signed(String file, String cn, String... names) throws IOException {
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", file + ".key", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"-out", file + ".csr", "-subj", "/CN=" + cn); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Files.writeString(dir.resolve(file + ".ext"), "subjectAltName=" + san(names) + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		openssl("x509", "-req", "-in", file + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$ //$NON-NLS-9$
				"-days", "2", "-extfile", file + ".ext", "-out", file + ".crt"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		return pkcs12(file, "-certfile", "ca.crt"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return a key store holding a self-signed certificate for {@code names} */
	Path selfSigned(String file, String cn, String... names) throws IOException {
		openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				file + ".key", "-out", file + ".crt", "-days", "2", "-subj", "/CN=" + cn, "-addext", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				"subjectAltName=" + san(names)); //$NON-NLS-1$
		return pkcs12(file);
	}

	private Path pkcs12(String file, String... extra) throws IOException {
		List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-name", "server", "-inkey", file + ".key", "-in", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				file + ".crt", "-out", file, "-passout", "pass:" + PASS)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		args.addAll(List.of(extra));
		openssl(args.toArray(new String[0]));
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
			parts.add((Character.isDigit(n.charAt(0)) ? "IP:" : "DNS:") + n); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return String.join(",", parts); //$NON-NLS-1$
	}

	private void openssl(String... args) throws IOException {
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
