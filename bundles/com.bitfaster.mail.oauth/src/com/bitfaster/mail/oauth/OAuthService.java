package com.bitfaster.mail.oauth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.bitfaster.mail.core.MailServer;

/**
 * OAuth2 sign-in for mail servers whose authentication method is {@code oauth2}: the organisation's own application
 * (client id, and a client secret when the provider needs one) at Microsoft 365, Google or any OpenID provider.
 * <p>
 * Tokens and the client secret live only in Equinox secure storage. {@link #accessToken(MailServer)} returns a token
 * that is valid for a while yet, refreshing it first when it is about to expire; refreshes of one server are done
 * one at a time across processes (the workbench and the command line), and a rotated refresh token is saved before
 * it is used again. Plain http is accepted only for authorization servers on loopback; everything else needs https.
 * </p>
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface OAuthService {

	/** Opens the user's browser on a URL; supplied by the UI (the headless bundle opens nothing itself). */
	@FunctionalInterface
	interface BrowserOpener {
		void open(URI uri) throws IOException;
	}

	/**
	 * Starts the device authorization flow (RFC 8628), for a terminal or a device without a browser.
	 *
	 * @throws OAuthException with a plain message when the provider refuses or cannot be reached
	 */
	DeviceSignIn startDeviceSignIn(MailServer server) throws OAuthException;

	/**
	 * Runs the authorization code flow with PKCE (RFC 7636) through the browser, receiving the answer on a loopback
	 * redirect (RFC 8252, {@code http://127.0.0.1:PORT/callback}), and stores the tokens.
	 *
	 * @param browser   opens the provider's sign-in page
	 * @param limit     how long the user has to finish
	 * @param cancelled asked while waiting; {@code true} ends the wait
	 */
	SignInState signInWithBrowser(MailServer server, BrowserOpener browser, Duration limit, BooleanSupplier cancelled)
			throws OAuthException;

	/** @return who is signed in for the server, when someone is */
	Optional<SignInState> signInState(MailServer server);

	/**
	 * @return an access token valid for a while yet (refreshed first when needed); the caller clears the array
	 * @throws OAuthException {@link OAuthException.Reason#SIGN_IN_AGAIN} when nobody is signed in or the consent was
	 *                        revoked or expired
	 */
	char[] accessToken(MailServer server) throws OAuthException;

	/** Revokes the refresh token at the provider where it can, and forgets every token of the server. */
	void signOut(MailServer server);

	/** Stores, or with {@code null} removes, the client secret of the server's application. */
	void setClientSecret(MailServer server, char[] secret);
}
