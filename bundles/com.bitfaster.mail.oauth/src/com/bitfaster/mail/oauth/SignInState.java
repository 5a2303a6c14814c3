package com.bitfaster.mail.oauth;

import java.time.Instant;

/**
 * Who is signed in for a server, and until when the current access token is valid (it is refreshed before then, as
 * long as the refresh token is valid).
 *
 * @param account            the signed-in account as the provider named it (e-mail or user name); may be empty
 * @param accessTokenExpires when the current access token expires
 */
public record SignInState(String account, Instant accessTokenExpires) {
}
