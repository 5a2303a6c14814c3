package com.bitfaster.mail.dkim;

import java.time.Instant;
import java.util.Objects;

/**
 * A DKIM signing key's public half and where it is published: the private key is in secure storage only.
 *
 * @param domain          the From domain signed for ({@code d=}), lower case, without a trailing dot
 * @param selector        the selector ({@code s=})
 * @param algorithm       the signing algorithm
 * @param publicKeyBase64 exactly the {@code p=} value of the TXT record: for RSA the DER SubjectPublicKeyInfo, for
 *                        Ed25519 the raw 32-byte key (RFC 8463); base64 without line breaks
 * @param created         when the key was generated or imported
 */
public record DkimKey(String domain, String selector, Algorithm algorithm, String publicKeyBase64, Instant created) {

	/** The signing algorithms. */
	public enum Algorithm {
		/** {@code a=rsa-sha256}, {@code k=rsa}; generated with 2048 bits. */
		RSA_SHA256("rsa-sha256", "rsa"), //$NON-NLS-1$ //$NON-NLS-2$
		/** {@code a=ed25519-sha256}, {@code k=ed25519} (RFC 8463). */
		ED25519_SHA256("ed25519-sha256", "ed25519"); //$NON-NLS-1$ //$NON-NLS-2$

		private final String tag;
		private final String keyType;

		Algorithm(String tag, String keyType) {
			this.tag = tag;
			this.keyType = keyType;
		}

		/** @return the {@code a=} value of a signature */
		public String tag() {
			return tag;
		}

		/** @return the {@code k=} value of the DNS record */
		public String keyType() {
			return keyType;
		}
	}

	public DkimKey {
		Objects.requireNonNull(domain, "domain"); //$NON-NLS-1$
		Objects.requireNonNull(selector, "selector"); //$NON-NLS-1$
		Objects.requireNonNull(algorithm, "algorithm"); //$NON-NLS-1$
		Objects.requireNonNull(publicKeyBase64, "publicKeyBase64"); //$NON-NLS-1$
		Objects.requireNonNull(created, "created"); //$NON-NLS-1$
	}

	/** @return the DNS name of the TXT record: {@code selector._domainkey.domain} */
	public String dnsName() {
		return selector + "._domainkey." + domain; //$NON-NLS-1$
	}

	/** @return the TXT record's value, for example {@code v=DKIM1; k=rsa; p=MIIBIjANBg...} */
	public String txtRecord() {
		return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/**
	 * @return the record as a line of a zone file (BIND), its value cut into quoted strings of at most 255 characters
	 *         as DNS requires (an RSA 2048 record is longer): {@code name. IN TXT ( "v=DKIM1; k=rsa; p=..." "..." )}
	 */
	public String zoneFileRecord() {
		String value = txtRecord();
		StringBuilder sb = new StringBuilder(dnsName()).append(". IN TXT ("); //$NON-NLS-1$
		for (int i = 0; i < value.length(); i += 255) {
			sb.append(" \"").append(value, i, Math.min(value.length(), i + 255)).append('"'); //$NON-NLS-1$
		}
		return sb.append(" )").toString(); //$NON-NLS-1$
	}
}
