package com.bitfaster.mail.discovery;

import java.util.List;

/**
 * Submission settings discovery proposes, verified by a probe.
 *
 * @param host                  the server's host name, as its certificate names it
 * @param port                  the port that answered
 * @param encryption            the encryption provider id: {@value #SSL} (implicit TLS), {@value #STARTTLS}, or
 *                              {@value #NONE} (only ever with authentication {@value #AUTH_NONE})
 * @param authentication        {@value #AUTH_PASSWORD}, {@value #AUTH_OAUTH2} (the server offers only XOAUTH2 or
 *                              OAUTHBEARER), or {@value #AUTH_NONE}
 * @param username              the user name to sign in with (the address, or what autoconfig says); empty with
 *                              authentication {@value #AUTH_NONE}
 * @param source                where the candidate came from: {@code autoconfig}, {@code well-known},
 *                              {@code srv-submissions}, {@code srv-submission} or {@code guess}
 * @param authMechanisms        the AUTH mechanisms the server advertised (after TLS when TLS was reached)
 * @param tls                   the TLS session reached, such as {@code TLSv1.3, certificate CN=smtp.example.com}; empty
 *                              without TLS
 */
public record Proposal(String host, int port, String encryption, String authentication, String username,
		String source, List<String> authMechanisms, String tls) {

	public static final String SSL = "ssl"; //$NON-NLS-1$
	public static final String STARTTLS = "starttls"; //$NON-NLS-1$
	public static final String NONE = "none"; //$NON-NLS-1$
	public static final String AUTH_PASSWORD = "password"; //$NON-NLS-1$
	public static final String AUTH_OAUTH2 = "oauth2"; //$NON-NLS-1$
	public static final String AUTH_NONE = "none"; //$NON-NLS-1$

	public Proposal {
		authMechanisms = List.copyOf(authMechanisms);
		if (NONE.equals(encryption) && (!AUTH_NONE.equals(authentication) || !username.isEmpty())) {
			throw new IllegalArgumentException("a proposal without TLS never carries credentials"); //$NON-NLS-1$
		}
	}

	/** @return whether the proposal would send a secret without TLS (never true: the constructor refuses it) */
	public boolean sendsSecretInClear() {
		return NONE.equals(encryption) && !username.isEmpty();
	}

	/** @return whether the connection is encrypted */
	public boolean encrypted() {
		return !NONE.equals(encryption);
	}
}
