package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.bitfaster.mail.tests.support.TestRegistries;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A run in mode {@link CampaignRunner.Mode#RESEND_UNKNOWN} sends to the UNKNOWN recipients and to no one else,
 * counted at GreenMail: unknown because a real server dropped the connection after the final "." (Postfix's
 * smtp-sink with {@code -q .}), and because a run died with their intents written.
 */
class ResendUnknownTest {

	private static final MessageTemplate TEMPLATE = new MessageTemplate("Hello {{first_name}}", "Hello {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$
			""); //$NON-NLS-1$

	@TempDir
	Path dir;
	private GreenMail greenMail;
	private ServerRegistryImpl registry;
	private CampaignRunner runner;

	@BeforeEach
	void start() throws IOException {
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		runner = new CampaignRunner(new SenderServiceImpl(registry, extensions, new RetryPolicy(1, attempt -> 0)),
				registry, 50);
	}

	@AfterEach
	void stop() {
		greenMail.stop();
	}

	private MailServer server(String name, int port) {
		return registry.add(MailServer.builder().name(name).host("127.0.0.1").port(port).encryption("none") //$NON-NLS-1$ //$NON-NLS-2$
				.limits(new com.bitfaster.mail.core.ServerLimits(2, 100, 0)).build(), null);
	}

	/** user0 to user{size - 1}, user{i} on line i + 2. */
	private Path list(int size) throws IOException {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,first_name\n"); //$NON-NLS-1$
			for (int i = 0; i < size; i++) {
				w.write("user" + i + "@example.org,Reader " + i + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		}
		return file;
	}

	private static List<Recipient> users(int from, int to) {
		List<Recipient> users = new ArrayList<>();
		for (int i = from; i < to; i++) {
			users.add(new Recipient(i + 2, "user" + i + "@example.org", Map.of())); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return users;
	}

	private static Campaign campaign(Path list, MailServer server) throws Exception {
		return new Campaign("Resend", new InternetAddress("news@company.com"), TEMPLATE, list, List.of(server.id()), ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void resendUnknownSendsToTheUnknownRecipientsAndToNoOneElse() throws Exception {
		Path ledgerFile = dir.resolve("resend.ledger"); //$NON-NLS-1$
		// user0-9: a server that drops the connection after the final "." (the message may have arrived).
		try (SmtpSink lossy = SmtpSink.start(dir, "-q", ".")) { //$NON-NLS-1$ //$NON-NLS-2$
			Campaign first = campaign(list(10), server("Lossy", lossy.port)); //$NON-NLS-1$
			try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
				CampaignReport report = runner.run(first, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
				assertEquals(10, report.count(DeliveryState.UNKNOWN), report.counts().toString());
			}
		}
		// The list grows to 40. user20-34 get outcomes; a run dies with the intents of user10-19 written.
		Path list = list(40);
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			ledger.beginRun(CampaignRunner.Mode.PENDING.name(), new RecipientList(list).check().sha256(), 40);
			ledger.beginRecipients(users(20, 35));
			ledger.sync();
			for (Recipient r : users(20, 35)) {
				long i = r.line() - 2;
				DeliveryState state = i < 25 ? DeliveryState.REJECTED : i < 30 ? DeliveryState.DEFERRED : DeliveryState.ACCEPTED;
				ledger.record(r.address(), state, state == DeliveryState.ACCEPTED ? 250 : 550, "reply"); //$NON-NLS-1$
			}
			ledger.beginRecipients(users(10, 20));
			ledger.sync();
		}
		Map<String, DeliveryState> before = states(CampaignReport.read(ledgerFile, new RecipientList(list)));
		assertEquals(20, before.values().stream().filter(DeliveryState.UNKNOWN::equals).count(), before.toString());

		Campaign resend = campaign(list, server("GreenMail", greenMail.getSmtp().getPort())); //$NON-NLS-1$
		CampaignReport after;
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			after = runner.run(resend, ledger, CampaignRunner.Mode.RESEND_UNKNOWN, new NullProgressMonitor());
		}
		Map<String, Integer> received = new TreeMap<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			received.merge(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress(), 1, Integer::sum);
		}
		Map<String, Integer> expected = new TreeMap<>();
		for (Recipient r : users(0, 20)) {
			expected.put(r.address(), 1);
		}
		assertEquals(expected, received, "exactly the unknown recipients, once each"); //$NON-NLS-1$

		Map<String, DeliveryState> states = states(after);
		for (Recipient r : users(0, 40)) {
			DeliveryState was = before.getOrDefault(r.address(), DeliveryState.PENDING);
			DeliveryState now = states.getOrDefault(r.address(), DeliveryState.PENDING);
			assertEquals(was == DeliveryState.UNKNOWN ? DeliveryState.ACCEPTED : was, now, r.address());
		}
		assertEquals(5, after.count(DeliveryState.PENDING), after.counts().toString());
		assertTrue(Files.readString(ledgerFile).contains("\tRUN\tRESEND_UNKNOWN\t"), "the RUN record names the mode"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static Map<String, DeliveryState> states(CampaignReport report) {
		Map<String, DeliveryState> states = new HashMap<>();
		for (LedgerEntry e : report.entries()) {
			states.put(e.address(), e.state());
		}
		return states;
	}
}
