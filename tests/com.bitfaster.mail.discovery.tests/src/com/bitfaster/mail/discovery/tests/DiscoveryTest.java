package com.bitfaster.mail.discovery.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.discovery.DiscoveryReport;
import com.bitfaster.mail.discovery.Proposal;
import com.bitfaster.mail.discovery.ServerDiscovery;

/**
 * Discovery of the fixture domains (see {@link Fixtures}) through the running DS service, against dnsmasq, HTTPS and
 * SMTP peers on 127.0.0.141-148. Each test names what a domain offers and checks the proposal, its source and that no
 * step ever signs in. The times of each discovery are written to {@code target/discovery-times.tsv} for
 * {@code releng/bench/discovery.sh}.
 */
class DiscoveryTest {

	@TempDir
	static Path dir;
	private static Fixtures fixtures;
	private static ServerDiscovery discovery;
	private static final Map<String, List<Long>> TIMES = new ConcurrentHashMap<>();
	private static final List<DiscoveryReport> REPORTS = new java.util.concurrent.CopyOnWriteArrayList<>();

	@BeforeAll
	static void startFixtures() throws Exception {
		Assumptions.assumeTrue(Fixtures.privilegedPortsUsable(),
				"skipped: the fixture servers listen on ports 25, 443, 465 and 587 of 127.0.0.141-148, which needs root " //$NON-NLS-1$
						+ "(or CAP_NET_BIND_SERVICE); CI runs as root"); //$NON-NLS-1$
		fixtures = Fixtures.start(dir);
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, fixtures.dnsServer());
		discovery = service(ServerDiscovery.class);
	}

	@AfterAll
	static void stopFixtures() throws Exception {
		System.clearProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		if (fixtures != null) {
			fixtures.close();
		}
		if (!TIMES.isEmpty()) {
			Path target = Path.of(System.getProperty("discovery.times", "target/discovery-times.tsv")); //$NON-NLS-1$ //$NON-NLS-2$
			Files.createDirectories(target.toAbsolutePath().getParent());
			StringBuilder tsv = new StringBuilder();
			TIMES.forEach((domain, ms) -> tsv.append(domain).append('\t')
					.append(ms.stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n')); //$NON-NLS-1$
			Files.writeString(target, tsv.toString());
		}
	}

	private static <T> T service(Class<T> type) throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(DiscoveryTest.class).getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(10_000);
		assertNotNull(service, type.getName() + " is not registered"); //$NON-NLS-1$
		return service;
	}

	private static DiscoveryReport discover(String address) {
		List<DiagnosticStep> seen = new ArrayList<>();
		DiscoveryReport report = discovery.discover(address, seen::add, null);
		assertEquals(report.steps(), seen, "every step is reported as it happens, in order"); //$NON-NLS-1$
		String domain = address.substring(address.indexOf('@') + 1);
		TIMES.computeIfAbsent(domain, d -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(report.elapsed().toMillis());
		REPORTS.add(report);
		noSecretInClear(report);
		return report;
	}

	private static void noSecretInClear(DiscoveryReport report) {
		report.proposed().ifPresent(p -> {
			assertFalse(p.sendsSecretInClear(), report::toString);
			assertFalse(Proposal.NONE.equals(p.encryption()) && !p.username().isEmpty(), report::toString);
			assertFalse(Proposal.NONE.equals(p.encryption()) && !Proposal.AUTH_NONE.equals(p.authentication()), report::toString);
		});
	}

	private static Proposal proposal(DiscoveryReport report) {
		assertNotNull(report.proposal(), () -> "no proposal:\n" + steps(report)); //$NON-NLS-1$
		return report.proposal();
	}

	private static String steps(DiscoveryReport report) {
		return report.steps().stream().map(s -> s.verdict() + " " + s.name() + " " + s.detail()) //$NON-NLS-1$ //$NON-NLS-2$
				.collect(Collectors.joining("\n")); //$NON-NLS-1$
	}

	private static DiagnosticStep step(DiscoveryReport report, String name) {
		return report.steps().stream().filter(s -> s.name().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no step " + name + ":\n" + steps(report))); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static void assertProposal(String host, int port, String encryption, String authentication, String username,
			String source, Proposal p) {
		assertEquals(List.of(host, port, encryption, authentication, username, source),
				List.of(p.host(), p.port(), p.encryption(), p.authentication(), p.username(), p.source()), p::toString);
	}

	@Test
	void autoconfigDocumentImplicitTlsFirstAndTheLocalPartAsUser() {
		DiscoveryReport r = discover("ann@" + Fixtures.AUTOCONFIG); //$NON-NLS-1$
		Proposal p = proposal(r);
		// The document lists STARTTLS on 587 first; implicit TLS on 465 is probed first, and its user is %EMAILLOCALPART%.
		assertProposal("smtp.autoconfig-only.test", 465, Proposal.SSL, Proposal.AUTH_PASSWORD, "ann", "autoconfig", p); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(p.tls().contains("TLSv1."), p.tls()); //$NON-NLS-1$
		assertTrue(p.authMechanisms().contains("PLAIN"), p.authMechanisms()::toString); //$NON-NLS-1$
		assertTrue(fixtures.autoconfigQueries.contains("emailaddress=ann%40autoconfig-only.test"), //$NON-NLS-1$
				fixtures.autoconfigQueries::toString);
		assertEquals(Verdict.PASSED, step(r, "Autoconfig").verdict()); //$NON-NLS-1$
		assertEquals(Verdict.SKIPPED, step(r, "SRV submissions").verdict(), () -> steps(r)); //$NON-NLS-1$
		assertEquals(Verdict.PASSED, r.steps().get(r.steps().size() - 1).verdict());
		assertTrue(fixtures.logins.isEmpty(), "discovery never signs in: " + fixtures.logins); //$NON-NLS-1$
	}

	@Test
	void wellKnownAutoconfigAndStartTlsBeforeThePlainEntry() {
		DiscoveryReport r = discover("bob@" + Fixtures.WELL_KNOWN); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("mail.well-known.test", 587, Proposal.STARTTLS, Proposal.AUTH_PASSWORD, "bob@well-known.test", //$NON-NLS-1$ //$NON-NLS-2$
				"well-known", p); //$NON-NLS-1$
		DiagnosticStep autoconfig = step(r, "Autoconfig"); //$NON-NLS-1$
		assertEquals(Verdict.WARNING, autoconfig.verdict());
		assertTrue(autoconfig.detail().contains("HTTP 404"), autoconfig.detail()); //$NON-NLS-1$
		assertTrue(fixtures.logins.isEmpty(), "discovery never signs in: " + fixtures.logins); //$NON-NLS-1$
	}

	@Test
	void srvSubmissionsImplicitTls() {
		DiscoveryReport r = discover("carol@" + Fixtures.SRV_SUBMISSIONS); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("smtps.srv-submissions.test", 465, Proposal.SSL, Proposal.AUTH_PASSWORD, //$NON-NLS-1$
				"carol@srv-submissions.test", "srv-submissions", p); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(step(r, "SRV submissions").detail().contains("smtps.srv-submissions.test:465"), () -> steps(r)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void srvSubmissionStartTlsOfferingOnlyXoauth2ProposesOAuth2() {
		DiscoveryReport r = discover("dave@" + Fixtures.SRV_SUBMISSION); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("submit.srv-submission.test", 587, Proposal.STARTTLS, Proposal.AUTH_OAUTH2, //$NON-NLS-1$
				"dave@srv-submission.test", "srv-submission", p); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of("XOAUTH2"), p.authMechanisms()); //$NON-NLS-1$
		assertEquals(Verdict.WARNING, step(r, "SRV submissions").verdict()); //$NON-NLS-1$
		assertTrue(fixtures.logins.isEmpty(), "discovery never signs in: " + fixtures.logins); //$NON-NLS-1$
	}

	@Test
	void mxHostsDomainGuessed() {
		DiscoveryReport r = discover("erin@" + Fixtures.MX_GUESS); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("smtp.mailhost.test", 465, Proposal.SSL, Proposal.AUTH_PASSWORD, "erin@mx-guess.test", "guess", p); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(step(r, "MX").detail().contains("mx1.mailhost.test"), () -> steps(r)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void onlyStartTlsOn587() {
		DiscoveryReport r = discover("frank@" + Fixtures.STARTTLS_ONLY); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("smtp.starttls-only.test", 587, Proposal.STARTTLS, Proposal.AUTH_PASSWORD, //$NON-NLS-1$
				"frank@starttls-only.test", "guess", p); //$NON-NLS-1$ //$NON-NLS-2$
		// 465 was tried first and refused.
		List<DiagnosticStep> probes = r.steps().stream().filter(s -> s.name().equals("Probe")).toList(); //$NON-NLS-1$
		assertTrue(probes.get(0).detail().startsWith("smtp.starttls-only.test:465 SSL/TLS"), () -> steps(r)); //$NON-NLS-1$
		assertEquals(Verdict.FAILED, probes.get(0).verdict());
	}

	@Test
	void onlyPlainOn25IsProposedWithoutAnyPassword() {
		DiscoveryReport r = discover("gina@" + Fixtures.PLAIN_ONLY); //$NON-NLS-1$
		Proposal p = proposal(r);
		assertProposal("smtp.plain-only.test", 25, Proposal.NONE, Proposal.AUTH_NONE, "", "guess", p); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(p.authMechanisms().contains("LOGIN"), "the server did offer AUTH without TLS"); //$NON-NLS-1$ //$NON-NLS-2$
		DiagnosticStep last = r.steps().get(r.steps().size() - 1);
		assertEquals(Verdict.WARNING, last.verdict());
		assertTrue(last.detail().contains("without authentication"), last.detail()); //$NON-NLS-1$
		assertTrue(fixtures.logins.isEmpty(), "discovery never signs in: " + fixtures.logins); //$NON-NLS-1$
	}

	@Test
	void aCertificateForOtherNamesIsNeverProposed() {
		DiscoveryReport r = discover("hal@" + Fixtures.WRONG_CERT); //$NON-NLS-1$
		assertNull(r.proposal(), () -> steps(r));
		assertTrue(r.steps().stream().anyMatch(s -> s.verdict() == Verdict.FAILED
				&& s.detail().contains("the certificate is not for smtp.wrong-cert.test")), () -> steps(r)); //$NON-NLS-1$
		assertEquals(Verdict.FAILED, r.steps().get(r.steps().size() - 1).verdict());
	}

	@Test
	void anUnknownDomainEndsWithNoProposal() {
		DiscoveryReport r = discover("ivy@nowhere.test"); //$NON-NLS-1$
		assertNull(r.proposal(), () -> steps(r));
		assertEquals(Verdict.FAILED, r.steps().get(r.steps().size() - 1).verdict());
		assertTrue(step(r, "Autoconfig").detail().contains("autoconfig.nowhere.test has no address"), () -> steps(r)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void notAnAddress() {
		DiscoveryReport r = discovery.discover("not-an-address", null, null); //$NON-NLS-1$
		assertNull(r.proposal());
		assertEquals(1, r.steps().size());
		assertEquals(Verdict.FAILED, r.steps().get(0).verdict());
		assertTrue(r.steps().get(0).detail().contains("not an e-mail address"), r.steps().get(0).detail()); //$NON-NLS-1$
	}

	@Test
	void theResolverIsTheConfiguredOne() {
		DiscoveryReport r = discover("ann@" + Fixtures.AUTOCONFIG); //$NON-NLS-1$
		DiagnosticStep resolver = step(r, "Resolver"); //$NON-NLS-1$
		assertTrue(resolver.detail().contains(fixtures.dnsServer()), resolver.detail());
		String saved = System.getProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, "127.0.0.1:notaport"); //$NON-NLS-1$
		try {
			DiscoveryReport bad = discovery.discover("ann@" + Fixtures.AUTOCONFIG, null, null); //$NON-NLS-1$
			assertNull(bad.proposal());
			assertEquals(Verdict.FAILED, step(bad, "Resolver").verdict()); //$NON-NLS-1$
		} finally {
			System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, saved);
		}
	}

	/** Repeats every fixture domain {@code discovery.bench.rounds} times (releng/bench/discovery.sh); 1 by default. */
	@Test
	void everyFixtureDomainRepeatedForTheBenchmark() {
		int rounds = Integer.getInteger("discovery.bench.rounds", 1); //$NON-NLS-1$
		for (int i = 0; i < rounds; i++) {
			for (String domain : List.of(Fixtures.AUTOCONFIG, Fixtures.WELL_KNOWN, Fixtures.SRV_SUBMISSIONS,
					Fixtures.SRV_SUBMISSION, Fixtures.MX_GUESS, Fixtures.STARTTLS_ONLY, Fixtures.PLAIN_ONLY)) {
				DiscoveryReport r = discover("bench" + i + "@" + domain); //$NON-NLS-1$ //$NON-NLS-2$
				Proposal p = proposal(r);
				assertEquals(!domain.equals(Fixtures.PLAIN_ONLY), p.encrypted(), () -> domain + ": " + p);
			}
		}
		assertFalse(REPORTS.isEmpty());
		REPORTS.forEach(DiscoveryTest::noSecretInClear);
		assertTrue(fixtures.logins.isEmpty(), "discovery never signs in: " + fixtures.logins); //$NON-NLS-1$
		assertTrue(REPORTS.stream().allMatch(r -> r.domain().equals(r.domain().toLowerCase(Locale.ROOT))));
	}
}
