package com.bitfaster.mail.discovery.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.tests.support.Dnsmasq;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.TestCertificates;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Real peers on loopback for discovery, each fixture domain on its own 127.0.0.x address: dnsmasq (from Debian)
 * answering for the {@code .test} domains (A, SRV, MX; everything else in {@code .test} does not exist), HTTPS servers
 * (the JDK's) serving autoconfig documents on 443, GreenMail SMTPS on 465 and SubEthaSMTP with STARTTLS on 587 (or
 * plain on 25). One certificate signed by the test CA the JVM trusts names every fixture host; one fixture presents a
 * certificate for other names. Ports below 1024 need root: {@link #privilegedPortsUsable()} says whether they can be
 * bound.
 */
final class Fixtures implements AutoCloseable {

	static final String USER_PASSWORD = "Discovery-Pa55"; //$NON-NLS-1$

	/** autoconfig.DOMAIN serves the document; smtp.DOMAIN has SMTPS on 465 and STARTTLS on 587. */
	static final String AUTOCONFIG = "autoconfig-only.test", AUTOCONFIG_IP = "127.0.0.141"; //$NON-NLS-1$ //$NON-NLS-2$
	/** DOMAIN/.well-known/autoconfig/... serves the document (autoconfig.DOMAIN answers 404); STARTTLS on 587. */
	static final String WELL_KNOWN = "well-known.test", WELL_KNOWN_IP = "127.0.0.142"; //$NON-NLS-1$ //$NON-NLS-2$
	/** _submissions._tcp SRV names smtps.DOMAIN:465 (GreenMail SMTPS). */
	static final String SRV_SUBMISSIONS = "srv-submissions.test", SRV_SUBMISSIONS_IP = "127.0.0.143"; //$NON-NLS-1$ //$NON-NLS-2$
	/** _submission._tcp SRV names submit.DOMAIN:587, whose STARTTLS server offers only XOAUTH2. */
	static final String SRV_SUBMISSION = "srv-submission.test", SRV_SUBMISSION_IP = "127.0.0.144"; //$NON-NLS-1$ //$NON-NLS-2$
	/** No address of its own: its MX is mx1.mailhost.test, and smtp.mailhost.test has SMTPS on 465. */
	static final String MX_GUESS = "mx-guess.test", MX_HOST_DOMAIN = "mailhost.test", MX_IP = "127.0.0.145"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	/** Only STARTTLS on 587 (nothing on 465), found by guessing smtp.DOMAIN. */
	static final String STARTTLS_ONLY = "starttls-only.test", STARTTLS_ONLY_IP = "127.0.0.146"; //$NON-NLS-1$ //$NON-NLS-2$
	/** Only plain SMTP on 25 that offers AUTH PLAIN LOGIN without TLS. */
	static final String PLAIN_ONLY = "plain-only.test", PLAIN_ONLY_IP = "127.0.0.147"; //$NON-NLS-1$ //$NON-NLS-2$
	/** STARTTLS on 587 with a trusted certificate for other names: must not be proposed. */
	static final String WRONG_CERT = "wrong-cert.test", WRONG_CERT_IP = "127.0.0.148"; //$NON-NLS-1$ //$NON-NLS-2$

	static final String AUTOCONFIG_PATH = "/mail/config-v1.1.xml"; //$NON-NLS-1$
	static final String WELL_KNOWN_PATH = "/.well-known/autoconfig/mail/config-v1.1.xml"; //$NON-NLS-1$

	/** The query strings the autoconfig servers were asked with. */
	final List<String> autoconfigQueries = new CopyOnWriteArrayList<>();
	/** The user names the SMTP peers saw in AUTH: discovery must never authenticate. */
	final List<String> logins = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> closers = new ArrayList<>();
	private Dnsmasq dnsmasq;

	/** @return whether this process may bind port 465 of a fixture address (root, or the capability to) */
	static boolean privilegedPortsUsable() throws IOException {
		try (ServerSocket s = new ServerSocket()) {
			s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.149"), 465)); //$NON-NLS-1$
			return true;
		} catch (BindException e) {
			return false;
		}
	}

	/** @return the fixtures started; closes what it started when one fails */
	static Fixtures start(Path dir) throws Exception {
		Fixtures f = new Fixtures();
		try {
			f.startAll(dir);
			return f;
		} catch (Exception | Error e) {
			f.close();
			throw e;
		}
	}

	/** @return {@code 127.0.0.1:PORT}, what {@code bitfaster.dns.server} is set to */
	String dnsServer() {
		return dnsmasq.server();
	}

	private void startAll(Path dir) throws Exception {
		TestCertificates ca = TestCertificates.authority();
		Path keyStore = ca.signed(dir, "fixtures.p12", "discovery fixtures", //$NON-NLS-1$ //$NON-NLS-2$
				"*." + AUTOCONFIG, "*." + WELL_KNOWN, WELL_KNOWN, "*." + SRV_SUBMISSIONS, "*." + SRV_SUBMISSION, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"*." + MX_HOST_DOMAIN, "*." + STARTTLS_ONLY, "*." + PLAIN_ONLY); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Path otherNames = ca.signed(dir, "other.p12", "mail.other.example", "mail.other.example"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SSLContext tls = TestCertificates.serverContext(keyStore);
		// GreenMail's SMTPS reads its key store from these properties when each server starts.
		System.setProperty("greenmail.tls.keystore.file", keyStore.toString()); //$NON-NLS-1$
		System.setProperty("greenmail.tls.keystore.password", TestCertificates.PASSWORD); //$NON-NLS-1$
		System.setProperty("greenmail.tls.key.password", TestCertificates.PASSWORD); //$NON-NLS-1$

		startDnsmasq(dir);

		https(AUTOCONFIG_IP, tls, AUTOCONFIG_PATH, """
				<?xml version="1.0" encoding="UTF-8"?>
				<clientConfig version="1.1">
				  <emailProvider id="autoconfig-only.test">
				    <domain>autoconfig-only.test</domain>
				    <incomingServer type="imap">
				      <hostname>imap.autoconfig-only.test</hostname><port>993</port><socketType>SSL</socketType>
				      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
				    </incomingServer>
				    <outgoingServer type="smtp">
				      <hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port><socketType>STARTTLS</socketType>
				      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
				    </outgoingServer>
				    <outgoingServer type="smtp">
				      <hostname>smtp.autoconfig-only.test</hostname><port>465</port><socketType>SSL</socketType>
				      <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username>
				    </outgoingServer>
				  </emailProvider>
				</clientConfig>
				"""); //$NON-NLS-1$
		greenMailSmtps(AUTOCONFIG_IP);
		startTls(AUTOCONFIG_IP, 587, tls, passwords());

		https(WELL_KNOWN_IP, tls, WELL_KNOWN_PATH, """
				<?xml version="1.0" encoding="UTF-8"?>
				<clientConfig version="1.1">
				  <emailProvider id="well-known.test">
				    <outgoingServer type="smtp">
				      <hostname>mail.well-known.test</hostname><port>25</port><socketType>plain</socketType>
				      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
				    </outgoingServer>
				    <outgoingServer type="smtp">
				      <hostname>mail.well-known.test</hostname><port>587</port><socketType>STARTTLS</socketType>
				      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
				    </outgoingServer>
				  </emailProvider>
				</clientConfig>
				"""); //$NON-NLS-1$
		startTls(WELL_KNOWN_IP, 587, tls, passwords());

		greenMailSmtps(SRV_SUBMISSIONS_IP);
		startTls(SRV_SUBMISSION_IP, 587, tls, xoauth2Only());
		greenMailSmtps(MX_IP);
		startTls(STARTTLS_ONLY_IP, 587, tls, passwords());
		plain(PLAIN_ONLY_IP, 25);
		startTls(WRONG_CERT_IP, 587, TestCertificates.serverContext(otherNames), passwords());
	}

	private void startDnsmasq(Path dir) throws IOException {
		dnsmasq = Dnsmasq.start(dir, "test", List.of( //$NON-NLS-1$
				"--address=/" + AUTOCONFIG + "/" + AUTOCONFIG_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--address=/" + WELL_KNOWN + "/" + WELL_KNOWN_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--address=/" + SRV_SUBMISSIONS + "/" + SRV_SUBMISSIONS_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--srv-host=_submissions._tcp." + SRV_SUBMISSIONS + ",smtps." + SRV_SUBMISSIONS + ",465,0,10", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"--address=/" + SRV_SUBMISSION + "/" + SRV_SUBMISSION_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--srv-host=_submission._tcp." + SRV_SUBMISSION + ",submit." + SRV_SUBMISSION + ",587,0,10", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"--mx-host=" + MX_GUESS + ",mx1." + MX_HOST_DOMAIN + ",10", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"--address=/" + MX_HOST_DOMAIN + "/" + MX_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--address=/" + STARTTLS_ONLY + "/" + STARTTLS_ONLY_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--address=/" + PLAIN_ONLY + "/" + PLAIN_ONLY_IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--address=/" + WRONG_CERT + "/" + WRONG_CERT_IP)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private void https(String ip, SSLContext tls, String path, String xml) throws IOException {
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(ip), 443), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		byte[] body = xml.getBytes(StandardCharsets.UTF_8);
		server.createContext("/", exchange -> { //$NON-NLS-1$
			try (exchange) {
				if (!exchange.getRequestURI().getPath().equals(path)) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				autoconfigQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
				exchange.getResponseHeaders().set("Content-Type", "application/xml"); //$NON-NLS-1$ //$NON-NLS-2$
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		});
		server.start();
		closers.add(() -> server.stop(0));
	}

	private void greenMailSmtps(String ip) {
		GreenMail mail = new GreenMail(LoopbackGreenMail.patient(new ServerSetup(465, ip, ServerSetup.PROTOCOL_SMTPS)));
		mail.start();
		closers.add(mail::stop);
	}

	private AuthenticationHandlerFactory passwords() {
		return new EasyAuthenticationHandlerFactory((user, password, context) -> {
			logins.add(user);
			if (!USER_PASSWORD.equals(password)) {
				throw new LoginFailedException();
			}
		});
	}

	/** A server that offers XOAUTH2 and nothing else (and accepts no token: discovery never signs in). */
	private AuthenticationHandlerFactory xoauth2Only() {
		return new AuthenticationHandlerFactory() {
			@Override
			public List<String> getAuthenticationMechanisms() {
				return List.of("XOAUTH2"); //$NON-NLS-1$
			}

			@Override
			public AuthenticationHandler create() {
				return new AuthenticationHandler() {
					@Override
					public Optional<String> auth(String clientInput, org.subethamail.smtp.MessageContext context)
							throws RejectException {
						logins.add("XOAUTH2"); //$NON-NLS-1$
						throw new RejectException(535, "5.7.8 no token is valid here"); //$NON-NLS-1$
					}

					@Override
					public Object getIdentity() {
						return null;
					}
				};
			}
		};
	}

	private void startTls(String ip, int port, SSLContext tls, AuthenticationHandlerFactory auth) throws IOException {
		SMTPServer server = SMTPServer.port(port).bindAddress(InetAddress.getByName(ip)).hostName("fixture") //$NON-NLS-1$
				.authenticationHandlerFactory(auth).requireAuth().enableTLS().requireTLS().startTlsSocketFactory(tls)
				.messageHandler((context, from, to, data) -> {
					// nothing is sent in these tests
				}).build();
		server.start();
		closers.add(server::stop);
	}

	private void plain(String ip, int port) throws IOException {
		SMTPServer server = SMTPServer.port(port).bindAddress(InetAddress.getByName(ip)).hostName("fixture") //$NON-NLS-1$
				.authenticationHandlerFactory(passwords()).requireAuth()
				.messageHandler((context, from, to, data) -> {
					// nothing is sent in these tests
				}).build();
		server.start();
		closers.add(server::stop);
	}

	@Override
	public void close() {
		for (int i = closers.size() - 1; i >= 0; i--) {
			try {
				closers.get(i).close();
			} catch (Exception e) {
				// the others are closed still
			}
		}
		closers.clear();
		if (dnsmasq != null) {
			try {
				dnsmasq.close();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
