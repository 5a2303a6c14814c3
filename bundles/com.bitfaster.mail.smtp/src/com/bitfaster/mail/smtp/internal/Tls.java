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

/**
 * Certificate verification: the JVM's default trust store (the one {@code javax.net.ssl.trustStore} names, else the
 * JDK's), or exactly one pinned certificate.
 */
public final class Tls {

	private Tls() {
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
			// Read on each call: the JDK reloads the default trust store when its file changes.
			tmf.init((KeyStore) null);
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

	/** Thrown when a trusted certificate is for another host; its message is for the user. */
	public static final class HostMismatchException extends CertificateException {
		private static final long serialVersionUID = 1L;

		HostMismatchException(String message) {
			super(message);
		}
	}

	/** @return whether a certificate name (a DNS name, possibly {@code *.}wildcarded, or an IP address) covers host */
	static boolean hostMatches(String name, String host) {
		String n = name.toLowerCase(java.util.Locale.ROOT);
		String h = host.toLowerCase(java.util.Locale.ROOT);
		if (h.startsWith("[") && h.endsWith("]")) { //$NON-NLS-1$ //$NON-NLS-2$
			h = h.substring(1, h.length() - 1);
		}
		if (n.startsWith("*.")) { //$NON-NLS-1$
			int dot = h.indexOf('.');
			return dot > 0 && h.substring(dot).equals(n.substring(1));
		}
		return n.equals(h);
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
			// Checked here rather than left to the socket's settings, so every user of the factory gets it.
			java.util.List<String> names = SmtpErrors.certificateNames(chain[0]);
			if (names.stream().noneMatch(n -> hostMatches(n, host))) {
				throw new HostMismatchException(NLS.bind(Messages.Smtp_hostMismatch, String.join(", ", names), host)); //$NON-NLS-1$
			}
		}

		// The host name is checked above for every variant; Angus's checkserveridentity checks it once more.
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
