package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.oauth.DeviceSignIn;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.SignInState;

/** What {@code servers login|logout} do: OAuth2 sign-in with a code (device authorization, RFC 8628). */
final class OAuthActions {

	private final Services services;
	private final PrintStream out;

	OAuthActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	private MailServer oauthServer(String name) throws CliException {
		MailServer s = ServerActions.byName(services.get(ServerRegistry.class), name);
		if (!MailServer.AUTH_OAUTH2.equals(s.authMethod())) {
			throw CliException.usage(NLS.bind(Messages.OAuth_notOAuth, s.name(), s.authMethod()));
		}
		return s;
	}

	/** Prints the URL and the code, waits until the user approved, stores the tokens (in secure storage only). */
	void login(String name, Integer waitSeconds, boolean browser) throws CliException {
		login(oauthServer(name), services.get(OAuthService.class), waitSeconds, browser);
	}

	/** {@link #login(String, Integer, boolean)} for any account: a server's, or the bounce mailbox's. */
	void login(MailServer s, OAuthService oauth, Integer waitSeconds, boolean browser) throws CliException {
		if (browser) {
			loginWithBrowser(s, oauth, waitSeconds);
			return;
		}
		try {
			DeviceSignIn device = oauth.startDeviceSignIn(s);
			out.println(NLS.bind(Messages.OAuth_openUrl, device.verificationUri(), device.userCode()));
			if (!device.verificationUriComplete().equals(device.verificationUri())) {
				out.println(NLS.bind(Messages.OAuth_orUrl, device.verificationUriComplete()));
			}
			out.println(NLS.bind(Messages.OAuth_waiting, time(device.expires())));
			out.flush();
			Instant giveUp = waitSeconds == null ? null : Instant.now().plus(Duration.ofSeconds(waitSeconds));
			SignInState state = device.await(() -> giveUp != null && Instant.now().isAfter(giveUp));
			out.println(NLS.bind(Messages.OAuth_signedIn, new Object[] { s.name(),
					state.account().isEmpty() ? s.username() : state.account(), time(state.accessTokenExpires()) }));
		} catch (OAuthException e) {
			throw CliException.failed(e.getMessage());
		}
	}

	/**
	 * The authorization code flow with PKCE: prints the provider's sign-in URL for a browser on this computer, which
	 * comes back to a listener on 127.0.0.1 (Google allows mail access only this way, not with a code).
	 */
	private void loginWithBrowser(MailServer s, OAuthService oauth, Integer waitSeconds) throws CliException {
		try {
			SignInState state = oauth.signInWithBrowser(s, uri -> {
				out.println(Messages.OAuth_openBrowser);
				out.println(uri);
				out.flush();
			}, Duration.ofSeconds(waitSeconds == null ? 300 : waitSeconds), () -> false);
			out.println(NLS.bind(Messages.OAuth_signedIn, new Object[] { s.name(),
					state.account().isEmpty() ? s.username() : state.account(), time(state.accessTokenExpires()) }));
		} catch (OAuthException e) {
			throw CliException.failed(e.getMessage());
		}
	}

	void logout(String name) throws CliException {
		logout(oauthServer(name), services.get(OAuthService.class));
	}

	void logout(MailServer s, OAuthService oauth) {
		oauth.signOut(s);
		out.println(NLS.bind(Messages.OAuth_signedOut, s.name()));
	}

	private static String time(Instant instant) {
		return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault()).format(instant);
	}
}
