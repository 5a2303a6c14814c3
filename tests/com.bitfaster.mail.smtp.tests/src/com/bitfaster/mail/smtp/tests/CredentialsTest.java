package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** The SMTP transport signs in with credentials asked for per connection: a password, or an OAuth2 token (XOAUTH2). */
class CredentialsTest {

	private static final String PASSWORD = "cred-Pa55"; //$NON-NLS-1$

	@TempDir
	Path dir;
	private Fixture fx;
	private GreenMail mail;

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
		mail = LoopbackGreenMail.start(GreenMailConfiguration.aConfig().withUser("alice@bitfaster.test", "alice", PASSWORD), //$NON-NLS-1$ //$NON-NLS-2$
				ServerSetup.PROTOCOL_SMTP);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
		mail.stop();
	}

	private static Credentials of(Credentials.Kind kind, String secret) {
		return new Credentials() {
			@Override
			public Kind kind() {
				return kind;
			}

			@Override
			public String username() {
				return "alice"; //$NON-NLS-1$
			}

			@Override
			public Optional<char[]> secret() {
				return Optional.of(secret.toCharArray());
			}
		};
	}

	private TransportType smtp() throws CoreException {
		return fx.extensions.transportType("smtp").orElseThrow().transportType(); //$NON-NLS-1$
	}

	@Test
	void aPasswordSignsIn() throws Exception {
		MailServer server = fx.plaintextAuthServer("GreenMail", mail.getSmtp().getPort(), "alice", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Envelope envelope = Fixture.envelope(Fixture.message("cred", "alice@bitfaster.test"), "return@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"alice@bitfaster.test"); //$NON-NLS-1$
		Deliveries d = new Deliveries();
		try (TransportConnection c = smtp().connect(server, of(Credentials.Kind.PASSWORD, PASSWORD))) {
			c.send(List.of(envelope), d);
		}
		d.assertAll(List.of(envelope), Status.ACCEPTED);
		assertEquals(1, mail.getReceivedMessages().length);
	}

	/**
	 * GreenMail checks XOAUTH2 tokens as passwords, and takes only the one-line form: a short token. (Tokens over 1 KB,
	 * in two lines, are tested against Dovecot in com.bitfaster.mail.oauth.tests.)
	 */
	@Test
	void anOAuth2TokenSignsInWithXOAuth2() throws Exception {
		String token = "ey" + "T".repeat(200); //$NON-NLS-1$ //$NON-NLS-2$
		mail.getUserManager().createUser("bob@bitfaster.test", "bob", token); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer server = fx.server(MailServer.builder().name("GreenMail XOAUTH2").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(mail.getSmtp().getPort()).encryption("none").allowPlaintextAuth(true).username("bob").timeoutSeconds(5), null); //$NON-NLS-1$ //$NON-NLS-2$
		Envelope envelope = Fixture.envelope(Fixture.message("xoauth2", "alice@bitfaster.test"), "return@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"alice@bitfaster.test"); //$NON-NLS-1$
		Deliveries d = new Deliveries();
		try (TransportConnection c = smtp().connect(server, bob(token))) {
			c.send(List.of(envelope), d);
		}
		d.assertAll(List.of(envelope), Status.ACCEPTED);
		assertEquals(1, mail.getReceivedMessages().length);

		CoreException e = assertThrows(CoreException.class, () -> smtp().connect(server, bob("ey.wrong.token"))); //$NON-NLS-1$
		assertTrue(e.getStatus().getMessage().contains("refused the OAuth2 token of \"bob\""), e.getStatus().getMessage()); //$NON-NLS-1$
		assertTrue(!e.getStatus().getMessage().contains("wrong.token"), e.getStatus().getMessage()); //$NON-NLS-1$
	}

	private static Credentials bob(String token) {
		return new Credentials() {
			@Override
			public Kind kind() {
				return Kind.OAUTH2_TOKEN;
			}

			@Override
			public String username() {
				return "bob"; //$NON-NLS-1$
			}

			@Override
			public Optional<char[]> secret() {
				return Optional.of(token.toCharArray());
			}
		};
	}
}
