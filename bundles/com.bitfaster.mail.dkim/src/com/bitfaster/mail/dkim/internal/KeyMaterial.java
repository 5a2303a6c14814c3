package com.bitfaster.mail.dkim.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import com.bitfaster.mail.dkim.DkimKey.Algorithm;

/** Keys made, read and written with the JDK's own crypto. */
public final class KeyMaterial {

	/** Bits of a generated RSA key. */
	public static final int RSA_BITS = 2048;

	/** A private key and the {@code p=} value of its public half. */
	public record Pair(Algorithm algorithm, byte[] pkcs8, String publicKeyBase64) {
	}

	private KeyMaterial() {
	}

	public static Pair generate(Algorithm algorithm) throws GeneralSecurityException {
		KeyPair pair;
		if (algorithm == Algorithm.RSA_SHA256) {
			KeyPairGenerator g = KeyPairGenerator.getInstance("RSA"); //$NON-NLS-1$
			g.initialize(RSA_BITS);
			pair = g.generateKeyPair();
		} else {
			pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair(); //$NON-NLS-1$
		}
		return new Pair(algorithm, pair.getPrivate().getEncoded(), publicValue(algorithm, pair.getPublic()));
	}

	/** @return the {@code p=} value: the SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519 (RFC 8463) */
	static String publicValue(Algorithm algorithm, PublicKey key) {
		byte[] spki = key.getEncoded();
		byte[] value = algorithm == Algorithm.RSA_SHA256 ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length);
		return Base64.getEncoder().encodeToString(value);
	}

	/**
	 * Reads a PKCS#8 PEM private key.
	 *
	 * @throws IllegalArgumentException with a one-line reason when the text is not an RSA (1024 to 4096 bits) or
	 *                                  Ed25519 private key in PKCS#8 PEM
	 */
	public static Pair importPem(String pem) {
		String text = pem == null ? "" : pem.strip(); //$NON-NLS-1$
		if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN ENCRYPTED PRIVATE KEY") //$NON-NLS-1$ //$NON-NLS-2$
				|| text.contains("BEGIN OPENSSH PRIVATE KEY")) { //$NON-NLS-1$
			throw new IllegalArgumentException(Messages.Import_notPkcs8);
		}
		int begin = text.indexOf("-----BEGIN PRIVATE KEY-----"); //$NON-NLS-1$
		int end = text.indexOf("-----END PRIVATE KEY-----"); //$NON-NLS-1$
		if (begin < 0 || end < begin) {
			throw new IllegalArgumentException(Messages.Import_notPem);
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder()
					.decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).strip()); //$NON-NLS-1$
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(Messages.Import_notPem);
		}
		try {
			PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)); //$NON-NLS-1$
			if (key instanceof RSAPrivateCrtKey rsa) {
				int bits = rsa.getModulus().bitLength();
				if (bits < 1024 || bits > 4096) {
					throw new IllegalArgumentException(Messages.bind(Messages.Import_rsaSize, bits));
				}
				PublicKey pub = KeyFactory.getInstance("RSA") //$NON-NLS-1$
						.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
				return new Pair(Algorithm.RSA_SHA256, key.getEncoded(), publicValue(Algorithm.RSA_SHA256, pub));
			}
			throw new IllegalArgumentException(Messages.Import_notPkcs8);
		} catch (GeneralSecurityException e) {
			// not RSA: try Ed25519
		}
		try {
			PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)); //$NON-NLS-1$
			byte[] seed = ed25519Seed(key.getEncoded());
			return new Pair(Algorithm.ED25519_SHA256, key.getEncoded(),
					Base64.getEncoder().encodeToString(Ed25519.publicKey(seed)));
		} catch (GeneralSecurityException | RuntimeException e) {
			throw new IllegalArgumentException(Messages.Import_unsupported);
		}
	}

	/** @return the private key stored as PKCS#8 */
	public static PrivateKey privateKey(Algorithm algorithm, byte[] pkcs8) throws GeneralSecurityException {
		return KeyFactory.getInstance(algorithm == Algorithm.RSA_SHA256 ? "RSA" : "Ed25519") //$NON-NLS-1$ //$NON-NLS-2$
				.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
	}

	/**
	 * @return the 32-byte seed of an Ed25519 PKCS#8 key: the last OCTET STRING (04 20 ...) inside the privateKey field
	 */
	static byte[] ed25519Seed(byte[] pkcs8) {
		// RFC 8410: ... OCTET STRING { OCTET STRING (32) seed } [, attributes, public key]. The JDK writes v1 without
		// extras; OpenSSL too. Find "04 22 04 20" and take the 32 bytes after it.
		for (int i = 0; i + 4 + 32 <= pkcs8.length; i++) {
			if (pkcs8[i] == 0x04 && pkcs8[i + 1] == 0x22 && pkcs8[i + 2] == 0x04 && pkcs8[i + 3] == 0x20) {
				return Arrays.copyOfRange(pkcs8, i + 4, i + 4 + 32);
			}
		}
		throw new IllegalArgumentException("no Ed25519 seed"); //$NON-NLS-1$
	}

	/** @return the PEM text of a private key (for tests and export) */
	public static String pem(byte[] pkcs8) {
		return "-----BEGIN PRIVATE KEY-----\n" //$NON-NLS-1$
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8) //$NON-NLS-1$
				+ "\n-----END PRIVATE KEY-----\n"; //$NON-NLS-1$
	}

	/**
	 * The public key of an Ed25519 seed (RFC 8032 section 5.1.5), which the JDK does not expose: only needed when a key
	 * is imported, so plain BigInteger arithmetic in extended coordinates suffices.
	 */
	static final class Ed25519 {
		private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
		private static final BigInteger D = BigInteger.valueOf(-121665)
				.multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
		private static final BigInteger GY = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
		private static final BigInteger GX = recoverX(GY, 0);

		private Ed25519() {
		}

		static byte[] publicKey(byte[] seed) throws GeneralSecurityException {
			byte[] h = MessageDigest.getInstance("SHA-512").digest(seed); //$NON-NLS-1$
			byte[] a = Arrays.copyOf(h, 32);
			a[0] &= (byte) 248;
			a[31] &= 127;
			a[31] |= 64;
			BigInteger s = new BigInteger(1, reverse(a));
			BigInteger[] point = multiply(s, new BigInteger[] { GX, GY, BigInteger.ONE, GX.multiply(GY).mod(P) });
			BigInteger zInv = point[2].modInverse(P);
			BigInteger x = point[0].multiply(zInv).mod(P);
			BigInteger y = point[1].multiply(zInv).mod(P);
			byte[] out = new byte[32];
			byte[] yb = y.toByteArray();
			for (int i = 0; i < yb.length && i < 32; i++) {
				out[i] = yb[yb.length - 1 - i];
			}
			if (x.testBit(0)) {
				out[31] |= (byte) 0x80;
			}
			return out;
		}

		private static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
			BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
			BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
			BigInteger c = BigInteger.TWO.multiply(p[3]).multiply(q[3]).multiply(D).mod(P);
			BigInteger d = BigInteger.TWO.multiply(p[2]).multiply(q[2]).mod(P);
			BigInteger e = b.subtract(a);
			BigInteger f = d.subtract(c);
			BigInteger g = d.add(c);
			BigInteger hh = b.add(a);
			return new BigInteger[] { e.multiply(f).mod(P), g.multiply(hh).mod(P), f.multiply(g).mod(P),
					e.multiply(hh).mod(P) };
		}

		private static BigInteger[] multiply(BigInteger s, BigInteger[] p) {
			BigInteger[] q = { BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO };
			BigInteger[] base = p;
			for (int i = 0; i < s.bitLength(); i++) {
				if (s.testBit(i)) {
					q = add(q, base);
				}
				base = add(base, base);
			}
			return q;
		}

		private static BigInteger recoverX(BigInteger y, int sign) {
			BigInteger x2 = y.multiply(y).subtract(BigInteger.ONE)
					.multiply(D.multiply(y).multiply(y).add(BigInteger.ONE).modInverse(P)).mod(P);
			BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).divide(BigInteger.valueOf(8)), P);
			if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
				BigInteger sqrtM1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(4)), P);
				x = x.multiply(sqrtM1).mod(P);
			}
			if (x.testBit(0) != (sign == 1)) {
				x = P.subtract(x);
			}
			return x;
		}

		private static byte[] reverse(byte[] b) {
			byte[] r = new byte[b.length];
			for (int i = 0; i < b.length; i++) {
				r[i] = b[b.length - 1 - i];
			}
			return r;
		}
	}
}
