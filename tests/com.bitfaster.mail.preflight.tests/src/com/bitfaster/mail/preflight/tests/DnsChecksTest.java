package com.bitfaster.mail.preflight.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.preflight.Draft;
import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.preflight.Severity;
import com.bitfaster.mail.tests.support.Dnsmasq;
import com.bitfaster.mail.tests.support.Loopback;

/**
 * The From-domain checks against a real DNS server on loopback (dnsmasq) serving fixture domains under
 * {@code pf.test}, each wrong in one way, and DKIM keys made by the product's own DkimKeys service. Each domain must
 * produce exactly its finding(s) among those that warn or block. The relay is {@code relay.pf.test}, 198.51.100.25
 * (the check resolves it; nothing connects to it).
 */
class DnsChecksTest {

	static final String RELAY = "relay.pf.test"; //$NON-NLS-1$
	static final String RELAY_IP = "198.51.100.25"; //$NON-NLS-1$
	static final String SPF_OK = "v=spf1 ip4:198.51.100.0/24 -all"; //$NON-NLS-1$
	static final String DMARC = "v=DMARC1; p=reject"; //$NON-NLS-1$

	@TempDir
	static Path dir;
	private static Dnsmasq dns;
	private static PreflightCheck check;
	private static DkimKeys keys;
	private static final List<String> records = new ArrayList<>();

