package com.bitfaster.mail.dkim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKey.Algorithm;
import com.bitfaster.mail.dkim.internal.DkimKeysImpl;
import com.bitfaster.mail.tests.support.SecureStores;

/** Keys generated, imported (PEM made by OpenSSL), listed, refused and removed; the private key never in the file. */
class DkimKeysTest {

	private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z"); //$NON-NLS-1$

	@TempDir
	Path dir;
	private ISecurePreferences secure;
	private DkimKeysImpl keys;

	@BeforeEach
	void setUp() throws Exception {
		secure = SecureStores.throwaway(dir);
		keys = new DkimKeysImpl(dir.resolve("data"), new SecureSecrets(() -> secure, "com.bitfaster.mail/dkim"), //$NON-NLS-1$ //$NON-NLS-2$
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void generatedKeysAreListedPerDomainWithTheirRecord() throws Exception {
		DkimKey rsa = keys.generate("Example.TEST.", "mail2026", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		DkimKey ed = keys.generate("example.test", "ed2026", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.generate("other.test", "s1", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$

		assertEquals("example.test", rsa.domain()); //$NON-NLS-1$
		assertEquals("mail2026._domainkey.example.test", rsa.dnsName()); //$NON-NLS-1$
		assertTrue(rsa.txtRecord().startsWith("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"), //$NON-NLS-1$
				rsa.txtRecord()); // a 2048-bit SubjectPublicKeyInfo
		assertEquals(294, Base64.getDecoder().decode(rsa.publicKeyBase64()).length);
		assertEquals("v=DKIM1; k=ed25519; p=" + ed.publicKeyBase64(), ed.txtRecord()); //$NON-NLS-1$
		assertEquals(32, Base64.getDecoder().decode(ed.publicKeyBase64()).length, "RFC 8463: the raw key"); //$NON-NLS-1$
		assertEquals(NOW, ed.created());

		assertEquals(List.of(ed, rsa), keys.forDomain("EXAMPLE.test")); //$NON-NLS-1$
		assertEquals(3, keys.list().size());
		assertEquals(List.of(), keys.forDomain("none.test")); //$NON-NLS-1$

		// Another program on the same folder and storage sees them.
		DkimKeysImpl other = new DkimKeysImpl(dir.resolve("data"), new SecureSecrets(() -> secure, "com.bitfaster.mail/dkim"), //$NON-NLS-1$ //$NON-NLS-2$
				Clock.systemUTC());
		assertEquals(keys.list(), other.list());

		// The file holds public halves only; the private keys are in secure storage, encrypted.
		String file = Files.readString(keys.file());
		assertTrue(file.contains(rsa.publicKeyBase64()), file);
		assertFalse(file.contains("pkcs8") || file.contains("PRIVATE"), file); //$NON-NLS-1$ //$NON-NLS-2$
		ISecurePreferences node = secure.node("com.bitfaster.mail/dkim/" + rsa.dnsName()); //$NON-NLS-1$
		assertTrue(node.isEncrypted("pkcs8")); //$NON-NLS-1$
		byte[] pkcs8 = Base64.getDecoder().decode(node.get("pkcs8", null)); //$NON-NLS-1$
		String stored = new String(Files.readAllBytes(dir.resolve("secure_storage")), StandardCharsets.ISO_8859_1); //$NON-NLS-1$
		assertFalse(stored.contains(Base64.getEncoder().encodeToString(pkcs8)), "the key is not in clear text"); //$NON-NLS-1$
		assertEquals("RSA", keys.privateKey(rsa).getAlgorithm()); //$NON-NLS-1$
	}

	@Test
	void refusals() throws Exception {
		keys.generate("example.test", "s1", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		CoreException same = assertThrows(CoreException.class,
				() -> keys.generate("example.test", "S1", Algorithm.ED25519_SHA256)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("example.test already has a key with selector \"s1\"; remove it first.", same.getMessage()); //$NON-NLS-1$
		CoreException twoRsa = assertThrows(CoreException.class,
				() -> keys.generate("example.test", "s2", Algorithm.RSA_SHA256)); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(twoRsa.getMessage().contains("at most one RSA and one Ed25519 key"), twoRsa.getMessage()); //$NON-NLS-1$
		assertThrows(CoreException.class, () -> keys.generate("not a domain", "s1", Algorithm.RSA_SHA256)); //$NON-NLS-1$ //$NON-NLS-2$
		assertThrows(CoreException.class, () -> keys.generate("localhost", "s1", Algorithm.RSA_SHA256)); //$NON-NLS-1$ //$NON-NLS-2$
		assertThrows(CoreException.class, () -> keys.generate("example.test", "s 1", Algorithm.RSA_SHA256)); //$NON-NLS-1$ //$NON-NLS-2$
		assertThrows(CoreException.class, () -> keys.importKey("example.test", "s3", "not a key")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		CoreException missing = assertThrows(CoreException.class, () -> keys.remove("example.test", "nope")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("No DKIM key for example.test with selector \"nope\".", missing.getMessage()); //$NON-NLS-1$
		assertEquals(1, keys.list().size());
	}

	@Test
	void removeTakesThePrivateKeyToo() throws Exception {
		DkimKey k = keys.generate("example.test", "s1", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(secure.nodeExists("com.bitfaster.mail/dkim/" + k.dnsName())); //$NON-NLS-1$
		keys.remove("EXAMPLE.test", "s1"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(), keys.list());
		assertFalse(secure.nodeExists("com.bitfaster.mail/dkim/" + k.dnsName())); //$NON-NLS-1$
	}

	@Test
	void importsOpenSslKeysWithTheirPublicHalf() throws Exception {
		for (String algorithm : List.of("RSA", "ED25519")) { //$NON-NLS-1$ //$NON-NLS-2$
			Path pem = dir.resolve(algorithm + ".pem"); //$NON-NLS-1$
			List<String> gen = algorithm.equals("RSA") //$NON-NLS-1$
					? List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pem.toString()) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
					: List.of("openssl", "genpkey", "-algorithm", "ED25519", "-out", pem.toString()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			Tools.run(dir, gen);
			byte[] spki = Tools.runBytes(dir, List.of("openssl", "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
			byte[] expected = algorithm.equals("RSA") ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length); //$NON-NLS-1$
			DkimKey k = keys.importKey("import.test", "s-" + algorithm.toLowerCase(), Files.readString(pem)); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(algorithm.equals("RSA") ? Algorithm.RSA_SHA256 : Algorithm.ED25519_SHA256, k.algorithm()); //$NON-NLS-1$
			assertEquals(Base64.getEncoder().encodeToString(expected), k.publicKeyBase64(), algorithm);
		}
		assertEquals(2, keys.forDomain("import.test").size()); //$NON-NLS-1$
	}
}
