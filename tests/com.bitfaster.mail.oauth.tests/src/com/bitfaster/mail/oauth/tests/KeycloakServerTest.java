package com.bitfaster.mail.oauth.tests;

import com.bitfaster.mail.tests.support.oauth.KeycloakServer;
import com.bitfaster.mail.tests.support.oauth.Browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: Keycloak runs on loopback with the test realm and announces what the product needs. */
@ExtendWith(KeycloakServer.class)
class KeycloakServerTest {

	@Test
	void discoveryListsTheEndpointsTheProductUses() throws Exception {
		KeycloakServer kc = KeycloakServer.get();
		Browser.Page page = new Browser().get(URI.create(kc.issuer() + "/.well-known/openid-configuration")); //$NON-NLS-1$
		assertEquals(200, page.status());
		assertTrue(page.body().contains("\"issuer\":\"" + kc.issuer() + "\""), page.body()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(page.body().contains("\"device_authorization_endpoint\""), page.body()); //$NON-NLS-1$
		assertTrue(page.body().contains("\"introspection_endpoint\""), page.body()); //$NON-NLS-1$
		assertTrue(page.body().contains("\"revocation_endpoint\""), page.body()); //$NON-NLS-1$
		assertTrue(page.body().contains("\"S256\""), page.body()); //$NON-NLS-1$
	}
}
