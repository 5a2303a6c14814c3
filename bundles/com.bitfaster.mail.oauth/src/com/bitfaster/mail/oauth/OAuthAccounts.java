package com.bitfaster.mail.oauth;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.oauth.internal.OAuthServiceImpl;
import com.bitfaster.mail.oauth.internal.TokenStore;

/**
 * OAuth2 for accounts that are not sending servers of the registry, such as the bounce mailbox: the same sign-in
 * flows, refreshes (one at a time across processes) and rules as {@link OAuthService}, with the tokens in a secure
 * storage node of the caller's. The account is described as a {@link MailServer}: its {@link MailServer#id() id}
 * names its tokens and lock, its {@link MailServer#authSettings() authentication settings} ({@link OAuthSettings}) the
 * provider and application, its user name the login.
 */
public final class OAuthAccounts {

	private OAuthAccounts() {
	}

	/** @return an {@link OAuthService} whose tokens live in {@code secrets} (never in a file) */
	public static OAuthService inSecureStorage(SecureSecrets secrets) {
		return OAuthServiceImpl.forStore(TokenStore.of(secrets));
	}
}
