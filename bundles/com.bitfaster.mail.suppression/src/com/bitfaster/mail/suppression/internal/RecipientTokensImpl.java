package com.bitfaster.mail.suppression.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.suppression.RecipientTokens;

/**
 * The {@link RecipientTokens} service. The HMAC key, 32 random bytes, is made on first use under a cross-process lock
 * (so two programs starting at once agree on one key) and kept in Equinox secure storage under {@value #SECURE_NODE};
 * it is never written to a file.
 */
@Component(service = RecipientTokens.class)
public class RecipientTokensImpl implements RecipientTokens {

	static final String SECURE_NODE = "com.bitfaster.mail/suppression"; //$NON-NLS-1$
	static final String KEY_ID = "recipient-tokens"; //$NON-NLS-1$
	static final String KEY_NAME = "hmac-sha256"; //$NON-NLS-1$
	static final byte VERSION = 1;
	private static final int CAMPAIGN_BYTES = 5;
	private static final int RECIPIENT_BYTES = 7;
	private static final int MAC_BYTES = 8;
	private static final int TOKEN_BYTES = 1 + CAMPAIGN_BYTES + RECIPIENT_BYTES + MAC_BYTES;

	private Path folder;
	private SecureSecrets secrets;
	private volatile SecretKeySpec key;

	/** For Declarative Services. */
	public RecipientTokensImpl() {
	}

	/** Outside Declarative Services: the key's lock in {@code folder}, the key in {@code secrets}. */
	public RecipientTokensImpl(Path folder, SecureSecrets secrets) {
		this.folder = folder;
		this.secrets = secrets;
	}

	@Activate
	void activate() {
		folder = Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath();
		secrets = SecureSecrets.ofDefault(SECURE_NODE);
	}

	@Override
	public String issue(Purpose purpose, String campaignId, String address) throws CoreException {
		byte[] token = new byte[TOKEN_BYTES];
		token[0] = VERSION;
		HexFormat hex = HexFormat.of();
		System.arraycopy(hex.parseHex(RecipientTokens.campaignKey(campaignId)), 0, token, 1, CAMPAIGN_BYTES);
		System.arraycopy(hex.parseHex(RecipientTokens.recipientKey(address)), 0, token, 1 + CAMPAIGN_BYTES,
				RECIPIENT_BYTES);
		byte[] mac = mac(purpose, token);
		System.arraycopy(mac, 0, token, TOKEN_BYTES - MAC_BYTES, MAC_BYTES);
		return Base32.encode(token);
	}

	@Override
	public Optional<TokenSubject> verify(Purpose purpose, String token) throws CoreException {
		if (token == null || token.length() != TOKEN_LENGTH) {
			return Optional.empty();
		}
		byte[] bytes = Base32.decode(token);
		if (bytes == null || bytes.length != TOKEN_BYTES || bytes[0] != VERSION) {
			return Optional.empty();
		}
		byte[] expected = Arrays.copyOf(mac(purpose, bytes), MAC_BYTES);
		byte[] given = Arrays.copyOfRange(bytes, TOKEN_BYTES - MAC_BYTES, TOKEN_BYTES);
		if (!MessageDigest.isEqual(expected, given)) {
			return Optional.empty();
		}
		HexFormat hex = HexFormat.of();
		return Optional.of(new TokenSubject(hex.formatHex(bytes, 1, 1 + CAMPAIGN_BYTES),
				hex.formatHex(bytes, 1 + CAMPAIGN_BYTES, 1 + CAMPAIGN_BYTES + RECIPIENT_BYTES)));
	}

	/** @return HMAC-SHA256(key, purpose | the token's first 13 bytes) */
	private byte[] mac(Purpose purpose, byte[] token) throws CoreException {
		try {
			Mac mac = Mac.getInstance("HmacSHA256"); //$NON-NLS-1$
			mac.init(key());
			mac.update(purpose.code());
			mac.update(token, 0, TOKEN_BYTES - MAC_BYTES);
			return mac.doFinal();
		} catch (GeneralSecurityException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.Tokens_noKey, e.getMessage()), e));
		}
	}

	private SecretKeySpec key() throws CoreException {
		SecretKeySpec k = key;
		if (k != null) {
			return k;
		}
		synchronized (this) {
			if (key == null) {
				key = loadOrMake();
			}
			return key;
		}
	}

	private SecretKeySpec loadOrMake() throws CoreException {
		try (CrossProcessLock lock = CrossProcessLock.acquire(folder.resolve("recipient-tokens.lock"))) { //$NON-NLS-1$
			Optional<char[]> stored = secrets.get(KEY_ID, KEY_NAME);
			if (stored.isPresent()) {
				char[] chars = stored.get();
				try {
					return new SecretKeySpec(Base64.getDecoder().decode(new String(chars)), "HmacSHA256"); //$NON-NLS-1$
				} catch (IllegalArgumentException e) {
					throw new CoreException(Status.error(Messages.bind(Messages.Tokens_noKey, "not Base64"))); //$NON-NLS-1$
				} finally {
					Arrays.fill(chars, '\0');
				}
			}
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			char[] chars = Base64.getEncoder().encodeToString(bytes).toCharArray();
			try {
				secrets.put(KEY_ID, Map.of(KEY_NAME, chars));
			} finally {
				Arrays.fill(chars, '\0');
			}
			return new SecretKeySpec(bytes, "HmacSHA256"); //$NON-NLS-1$
		} catch (IOException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.Tokens_noKey, e.getMessage()), e));
		}
	}
}
