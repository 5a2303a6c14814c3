package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLException;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailServer;

import jakarta.mail.AuthenticationFailedException;

/** Turns what went wrong while connecting into one plain sentence for the user, never with a password in it. */
final class SmtpErrors {

	/** What kind of failure, so diagnostics can give advice. */
	enum Kind {
		UNKNOWN_HOST, REFUSED, TIMEOUT, AUTH, STARTTLS_MISSING, UNTRUSTED, HOST_MISMATCH, NOT_TLS, GREETING, OTHER
	}

	record Failure(Kind kind, String message) {
	}

	private SmtpErrors() {
	}

	private static String oneLine(String s) {
		return s.replaceAll("\\s+", " ").strip(); //$NON-NLS-1$ //$NON-NLS-2$
	}

	static Failure explain(Exception e, MailServer server, X509Certificate[] presented) {
		String where = server.address();
		for (Throwable t = e; t != null; t = next(t)) {
			if (t instanceof Tls.UntrustedCertificateException u) {
				return new Failure(Kind.UNTRUSTED, u.getMessage());
			}
			if (t instanceof Tls.HostMismatchException h) {
				return new Failure(Kind.HOST_MISMATCH, h.getMessage());
			}
		}
		for (Throwable t = e; t != null; t = next(t)) {
			String text = String.valueOf(t.getMessage());
			if (t instanceof AuthenticationFailedException) {
				if (text.contains("5.7.139") || text.contains("SmtpClientAuthentication is disabled")) { //$NON-NLS-1$ //$NON-NLS-2$
					return new Failure(Kind.AUTH, NLS.bind(Messages.Smtp_m365SmtpAuthDisabled, where, server.username()));
				}
				if (MailServer.AUTH_OAUTH2.equals(server.authMethod())) {
					return new Failure(Kind.AUTH, text.contains("No authentication mechanisms supported") //$NON-NLS-1$
							? NLS.bind(Messages.Smtp_noXOAuth2, where)
							: NLS.bind(Messages.Smtp_tokenRefused, new Object[] { where, server.username(), oneLine(text) }));
				}
				return new Failure(Kind.AUTH, NLS.bind(Messages.Smtp_authFailed, where, server.username()));
			}
			if (t instanceof UnknownHostException) {
				return new Failure(Kind.UNKNOWN_HOST, NLS.bind(Messages.Smtp_unknownHost, server.host()));
			}
			if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
				return new Failure(Kind.REFUSED, NLS.bind(Messages.Smtp_refused, where));
			}
			if (t instanceof SocketTimeoutException) {
				return new Failure(Kind.TIMEOUT, NLS.bind(Messages.Smtp_timeout, where, server.timeoutSeconds()));
			}
			if (text.contains("STARTTLS is required")) { //$NON-NLS-1$
				return new Failure(Kind.STARTTLS_MISSING, NLS.bind(Messages.Smtp_startTlsMissing, where));
			}
			if (t instanceof IOException && text.contains("verify identity")) { //$NON-NLS-1$
				String names = presented == null ? "?" : String.join(", ", certificateNames(presented[0])); //$NON-NLS-1$ //$NON-NLS-2$
				return new Failure(Kind.HOST_MISMATCH, NLS.bind(Messages.Smtp_hostMismatch, names, server.host()));
			}
			if (t instanceof SSLException && (text.contains("Unsupported or unrecognized SSL message") //$NON-NLS-1$
					|| text.contains("plaintext connection"))) { //$NON-NLS-1$
				return new Failure(Kind.NOT_TLS, NLS.bind(Messages.Smtp_notTls, server.port(), server.host()));
			}
			if (text.contains("bad greeting")) { //$NON-NLS-1$
				return new Failure(Kind.GREETING, NLS.bind(Messages.Smtp_badGreeting, where, replyPart(text)));
			}
			if (t instanceof SSLException) {
				return new Failure(Kind.OTHER, NLS.bind(Messages.Smtp_tlsFailed, where, text));
			}
		}
		Throwable root = e;
		while (next(root) != null) {
			root = next(root);
		}
		return new Failure(Kind.OTHER, NLS.bind(Messages.Smtp_connectFailed, where, root.getMessage()));
	}

	static boolean isStartTls(MailServer server) {
		return EncryptionProviderDescriptor.STARTTLS.equals(server.encryption());
	}

	private static String replyPart(String text) {
		int i = text.indexOf("response:"); //$NON-NLS-1$
		return i < 0 ? text : text.substring(i + "response:".length()).strip(); //$NON-NLS-1$
	}

	private static Throwable next(Throwable t) {
		if (t instanceof jakarta.mail.MessagingException m && m.getNextException() != null && m.getNextException() != t) {
			return m.getNextException();
		}
		return t.getCause() == t ? null : t.getCause();
	}

	/** @return the DNS names and IP addresses a certificate is for, else its common name */
	static List<String> certificateNames(X509Certificate certificate) {
		try {
			Collection<List<?>> alt = certificate.getSubjectAlternativeNames();
			if (alt != null) {
				List<String> names = alt.stream().filter(n -> (Integer) n.get(0) == 2 || (Integer) n.get(0) == 7)
						.map(n -> String.valueOf(n.get(1))).toList();
				if (!names.isEmpty()) {
					return names;
				}
			}
			for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
				if ("CN".equalsIgnoreCase(rdn.getType())) { //$NON-NLS-1$
					return List.of(String.valueOf(rdn.getValue()));
				}
			}
		} catch (java.security.cert.CertificateParsingException | InvalidNameException e) {
			// fall through: no names readable
		}
		return List.of(certificate.getSubjectX500Principal().getName());
	}
}
