package com.bitfaster.mail.discovery.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.osgi.util.NLS;

/**
 * Sockets for discovery: connected to the addresses discovery's own resolver found, and TLS that verifies the chain
 * against the JVM's trust store (the one {@code javax.net.ssl.trustStore} names, else the JDK's) and the host name.
 */
final class Net {

	private final SSLSocketFactory tls;
	private final Duration connectTimeout;
	private final Duration readTimeout;

	Net(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		try {
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init((KeyStore) null); // read now: the JDK reloads the default trust store when its file changes
			SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
			context.init(null, tmf.getTrustManagers(), null);
			tls = context.getSocketFactory();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** @return a socket connected to the first of the addresses that accepts, with the read timeout set */
	Socket connect(List<InetAddress> addresses, int port) throws IOException {
		IOException last = null;
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
				socket.setSoTimeout((int) readTimeout.toMillis());
				return socket;
			} catch (IOException e) {
				socket.close();
				last = e;
			}
		}
		throw last != null ? last : new ConnectException("no address"); //$NON-NLS-1$
	}

	/**
	 * Starts TLS on a connected socket for {@code host} (SNI, chain and host name checked); closes the socket when the
	 * handshake fails.
	 */
	SSLSocket startTls(Socket socket, String host) throws IOException {
		SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, socket.getPort(), true);
		try {
			SSLParameters parameters = ssl.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS"); //$NON-NLS-1$ (RFC 2818 matching, as RFC 6125)
			ssl.setSSLParameters(parameters);
			ssl.setSoTimeout((int) readTimeout.toMillis());
			ssl.startHandshake();
			return ssl;
		} catch (IOException e) {
			ssl.close();
			throw e;
		}
	}

	/** @return the session in a few words: protocol, cipher, the certificate's subject and issuer */
	static String describe(SSLSession session) {
		String subject = "?"; //$NON-NLS-1$
		String issuer = "?"; //$NON-NLS-1$
		try {
			Certificate[] chain = session.getPeerCertificates();
			if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
				subject = x.getSubjectX500Principal().getName();
				issuer = x.getIssuerX500Principal().getName();
			}
		} catch (IOException e) {
			// no peer certificate: keep "?"
		}
		return NLS.bind(Messages.Tls_session, new Object[] { session.getProtocol(), session.getCipherSuite(), subject, issuer });
	}

	/** @return why a connection or handshake failed, in plain words */
	static String failure(Exception e, String host, int port) {
		if (e instanceof SocketTimeoutException) {
			return NLS.bind(Messages.Net_timeout, host, port);
		}
		if (e instanceof ConnectException) {
			return NLS.bind(Messages.Net_refused, host, port);
		}
		if (e instanceof SSLHandshakeException) {
			for (Throwable t = e; t != null; t = t.getCause()) {
				if (t instanceof CertificateException && String.valueOf(t.getMessage()).contains("subject alternative")) { //$NON-NLS-1$
					return NLS.bind(Messages.Tls_otherHost, host);
				}
				if (t.getClass().getName().endsWith("CertPathBuilderException") //$NON-NLS-1$
						|| String.valueOf(t.getMessage()).contains("PKIX path")) { //$NON-NLS-1$
					return NLS.bind(Messages.Tls_untrusted, host);
				}
			}
			return NLS.bind(Messages.Tls_failed, host, e.getMessage());
		}
		return NLS.bind(Messages.Net_failed, new Object[] { host, port, e.getMessage() });
	}
}
