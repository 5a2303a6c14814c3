package com.bitfaster.mail.oauth.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.internal.OAuthServiceImpl;
import com.bitfaster.mail.tests.support.TestRegistries;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/** The one-line messages for what the provider answers (the answers as Microsoft and Google word them). */
class OAuthMessagesTest {

	@TempDir
	Path dir;

	private final MailServer server = MailServer.builder().name("Office").host("smtp.office365.com").port(587) //$NON-NLS-1$ //$NON-NLS-2$
			.username("a@example.test").authMethod(MailServer.AUTH_OAUTH2).build(); //$NON-NLS-1$

	private OAuthServiceImpl service() {
		return new OAuthServiceImpl(TestRegistries.onFolder(dir, OAuthFixture.extensions()), dir, Clock.systemUTC());
	}

	@Test
	void aProviderClockHoursAwayIsNamedAsClockSkew() {
		HTTPResponse http = new HTTPResponse(400);
		http.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME //$NON-NLS-1$
				.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(3)));
		OAuthException e = service().error(server, OAuth2Error.INVALID_GRANT, http);
		assertEquals(OAuthException.Reason.CLOCK_SKEW, e.reason());
		assertTrue(e.getMessage().contains("clock is 3 hours off"), e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void expiredConsentSaysSignInAgain() {
		HTTPResponse http = new HTTPResponse(400);
		http.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))); //$NON-NLS-1$
		ErrorObject aad = new ErrorObject("invalid_grant", //$NON-NLS-1$
				"AADSTS700082: The refresh token has expired due to inactivity."); //$NON-NLS-1$
		OAuthException e = service().error(server, aad, http);
		assertEquals(OAuthException.Reason.SIGN_IN_AGAIN, e.reason());
		assertTrue(e.getMessage().contains("sign in again"), e.getMessage()); //$NON-NLS-1$
	}
}
