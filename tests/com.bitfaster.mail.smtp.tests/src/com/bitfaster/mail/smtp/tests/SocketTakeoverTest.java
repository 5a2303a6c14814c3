package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.Envelope.Dsn;
import com.bitfaster.mail.core.Envelope.Notify;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.smtp.internal.ConnectionTesterImpl;
import com.bitfaster.mail.smtp.internal.PlainProvider;
import com.bitfaster.mail.smtp.internal.SmtpTransportType;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.bitfaster.mail.tests.support.TestCertificates;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Angus opens each connection and signs in; the connection then writes its own commands on the socket Angus talked
 * through, the last one the session's socket factories created. Where that socket cannot be had, messages go through
 * Angus's public API without pipelining, and Test Connection says so. This fails loudly, for each encryption, when an
 * Angus stops creating its socket through the session's factories (it replaces the canary on Angus's private field).
 */
class SocketTakeoverTest {

	private static final String OURS_WITHOUT_PIPELINING = "PIPELINING: no"; //$NON-NLS-1$

	@TempDir
	static Path certDir;
	private static Path trusted;

	@TempDir
	Path dir;
	private Fixture fx;
	private SMTPServer subetha;
	private GreenMail greenMail;

	@BeforeAll
	static void makeCertificates() throws Exception {
		trusted = TestCertificates.authority().signed(certDir, "localhost.p12", "localhost", "localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
		if (subetha != null) {
			subetha.stop();
		}
		if (greenMail != null) {
			greenMail.stop();
		}
	}

	private static String capabilities(DiagnosticReport report) {
		assertTrue(report.ok(), Fixture.describe(report));
		return report.steps().stream().filter(s -> s.name().equals("EHLO capabilities")).findFirst().orElseThrow() //$NON-NLS-1$
				.detail();
	}

	/** smtp-sink offers PIPELINING: the envelopes are ours and pipelined. */
	@Test
	void aPlainConnectionIsTakenOver() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			String ehlo = capabilities(fx.test(server, null));
			assertTrue(ehlo.endsWith("PIPELINING: yes, used"), ehlo); //$NON-NLS-1$
		}
	}

	/** SubEthaSMTP requires STARTTLS and offers no PIPELINING: the commands are ours, one at a time, over TLS. */
	@Test
	void aStartTlsConnectionIsTakenOver() throws Exception {
		List<String> senders = new CopyOnWriteArrayList<>();
		subetha = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost") //$NON-NLS-1$
				.messageHandler((context, from, to, data) -> senders.add(from)).enableTLS().requireTLS()
				.startTlsSocketFactory(TestCertificates.serverContext(trusted)).build();
		subetha.start();
		MailServer server = fx.server(MailServer.builder().name("SubEtha").host("localhost").port(subetha.getPortAllocated()) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption("starttls").timeoutSeconds(5), null); //$NON-NLS-1$
		String ehlo = capabilities(fx.test(server, null));
		assertTrue(ehlo.endsWith(OURS_WITHOUT_PIPELINING), ehlo);
		Envelope envelope = Fixture.envelope(Fixture.message("tls", "x@example.test"), "return@bitfaster.test", "bob@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Deliveries d = new Deliveries();
		try (TransportConnection c = fx.connect(server)) {
			c.send(List.of(envelope), d);
		}
		d.assertAll(List.of(envelope), Status.ACCEPTED);
		assertEquals(List.of("return@bitfaster.test"), senders); //$NON-NLS-1$
	}

	/** GreenMail's SMTPS (implicit TLS, its certificate pinned), no PIPELINING: the commands are ours. */
	@Test
	void anImplicitTlsConnectionIsTakenOver() throws Exception {
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTPS);
		MailServer server = fx.server(MailServer.builder().name("GreenMail TLS").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(greenMail.getSmtps().getPort()).encryption("ssl").timeoutSeconds(5), null); //$NON-NLS-1$
		String fingerprint = fx.test(server, null).certificateFingerprint();
		assertFalse(fingerprint.isEmpty());
		MailServer pinned = fx.registry.update(server.toBuilder().pinnedCertificate(fingerprint).build());
		String ehlo = capabilities(fx.test(pinned, null));
		assertTrue(ehlo.endsWith(OURS_WITHOUT_PIPELINING), ehlo);
		Envelope envelope = Fixture.envelope(Fixture.message("ssl", "x@example.test"), "return@bitfaster.test", "bob@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Deliveries d = new Deliveries();
		try (TransportConnection c = fx.connect(pinned)) {
			c.send(List.of(envelope), d);
		}
		d.assertAll(List.of(envelope), Status.ACCEPTED);
		assertEquals(1, greenMail.getReceivedMessages().length);
	}

	/**
	 * A provider that names its socket factory by class: Angus makes that factory itself, so the socket cannot be
	 * had. The envelopes then go through Angus's public API with their own return path and DSN options, one command
	 * at a time, and Test Connection says why.
	 */
	@Test
	void aSocketFactoryNamedByClassSendsThroughAngus() throws Exception {
		EncryptionProvider byClass = settings -> {
			new PlainProvider().configure(settings);
			settings.properties().put("mail.smtp.socketFactory.class", "javax.net.SocketFactory"); //$NON-NLS-1$ //$NON-NLS-2$
		};
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			Envelope bounce = Fixture.envelope(Fixture.message("bounce", "x@example.test"), "", "postmaster@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Envelope notify = Envelope.of(Fixture.message("dsn", "x@example.test")).sender("bounces@bitfaster.test") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					.recipients(List.of("r@example.test")).dsn(new Dsn(EnumSet.of(Notify.FAILURE), false, "id-7")).build(); //$NON-NLS-1$ //$NON-NLS-2$
			Deliveries d = new Deliveries();
			try (TransportConnection c = new SmtpTransportType(id -> Optional.of(byClass)).connect(server, (char[]) null)) {
				c.send(List.of(bounce, notify), d);
				assertTrue(c.isUsable());
			}
			d.assertAll(List.of(bounce, notify), Status.ACCEPTED);
			assertEquals(List.of(bounce, notify), d.handedOver);
			assertEquals(2, sink.awaitReceived(2));
			List<String> commands = SinkLog.commands(dir, sink);
			assertEquals("MAIL FROM:<>", commands.get(0), commands.toString()); //$NON-NLS-1$
			assertTrue(commands.contains("MAIL FROM:<bounces@bitfaster.test> RET=HDRS ENVID=id-7"), commands.toString()); //$NON-NLS-1$
			assertTrue(commands.contains("RCPT TO:<r@example.test> NOTIFY=FAILURE"), commands.toString()); //$NON-NLS-1$

			DiagnosticReport report = new ConnectionTesterImpl(fx.registry, providing(byClass)).test(server, null, null,
					new NullProgressMonitor());
			String ehlo = capabilities(report);
			assertTrue(ehlo.contains("PIPELINING: not used: the encryption provider names its socket factory by class " //$NON-NLS-1$
					+ "(mail.smtp.socketFactory.class)"), ehlo); //$NON-NLS-1$
		}
	}

	/** The extensions of the platform, but with {@code provider} for every encryption. */
	private MailExtensions providing(EncryptionProvider provider) {
		EncryptionProviderDescriptor descriptor = new EncryptionProviderDescriptor() {
			@Override
			public String id() {
				return NONE;
			}

			@Override
			public String label() {
				return "By class"; //$NON-NLS-1$
			}

			@Override
			public String description() {
				return ""; //$NON-NLS-1$
			}

			@Override
			public int defaultPort() {
				return 25;
			}

			@Override
			public String contributor() {
				return "com.bitfaster.mail.smtp.tests"; //$NON-NLS-1$
			}

			@Override
			public EncryptionProvider provider() {
				return provider;
			}
		};
		return new MailExtensions() {
			@Override
			public List<EncryptionProviderDescriptor> encryptionProviders() {
				return List.of(descriptor);
			}

			@Override
			public Optional<EncryptionProviderDescriptor> encryptionProvider(String id) {
				return Optional.of(descriptor);
			}

			@Override
			public List<TransportTypeDescriptor> transportTypes() {
				return fx.extensions.transportTypes();
			}

			@Override
			public Optional<TransportTypeDescriptor> transportType(String id) {
				return fx.extensions.transportType(id);
			}

			@Override
			public List<com.bitfaster.mail.core.AuthenticationMethodDescriptor> authenticationMethods() {
				return fx.extensions.authenticationMethods();
			}

			@Override
			public Optional<com.bitfaster.mail.core.AuthenticationMethodDescriptor> authenticationMethod(String id) {
				return fx.extensions.authenticationMethod(id);
			}
		};
	}
}
