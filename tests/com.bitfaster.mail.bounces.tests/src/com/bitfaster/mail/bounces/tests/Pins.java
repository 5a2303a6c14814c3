package com.bitfaster.mail.bounces.tests;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.bitfaster.mail.tests.support.Loopback;

/** The fingerprint of the certificate a loopback TLS server presents: what a user pins after looking at it. */
final class Pins {

	private Pins() {
	}

	static String fingerprint(int port) throws IOException, GeneralSecurityException {
		X509Certificate[] seen = new X509Certificate[1];
		SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
		// Only records what the server shows; nothing is sent over this connection.
		context.init(null, new TrustManager[] { new X509TrustManager() {
			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				seen[0] = chain[0];
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
				throw new UnsupportedOperationException();
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, null);
		try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(Loopback.HOST, port)) {
			s.startHandshake();
		}
		return HexFormat.ofDelimiter(":").withUpperCase() //$NON-NLS-1$
				.formatHex(MessageDigest.getInstance("SHA-256").digest(seen[0].getEncoded())); //$NON-NLS-1$
	}
}
