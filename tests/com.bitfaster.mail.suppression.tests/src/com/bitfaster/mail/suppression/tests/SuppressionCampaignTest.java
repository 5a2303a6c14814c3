package com.bitfaster.mail.suppression.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.RecipientTokens.Purpose;
import com.bitfaster.mail.suppression.RecipientTokens.TokenSubject;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.internal.DeliverabilitySettingsImpl;
import com.bitfaster.mail.suppression.internal.RecipientTokensImpl;
import com.bitfaster.mail.suppression.internal.SuppressionListImpl;
import com.bitfaster.mail.tests.support.SecureStores;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.bitfaster.mail.tests.support.TestRegistries;

import jakarta.mail.internet.InternetAddress;

/**
 * Campaigns against real SMTP peers on loopback: SubEthaSMTP counting RCPT and DATA per recipient (refusing unknown
 * users with 550), and Postfix's smtp-sink, which offers DSN and records each message's MAIL FROM and RCPT TO
 * parameters.
 */
class SuppressionCampaignTest {

	@TempDir
	Path dir;
	private SMTPServer peer;
	private final Map<String, Integer> rcptSeen = new ConcurrentHashMap<>();
	private final Map<String, Integer> delivered = new ConcurrentHashMap<>();
	private ServerRegistryImpl registry;
	private SenderServiceImpl sender;
	private DeliverabilitySettingsImpl settings;
	private SuppressionListImpl list;
	private RecipientTokensImpl tokens;
	private CampaignDirectory directory;
	private SmtpSink sink;

	@BeforeEach
	void setUp() throws Exception {
		peer = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
				.messageHandlerFactory(this::handler).build();
		peer.start();
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		sender = new SenderServiceImpl(registry, extensions, new RetryPolicy(2, attempt -> 0));
		Path data = dir.resolve("data");
		settings = new DeliverabilitySettingsImpl(data);
		list = new SuppressionListImpl(data, settings, Clock.systemUTC());
		ISecurePreferences secure = SecureStores.throwaway(dir);
		tokens = new RecipientTokensImpl(data, new SecureSecrets(() -> secure, "com.bitfaster.mail/suppression"));
		directory = new CampaignDirectory(data.resolve(CampaignDirectory.FILE_NAME));
	}

	@AfterEach
	void tearDown() {
		peer.stop();
		sender.close();
		if (sink != null) {
			sink.close();
		}
	}

	private MessageHandler handler(MessageContext context) {
		return new MessageHandler() {
			private String to;

			@Override
			public void from(String from) {
				// every sender is welcome
			}

			@Override
			public void recipient(String recipient) throws RejectException {
				rcptSeen.merge(recipient, 1, Integer::sum);
				if (recipient.startsWith("unknown")) {
					throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
				}
				to = recipient;
			}

			@Override
			public String data(InputStream data) throws IOException {
				data.transferTo(OutputStream.nullOutputStream());
				delivered.merge(to, 1, Integer::sum);
				return null;
			}

			@Override
			public void done() {
				// nothing kept per session
			}
		};
	}

	private CampaignRunner runner() {
		return new CampaignRunner(sender, registry, 10).deliverability(list, tokens, settings, directory);
	}

