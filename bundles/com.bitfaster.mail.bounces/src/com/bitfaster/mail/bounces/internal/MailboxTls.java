package com.bitfaster.mail.bounces.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate check of the bounce mailbox, as the SMTP transport does it: the JDK's trust store (Angus checks the
 * host name), or exactly one pinned certificate.
 */
final class MailboxTls {

	private MailboxTls() {
	}

	/** @return SHA-256 of the certificate as {@code AB:CD:...} */
	static String fingerprint(X509Certificate certificate) throws CertificateException {
		try {
			return HexFormat.ofDelimiter(":").withUpperCase() //$NON-NLS-1$
					.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())); //$NON-NLS-1$
		} catch (GeneralSecurityException e) {
			throw new CertificateException(e);
		}
	}

	static String normalize(String fingerprint) {
		String hex = fingerprint.replace(":", "").toUpperCase(java.util.Locale.ROOT); //$NON-NLS-1$ //$NON-NLS-2$
		return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex)); //$NON-NLS-1$
	}

	/** @param pinned a fingerprint, or empty for the JDK's trust store */
	static SSLSocketFactory socketFactory(String host, String pinned, java.util.function.Consumer<String> problem)
			throws GeneralSecurityException {
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init((KeyStore) null);
		X509TrustManager system = null;
		for (TrustManager tm : tmf.getTrustManagers()) {
			if (tm instanceof X509TrustManager x) {
				system = x;
			}
		}
		X509TrustManager trusted = system;
		String pin = pinned.isEmpty() ? "" : normalize(pinned); //$NON-NLS-1$
		X509TrustManager verifier = new X509TrustManager() {
			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				try {
					check(chain, authType);
				} catch (CertificateException e) {
					// JSSE reports its own text above ours: the reader takes ours from here.
					problem.accept(e.getMessage());
					throw e;
				}
			}

			private void check(X509Certificate[] chain, String authType) throws CertificateException {
				if (chain == null || chain.length == 0) {
					throw new CertificateException("The server " + host + " sent no certificate."); //$NON-NLS-1$ //$NON-NLS-2$
				}
				String actual = fingerprint(chain[0]);
				if (!pin.isEmpty()) {
					if (!pin.equals(actual)) {
						throw new CertificateException("The certificate of " + host + " is not the pinned one (pinned " //$NON-NLS-1$ //$NON-NLS-2$
								+ pin + ", got " + actual + ")."); //$NON-NLS-1$ //$NON-NLS-2$
					}
					return;
				}
				try {
					trusted.checkServerTrusted(chain, authType);
				} catch (CertificateException e) {
					throw new CertificateException("The certificate of " + host + " (" //$NON-NLS-1$ //$NON-NLS-2$
							+ chain[0].getSubjectX500Principal().getName() + ") is not trusted; pin its fingerprint " //$NON-NLS-1$
							+ actual + " to trust it explicitly.", e); //$NON-NLS-1$
				}
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				throw new CertificateException("client certificates are not accepted"); //$NON-NLS-1$
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return trusted.getAcceptedIssuers();
			}
		};
		SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
		context.init(null, new TrustManager[] { verifier }, null);
		return context.getSocketFactory();
	}
}
