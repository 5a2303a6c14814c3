package com.bitfaster.mail.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A device authorization (RFC 8628) in progress: the user opens {@link #verificationUri()} on any device and enters
 * {@link #userCode()}; {@link #await(BooleanSupplier)} waits until they have, then stores the tokens.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface DeviceSignIn {

	String userCode();

	URI verificationUri();

	/** @return the verification URI with the code in it, when the provider offers one; else {@link #verificationUri()} */
	URI verificationUriComplete();

	/** @return when the code expires */
	Instant expires();

	/**
	 * Polls the provider at the interval it asked for until the user approved or declined, or the code expired.
	 *
	 * @param cancelled asked between polls; {@code true} ends the wait with {@link OAuthException.Reason#CANCELLED}
	 * @return the new sign-in state; the tokens are in secure storage
	 */
	SignInState await(BooleanSupplier cancelled) throws OAuthException;
}