	/** 20 recipients: unknown7 and unknown14 are refused by the peer, the others are users; one starts with "-". */
	private Path recipients() throws IOException {
		Path file = dir.resolve("list.csv");
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,name\n");
			for (int i = 1; i <= 20; i++) {
				String local = i % 7 == 0 ? "unknown" : i == 5 ? "-dash" : "user";
				w.write(local + i + "@example.org,Reader " + i + " & Co\n");
			}
		}
		return file;
	}

	private Campaign campaign(String name, int port, Path recipients, String unsubscribe) throws Exception {
		MailServer server = registry.add(MailServer.builder().name(name + " relay").host("127.0.0.1").port(port)
				.encryption(MailServer.ENCRYPTION_NONE).timeoutSeconds(10).build(), null);
		return new Campaign(name, new InternetAddress("news@company.com"),
				new MessageTemplate("Hello {{name}}", "Dear {{name}}", ""), recipients, List.of(server.id()), unsubscribe);
	}

	@Test
	void aSecondCampaignToTheSameListSendsNothingToSuppressedAddresses() throws Exception {
		list.add("user2@example.org", Reason.UNSUBSCRIBE, "web");
		list.add("USER4@Example.org", Reason.COMPLAINT, "feedback loop");
		Path recipients = recipients();
		Path springLedger = dir.resolve("spring.ledger");
		CampaignReport spring;
		try (CampaignLedger ledger = CampaignLedger.open(springLedger, "spring-1")) {
			spring = runner().run(campaign("Spring", peer.getPortAllocated(), recipients, ""), ledger,
					CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(16, spring.count(DeliveryState.ACCEPTED), spring.counts().toString());
		assertEquals(2, spring.count(DeliveryState.REJECTED), spring.counts().toString());
		assertEquals(2, spring.count(DeliveryState.SUPPRESSED), spring.counts().toString());
		assertNull(rcptSeen.get("user2@example.org"), "a suppressed address never reaches the server");
		assertNull(rcptSeen.get("user4@example.org"));
		// The 550s at send time are hard bounces now.
		for (String unknown : List.of("unknown7@example.org", "unknown14@example.org")) {
			SuppressionEntry e = list.entry(unknown).orElseThrow(() -> new AssertionError(unknown + " not suppressed"));
			assertEquals(Reason.HARD_BOUNCE, e.reason());
			assertTrue(e.source().contains("spring-1"), e.source());
		}
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(springLedger)));

		Path summerLedger = dir.resolve("summer.ledger");
		CampaignReport summer;
		try (CampaignLedger ledger = CampaignLedger.open(summerLedger, "summer-1")) {
			summer = runner().run(campaign("Summer", peer.getPortAllocated(), recipients, ""), ledger,
					CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(16, summer.count(DeliveryState.ACCEPTED), summer.counts().toString());
		assertEquals(4, summer.count(DeliveryState.SUPPRESSED), summer.counts().toString());
		assertEquals(0, summer.count(DeliveryState.REJECTED), summer.counts().toString());
		// Counted at the server, per recipient: the suppressed got nothing, the others one message per campaign.
		int toSuppressed = 0;
		for (String s : List.of("user2@example.org", "user4@example.org", "unknown7@example.org", "unknown14@example.org")) {
			toSuppressed += delivered.getOrDefault(s, 0);
			assertTrue(rcptSeen.getOrDefault(s, 0) <= 1, s + " was asked for once, by the first campaign only");
		}
		assertEquals(0, toSuppressed, "messages to suppressed addresses in the second campaign");
		assertEquals(32, delivered.values().stream().mapToInt(Integer::intValue).sum(), delivered.toString());
		assertTrue(delivered.values().stream().allMatch(n -> n == 2), delivered.toString());

		// A token's campaign key finds the ledger, and its recipient key the address.
		assertEquals(Optional.of(summerLedger.toAbsolutePath().normalize()),
				directory.ledgerOf(RecipientTokens.campaignKey("summer-1")));
		assertEquals(Optional.of(springLedger.toAbsolutePath().normalize()),
				directory.ledgerOf(RecipientTokens.campaignKey("spring-1")));
		assertEquals(Optional.of("user3@example.org"),
				CampaignDirectory.findRecipient(springLedger, RecipientTokens.recipientKey("User3@example.org")));
		assertEquals(Optional.empty(), CampaignDirectory.findRecipient(springLedger, RecipientTokens.recipientKey("x@y.org")));

		// The report's CSV: owner only, no value a spreadsheet would run.
		Path csv = dir.resolve("report.csv");
		summer.writeCsv(csv);
		String text = Files.readString(csv);
		assertTrue(text.contains("'-dash5@example.org,accepted"), text);
		assertTrue(text.contains("user2@example.org,suppressed"), text);
		for (String line : text.split("\r?\n")) {
			assertFalse(line.matches("^[=+\\-@].*"), line);
		}
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
	}

	@Test
	void withAReturnPathDomainEachMessageCarriesItsTokenAndAsksForDsn() throws Exception {
		sink = SmtpSink.start(dir);
		settings.set(new Deliverability("bounce.example.com", "", 3, 14));
		Path recipients = dir.resolve("five.csv");
		Files.writeString(recipients, "email,name\nann@example.org,Ann & Co\nbob@example.org,Bob Smith\n"
				+ "carol@example.org,Carol\ndave@example.org,Dave\neve@example.org,Eve\n");
		CampaignReport report;
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("autumn.ledger"), "autumn-1")) {
			report = runner().run(
					campaign("Autumn", sink.port, recipients, "https://company.com/u?e={{email}}&n={{name}}"), ledger,
					CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(5, report.count(DeliveryState.ACCEPTED), report.counts().toString());
		assertEquals(5, sink.awaitReceived(5));
		Pattern mailArgs = Pattern.compile("X-Mail-Args: <bounce\\+([a-z2-7]{34})@bounce\\.example\\.com> (.*)");
		Pattern rcptArgs = Pattern.compile("X-Rcpt-Args: <([^>]+)> (.*)");
		for (Map.Entry<Long, String> m : sink.acceptances()) {
			String dump = m.getValue().replaceAll("\r?\n[ \t]+", " ");
			Matcher mail = mailArgs.matcher(dump);
			assertTrue(mail.find(), dump);
			String token = mail.group(1);
			assertTrue(mail.group(2).contains("RET=HDRS"), mail.group(2));
			assertTrue(mail.group(2).contains("ENVID=" + token), mail.group(2));
			Matcher rcpt = rcptArgs.matcher(dump);
			assertTrue(rcpt.find(), dump);
			assertTrue(rcpt.group(2).contains("NOTIFY=FAILURE"), rcpt.group(2));
			String to = rcpt.group(1);
			assertEquals(Optional.of(new TokenSubject(RecipientTokens.campaignKey("autumn-1"), RecipientTokens.recipientKey(to))),
					tokens.verify(Purpose.BOUNCE, token), to);
			assertTrue(dump.contains("X-BitFaster-Token: " + token), dump);

			Matcher unsubscribe = Pattern.compile("List-Unsubscribe: <(https://[^>]+)>, <mailto:unsubscribe\\+([a-z2-7]{34})@bounce\\.example\\.com>")
					.matcher(dump);
			assertTrue(unsubscribe.find(), dump);
			assertEquals("https://company.com/u?e=" + to.replace("@", "%40") + "&n=" + (to.startsWith("ann") ? "Ann%20%26%20Co"
					: to.startsWith("bob") ? "Bob%20Smith" : Character.toUpperCase(to.charAt(0)) + to.substring(1, to.indexOf('@'))),
					unsubscribe.group(1));
			String unsubscribeToken = unsubscribe.group(2);
			assertTrue(tokens.verify(Purpose.UNSUBSCRIBE, unsubscribeToken).isPresent());
			assertTrue(tokens.verify(Purpose.BOUNCE, unsubscribeToken).isEmpty(), "an unsubscribe token is no bounce token");
			assertTrue(dump.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), dump);
		}
	}

	@Test
	void aPlainHttpUnsubscribeUrlStopsTheCampaignBeforeAnySend() throws Exception {
		Path recipients = recipients();
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("http.ledger"), "http-1")) {
			org.eclipse.core.runtime.CoreException e = org.junit.jupiter.api.Assertions.assertThrows(
					org.eclipse.core.runtime.CoreException.class,
					() -> runner().run(campaign("Http", peer.getPortAllocated(), recipients, "http://company.com/u?e={{email}}"),
							ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor()));
			assertTrue(e.getMessage().contains("https"), e.getMessage());
		}
		assertTrue(rcptSeen.isEmpty(), rcptSeen.toString());
	}

	@Test
	void aDamagedSuppressionListStopsTheCampaignBeforeAnySend() throws Exception {
		list.add("user2@example.org", Reason.MANUAL, "user");
		Files.writeString(list.file(), "not json");
		Path recipients = recipients();
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("damaged.ledger"), "damaged-1")) {
			org.eclipse.core.runtime.CoreException e = org.junit.jupiter.api.Assertions.assertThrows(
					org.eclipse.core.runtime.CoreException.class,
					() -> runner().run(campaign("Damaged", peer.getPortAllocated(), recipients, ""), ledger,
							CampaignRunner.Mode.PENDING, new NullProgressMonitor()));
			assertTrue(e.getMessage().contains("damaged"), e.getMessage());
		}
		assertTrue(rcptSeen.isEmpty(), rcptSeen.toString());
	}
}
