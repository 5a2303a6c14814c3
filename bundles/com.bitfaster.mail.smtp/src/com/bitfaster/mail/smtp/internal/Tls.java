package com.bitfaster.mail.smtp.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.ServerValidation;

/** Certificate verification: the system trust store (or a test's), or exactly one pinned certificate. */
public final class Tls {

	private static volatile KeyStore trustOverride;

	private Tls() {
	}

	/** For tests only: trust the anchors in {@code store} instead of the system trust store; {@code null} resets. */
	public static void trustForTests(KeyStore store) {
		trustOverride = store;
	}

	/** @return the SHA-256 fingerprint of a certificate as {@code AB:CD:…} */
	public static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()); //$NON-NLS-1$
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest); //$NON-NLS-1$
		} catch (NoSuchAlgorithmException | CertificateEncodingException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * @param host     the host name used in messages
	 * @param pinned   the pinned fingerprint, or empty to verify against the trust store
	 * @param observer sees every chain the server presents, before it is judged (for diagnostics and messages)
	 */
	static SSLSocketFactory socketFactory(String host, String pinned, Consumer<X509Certificate[]> observer) {
		try {
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trustOverride);
			X509TrustManager system = null;
			for (TrustManager tm : tmf.getTrustManagers()) {
				if (tm instanceof X509TrustManager x) {
					system = x;
				}
			}
			SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
			String pin = pinned.isEmpty() ? "" : ServerValidation.normalizeFingerprint(pinned); //$NON-NLS-1$
			context.init(null, new TrustManager[] { new Verifier(host, system, pin, observer) }, null);
			return context.getSocketFactory();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Thrown when the certificate is not the pinned one or not trusted; its message is for the user. */
	public static final class UntrustedCertificateException extends CertificateException {
		private static final long serialVersionUID = 1L;

		UntrustedCertificateException(String message, Throwable cause) {
			super(message, cause);
		}
	}

	private static final class Verifier extends X509ExtendedTrustManager {
		private final String host;
		private final X509TrustManager system;
		private final String pinned;
		private final Consumer<X509Certificate[]> observer;

		Verifier(String host, X509TrustManager system, String pinned, Consumer<X509Certificate[]> observer) {
			this.host = host;
			this.system = system;
			this.pinned = pinned;
			this.observer = observer;
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			if (chain == null || chain.length == 0) {
				throw new CertificateException("no certificate"); //$NON-NLS-1$
			}
			observer.accept(chain.clone());
			String actual = fingerprint(chain[0]);
			if (!pinned.isEmpty()) {
				if (!pinned.equals(actual)) {
					throw new UntrustedCertificateException(NLS.bind(Messages.Tls_pinMismatch, new Object[] { host, pinned, actual }), null);
				}
				return;
			}
			try {
				system.checkServerTrusted(chain, authType);
			} catch (CertificateException e) {
				throw new UntrustedCertificateException(
						NLS.bind(Messages.Tls_untrusted, new Object[] { host, chain[0].getSubjectX500Principal().getName(), actual }), e);
			}
		}

		// Host names are checked by Angus (checkserveridentity), so the socket and engine variants need no more.
		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
			checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			checkServerTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("client certificates are not accepted"); //$NON-NLS-1$
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
			checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			checkClientTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return system.getAcceptedIssuers();
		}
	}
}