	/** A fixture domain: what it is, its records, whether the product has a DKIM key for it, what must be found. */
	record Fixture(String domain, String what, boolean productKey, Set<String> expected) {
		@Override
		public String toString() {
			return domain + " (" + what + ")"; //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	private static final Map<String, Fixture> FIXTURES = new LinkedHashMap<>();

	private static void fixture(String domain, String what, boolean productKey, String... expected) {
		FIXTURES.put(domain, new Fixture(domain, what, productKey, new TreeSet<>(List.of(expected))));
	}

	static {
		fixture("good.pf.test", "SPF, DKIM, DMARC p=reject, MX all right", true); //$NON-NLS-1$ //$NON-NLS-2$
		fixture("rsa.pf.test", "all right with an RSA key (a TXT record of several strings)", true); //$NON-NLS-1$ //$NON-NLS-2$
		fixture("ten.pf.test", "SPF with exactly 10 lookups", true); //$NON-NLS-1$ //$NON-NLS-2$
		fixture("nospf.pf.test", "no SPF record", true, "spf.none"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("plusall.pf.test", "SPF +all", true, "spf.plus-all"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("eleven.pf.test", "SPF with 11 lookups", true, "spf.too-many-lookups"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("twospf.pf.test", "two SPF records", true, "spf.multiple"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("badinclude.pf.test", "SPF includes a name without SPF", true, "spf.error"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("norelay.pf.test", "SPF does not list the relay", true, "spf.relay-not-authorized"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("misaligned.pf.test", "DMARC p=reject, no DKIM key, SPF without the relay", false, //$NON-NLS-1$ //$NON-NLS-2$
				"spf.relay-not-authorized", "dkim.no-key", "dmarc.misaligned"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("nokey.pf.test", "no DKIM key in the product", false, "dkim.no-key"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("nodkim.pf.test", "a key in the product, no DKIM record", true, "dkim.no-record"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("otherkey.pf.test", "a DKIM record for another key", true, "dkim.other-key"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("revoked.pf.test", "a revoked DKIM record (p=)", true, "dkim.revoked"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("nodmarc.pf.test", "no DMARC record", true, "dmarc.none"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		fixture("nomx.pf.test", "no MX record", true, "mx.none"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@BeforeAll
	static void start() throws Exception {
		keys = Services.get(DkimKeys.class);
		check = Services.get(PreflightCheck.class);
		for (DkimKey k : keys.list()) {
			if (k.domain().endsWith(".pf.test")) { //$NON-NLS-1$
				keys.remove(k.domain(), k.selector());
			}
		}
		Map<String, DkimKey> made = new LinkedHashMap<>();
		for (Fixture f : FIXTURES.values()) {
			if (f.productKey()) {
				made.put(f.domain(), keys.generate(f.domain(), "s1", //$NON-NLS-1$
						f.domain().startsWith("rsa.") ? DkimKey.Algorithm.RSA_SHA256 : DkimKey.Algorithm.ED25519_SHA256)); //$NON-NLS-1$
			}
		}
		// A key the product does not have: published at otherkey.pf.test in place of the product's.
		DkimKey stranger = keys.generate("stranger.pf.test", "s1", DkimKey.Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.remove("stranger.pf.test", "s1"); //$NON-NLS-1$ //$NON-NLS-2$

		records.add("--host-record=" + RELAY + "," + RELAY_IP); //$NON-NLS-1$ //$NON-NLS-2$
		for (Fixture f : FIXTURES.values()) {
			String d = f.domain();
			String spf = switch (d) {
			case "nospf.pf.test" -> null; //$NON-NLS-1$
			case "plusall.pf.test" -> "v=spf1 +all"; //$NON-NLS-1$ //$NON-NLS-2$
			case "eleven.pf.test" -> includes(11); //$NON-NLS-1$
			case "ten.pf.test" -> includes(9).replace(" -all", " a:" + RELAY + " -all"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			case "badinclude.pf.test" -> "v=spf1 include:missing.pf.test ip4:198.51.100.0/24 -all"; //$NON-NLS-1$ //$NON-NLS-2$
			case "norelay.pf.test", "misaligned.pf.test" -> "v=spf1 ip4:192.0.2.1 mx -all"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			default -> SPF_OK;
			};
			if (spf != null) {
				records.add(Dnsmasq.txt(d, spf));
			}
			if (d.equals("twospf.pf.test")) { //$NON-NLS-1$
				records.add(Dnsmasq.txt(d, "v=spf1 ip4:203.0.113.0/24 -all")); //$NON-NLS-1$
			}
			DkimKey key = made.get(d);
			if (key != null && !d.equals("nodkim.pf.test")) { //$NON-NLS-1$
				String record = switch (d) {
				case "otherkey.pf.test" -> stranger.txtRecord(); //$NON-NLS-1$
				case "revoked.pf.test" -> "v=DKIM1; k=ed25519; p="; //$NON-NLS-1$ //$NON-NLS-2$
				default -> key.txtRecord();
				};
				records.add(Dnsmasq.txt(key.dnsName(), record));
			}
			if (!d.equals("nodmarc.pf.test")) { //$NON-NLS-1$
				records.add(Dnsmasq.txt("_dmarc." + d, DMARC)); //$NON-NLS-1$
			}
			if (!d.equals("nomx.pf.test")) { //$NON-NLS-1$
				records.add("--mx-host=" + d + ",mx." + d + ",10"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				records.add("--host-record=mx." + d + ",192.0.2.10"); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		for (int i = 1; i <= 11; i++) {
			records.add(Dnsmasq.txt("inc" + i + ".pf.test", "v=spf1 ip4:192.0.2." + (100 + i) + " -all")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
		// A Reply-To domain that receives no mail.
		records.add("--host-record=www.nomail.pf.test,192.0.2.80"); //$NON-NLS-1$
		dns = Dnsmasq.start(dir, "test", records); //$NON-NLS-1$
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, dns.server());
	}

	/** @return an SPF record with {@code n} includes, each one lookup */
	private static String includes(int n) {
		StringBuilder b = new StringBuilder("v=spf1"); //$NON-NLS-1$
		for (int i = 1; i <= n; i++) {
			b.append(" include:inc").append(i).append(".pf.test"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return b.append(" -all").toString(); //$NON-NLS-1$
	}

	@AfterAll
	static void stop() throws Exception {
		System.clearProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		if (keys != null) {
			for (DkimKey k : keys.list()) {
				if (k.domain().endsWith(".pf.test")) { //$NON-NLS-1$
					keys.remove(k.domain(), k.selector());
				}
			}
		}
		if (dns != null) {
			dns.close();
		}
	}

	static List<Fixture> fixtures() {
		return List.copyOf(FIXTURES.values());
	}

	private static PreflightReport dnsCheck(String from, String replyTo, List<String> relays) {
		return check.checkDraft(new Draft(from, replyTo, "Hello", "Hello", "", "", relays), EnumSet.of(PreflightCheck.Area.DNS), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				null);
	}

	private static Set<String> notInfo(PreflightReport r) {
		return r.findings().stream().filter(f -> f.severity() != Severity.INFO).map(Finding::id)
				.collect(Collectors.toCollection(TreeSet::new));
	}

	private static String describe(PreflightReport r) {
		return r.findings().stream().map(f -> f.severity() + " " + f.id() + ": " + f.sentence() + " [" + f.where() + "]") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				.collect(Collectors.joining("\n")); //$NON-NLS-1$
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void eachDomainGetsExactlyItsFinding(Fixture f) {
		PreflightReport r = dnsCheck("news@" + f.domain(), "", List.of(RELAY)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(f.expected(), notInfo(r), describe(r));
		for (Finding finding : r.findings()) {
			assertFalse(finding.sentence().isBlank() || finding.where().isBlank(), finding.toString());
			if (finding.severity() != Severity.INFO) {
				assertFalse(finding.fix().isBlank(), "a finding that warns or blocks says how to fix it: " + finding); //$NON-NLS-1$
			}
		}
	}

	@Test
	void aGoodDomainSaysWhatIsRight() {
		PreflightReport r = dnsCheck("news@good.pf.test", "", List.of(RELAY)); //$NON-NLS-1$ //$NON-NLS-2$
		for (String id : List.of("spf.ok", "spf.relay-pass", "dkim.ok", "dmarc.ok", "mx.ok")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			assertEquals(1, r.withId(id).size(), id + "\n" + describe(r)); //$NON-NLS-1$
		}
		assertTrue(r.withId("spf.relay-pass").get(0).sentence().contains(RELAY_IP), describe(r)); //$NON-NLS-1$
		assertTrue(r.withId("dmarc.ok").get(0).sentence().contains("SPF and DKIM"), describe(r)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void severities() {
		Map<String, Severity> expected = Map.of("spf.too-many-lookups", Severity.BLOCKS, "spf.multiple", //$NON-NLS-1$ //$NON-NLS-2$
				Severity.BLOCKS, "dkim.other-key", Severity.BLOCKS, "dkim.no-record", Severity.BLOCKS, //$NON-NLS-1$ //$NON-NLS-2$
				"dmarc.misaligned", Severity.BLOCKS, "spf.plus-all", Severity.WARNS, "mx.none", Severity.WARNS); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String[] domains = { "eleven", "twospf", "otherkey", "nodkim", "misaligned", "plusall", "nomx" }; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
		for (String d : domains) {
			PreflightReport r = dnsCheck("news@" + d + ".pf.test", "", List.of(RELAY)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			for (Finding f : r.findings()) {
				if (expected.containsKey(f.id())) {
					assertEquals(expected.get(f.id()), f.severity(), f.toString());
				}
			}
			assertTrue(r.findings().stream().anyMatch(f -> expected.containsKey(f.id())), d);
		}
		assertTrue(dnsCheck("news@eleven.pf.test", "", List.of(RELAY)).blocks()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(dnsCheck("news@eleven.pf.test", "", List.of(RELAY)).withId("spf.too-many-lookups").get(0) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.sentence().contains("11 DNS lookups")); //$NON-NLS-1$
		assertFalse(dnsCheck("news@good.pf.test", "", List.of(RELAY)).blocks()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void theDkimFixSaysWhichRecordToPublish() {
		PreflightReport r = dnsCheck("news@nodkim.pf.test", "", List.of(RELAY)); //$NON-NLS-1$ //$NON-NLS-2$
		Finding f = r.withId("dkim.no-record").get(0); //$NON-NLS-1$
		DkimKey key = keys.forDomain("nodkim.pf.test").get(0); //$NON-NLS-1$
		assertEquals("TXT s1._domainkey.nodkim.pf.test", f.where()); //$NON-NLS-1$
		assertTrue(f.fix().contains(key.txtRecord()), f.fix());
	}

	@Test
	void aRelayOnThisMachineIsNotEvaluated() {
		PreflightReport r = dnsCheck("news@good.pf.test", "", List.of("127.0.0.1")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Set.of(), notInfo(r), describe(r));
		assertEquals(1, r.withId("spf.relay-local").size(), describe(r)); //$NON-NLS-1$
	}

	@Test
	void replyTo() {
		assertEquals(Set.of("reply.noreply"), notInfo(dnsCheck("noreply@good.pf.test", "", List.of(RELAY)))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Set.of("reply.no-mx"), notInfo(dnsCheck("news@good.pf.test", "ann@nomail.pf.test", List.of(RELAY)))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		assertEquals(Set.of("reply.invalid"), notInfo(dnsCheck("news@good.pf.test", "not an address", List.of(RELAY)))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		assertEquals(Set.of(), notInfo(dnsCheck("news@good.pf.test", "desk@good.pf.test", List.of(RELAY)))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void aResolverThatDoesNotAnswerIsOneFinding() throws Exception {
		String previous = System.getProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		// A UDP port nothing listens on: the question times out (or is refused) and the check says so once.
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, Loopback.HOST + ":" + Loopback.freePort()); //$NON-NLS-1$
		try {
			PreflightReport r = dnsCheck("news@good.pf.test", "", List.of(RELAY)); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(List.of("dns.unavailable"), r.findings().stream().map(Finding::id).toList(), describe(r)); //$NON-NLS-1$
			assertTrue(r.elapsed().toSeconds() < 10, r.elapsed().toString());
		} finally {
			System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, previous);
		}
	}

	@Test
	void atLeastTwelveFixtureDomains() {
		assertTrue(FIXTURES.size() >= 12, "the issue asks for at least 12 fixture domains"); //$NON-NLS-1$
	}
}
