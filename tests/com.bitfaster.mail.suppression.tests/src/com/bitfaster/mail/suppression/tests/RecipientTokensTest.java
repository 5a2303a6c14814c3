package com.bitfaster.mail.suppression.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.RecipientTokens.Purpose;
import com.bitfaster.mail.suppression.RecipientTokens.TokenSubject;
import com.bitfaster.mail.suppression.internal.RecipientTokensImpl;
import com.bitfaster.mail.tests.support.SecureStores;

class RecipientTokensTest {

	@TempDir
	Path dir;
	private ISecurePreferences secure;
	private RecipientTokens tokens;

	@BeforeEach
	void setUp() throws Exception {
		secure = SecureStores.throwaway(dir);
		tokens = newTokens();
	}

	private RecipientTokens newTokens() {
		return new RecipientTokensImpl(dir.resolve("data"), new SecureSecrets(() -> secure, "com.bitfaster.mail/suppression"));
	}

	@Test
	void roundTripNamesCampaignAndRecipient() throws Exception {
		String token = tokens.issue(Purpose.BOUNCE, "spring-sale", "Ann.Smith@Example.COM");
		assertEquals(RecipientTokens.TOKEN_LENGTH, token.length());
		assertTrue(token.matches("[a-z2-7]{34}"), token);
		Optional<TokenSubject> subject = tokens.verify(Purpose.BOUNCE, token);
		assertEquals(Optional.of(new TokenSubject(RecipientTokens.campaignKey("spring-sale"),
				RecipientTokens.recipientKey("ann.smith@example.com"))), subject);
		assertEquals(10, subject.get().campaignKey().length());
		assertEquals(14, subject.get().recipientKey().length());
		// Servers may upper-case a local part; the token still verifies.
		assertEquals(subject, tokens.verify(Purpose.BOUNCE, token.toUpperCase()));
	}

	@Test
	void keyIsMadeOnceAndSharedByAnotherInstance() throws Exception {
		String token = tokens.issue(Purpose.UNSUBSCRIBE, "c1", "a@example.com");
		RecipientTokens other = newTokens();
		assertTrue(other.verify(Purpose.UNSUBSCRIBE, token).isPresent());
		assertEquals(token, other.issue(Purpose.UNSUBSCRIBE, "c1", "a@example.com"));
		// never in a file of the data folder
		try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				assertEquals(0, Files.size(f), "only the empty lock file: " + f);
			}
		}
	}

	@Test
	void forgedAlteredOrOtherPurposeRefused() throws Exception {
		String token = tokens.issue(Purpose.BOUNCE, "c1", "a@example.com");
		assertTrue(tokens.verify(Purpose.UNSUBSCRIBE, token).isEmpty(), "other purpose");
		for (int i = 0; i < token.length(); i++) {
			char[] c = token.toCharArray();
			c[i] = c[i] == 'a' ? 'b' : 'a';
			String altered = new String(c);
			assertNotEquals(token, altered);
			assertTrue(tokens.verify(Purpose.BOUNCE, altered).isEmpty(), "altered at " + i);
		}
		// the same layout signed with another organisation's key
		ISecurePreferences otherStore = SecureStores.throwaway(dir.resolve("other"));
		RecipientTokens otherOrg = new RecipientTokensImpl(dir.resolve("other-data"),
				new SecureSecrets(() -> otherStore, "com.bitfaster.mail/suppression"));
		String forged = otherOrg.issue(Purpose.BOUNCE, "c1", "a@example.com");
		assertNotEquals(token, forged);
		assertTrue(tokens.verify(Purpose.BOUNCE, forged).isEmpty(), "forged");
		assertTrue(tokens.verify(Purpose.BOUNCE, "").isEmpty());
		assertTrue(tokens.verify(Purpose.BOUNCE, token.substring(1)).isEmpty());
		assertTrue(tokens.verify(Purpose.BOUNCE, token.substring(0, 33) + "!").isEmpty());
	}

	@Test
	void fitsTheLocalPartAndIsFoundInAnAddress() throws Exception {
		String token = tokens.issue(Purpose.UNSUBSCRIBE, "a campaign with a long name", "x@example.com");
		assertTrue(("unsubscribe+" + token).length() <= 64);
		assertTrue(("bounce+" + token).length() <= 64);
		assertEquals(Optional.of(token), RecipientTokens.tokenOf("<bounce+" + token + "@bounce.example.com>", "bounce"));
		assertEquals(Optional.of(token), RecipientTokens.tokenOf("Bounce+" + token.toUpperCase() + "@b.example.com", "bounce"));
		assertEquals(Optional.empty(), RecipientTokens.tokenOf("bounce+" + token + "@b.example.com", "unsubscribe"));
		assertEquals(Optional.empty(), RecipientTokens.tokenOf("bounce+short@b.example.com", "bounce"));
		assertEquals(Optional.empty(), RecipientTokens.tokenOf("someone@b.example.com", "bounce"));
	}

	@Test
	void keysFollowTheDocumentedLayout() {
		// SHA-256("") starts e3b0c44298fc1c14
		assertEquals("e3b0c44298", RecipientTokens.campaignKey(""));
		assertEquals(RecipientTokens.recipientKey("a@example.com"), RecipientTokens.recipientKey(" A@Example.com "));
		assertNotEquals(RecipientTokens.campaignKey("c1"), RecipientTokens.campaignKey("c2"));
	}
}
