package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.LedgerEntry;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.TestRegistries;

import jakarta.mail.internet.InternetAddress;

/**
 * A real SMTP peer (SubEthaSMTP) that answers per recipient: greylisted addresses get 451 on their first RCPT and are
 * accepted afterwards, unknown ones get 550 every time, the rest are accepted.
 */
class PerRecipientRepliesTest {

	@TempDir
	Path dir;
	private SMTPServer peer;
	/** RCPT commands seen per address, and the messages whose data arrived per address. */
	private final Map<String, Integer> rcptSeen = new ConcurrentHashMap<>();
	private final Map<String, Integer> delivered = new ConcurrentHashMap<>();
	private ServerRegistryImpl registry;
	private MailExtensionsImpl extensions;

	@BeforeEach
	void start() {
		peer = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost") //$NON-NLS-1$
				.messageHandlerFactory(this::handler).build();
		peer.start();
		extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
	}

	@AfterEach
	void stop() {
		peer.stop();
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
				int seen = rcptSeen.merge(recipient, 1, Integer::sum);
				if (recipient.startsWith("unknown")) { //$NON-NLS-1$
					throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown"); //$NON-NLS-1$ //$NON-NLS-2$
				}
				if (recipient.startsWith("grey") && seen == 1) { //$NON-NLS-1$
					throw new RejectException(451, "4.7.1 <" + recipient + ">: Greylisted, try again later"); //$NON-NLS-1$ //$NON-NLS-2$
				}
				to = recipient;
			}

			@Override
			public String data(InputStream data) throws IOException {
				data.transferTo(java.io.OutputStream.nullOutputStream());
				delivered.merge(to, 1, Integer::sum);
				return null;
			}

			@Override
			public void done() {
				// nothing kept per session
			}
		};
	}

	/** 30 recipients: every seventh unknown (4), every other fifth greylisted (6), 20 plainly accepted. */
	private Path list() throws IOException {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,name\n"); //$NON-NLS-1$
			for (int i = 1; i <= 30; i++) {
				String local = i % 7 == 0 ? "unknown" : i % 5 == 0 ? "grey" : "user"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				w.write(local + i + "@example.org,Reader " + i + "\n"); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		return file;
	}

	private static final List<String> GREY = List.of("grey5@example.org", "grey10@example.org", "grey15@example.org", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			"grey20@example.org", "grey25@example.org", "grey30@example.org"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	private static final List<String> UNKNOWN = List.of("unknown7@example.org", "unknown14@example.org", //$NON-NLS-1$ //$NON-NLS-2$
			"unknown21@example.org", "unknown28@example.org"); //$NON-NLS-1$ //$NON-NLS-2$

	private Campaign campaign(Path list) throws Exception {
		MailServer server = registry.add(MailServer.builder().name("Greylisting relay").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(peer.getPortAllocated()).encryption("none").limits(new ServerLimits(2, 100, 0)).build(), null); //$NON-NLS-1$
		return new Campaign("Autumn", new InternetAddress("news@company.com"), //$NON-NLS-1$ //$NON-NLS-2$
				new MessageTemplate("Hello {{name}}", "Dear {{name}}", ""), list, List.of(server.id()), ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	private static LedgerEntry entry(CampaignReport report, String address) {
		return report.entries().stream().filter(e -> e.address().equals(address)).findFirst().orElseThrow();
	}

	@Test
	void greylistedRecipientsAreRetriedWithinTheRunAndUnknownOnesAreRejectedOnce() throws Exception {
		CampaignRunner runner = new CampaignRunner(
				new SenderServiceImpl(registry, extensions, new RetryPolicy(3, attempt -> 0)), registry, 10);
		CampaignReport report;
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("autumn.ledger"))) { //$NON-NLS-1$
			report = runner.run(campaign(list()), ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(26, report.count(DeliveryState.ACCEPTED), report.counts().toString());
		assertEquals(4, report.count(DeliveryState.REJECTED), report.counts().toString());
		for (String grey : GREY) {
			assertEquals(2, rcptSeen.get(grey), grey + " is asked twice: 451, then accepted"); //$NON-NLS-1$
			assertEquals(DeliveryState.ACCEPTED, entry(report, grey).state());
			assertEquals(1, delivered.get(grey));
		}
		for (String unknown : UNKNOWN) {
			assertEquals(1, rcptSeen.get(unknown), unknown + ": a 5xx reply is final, never retried"); //$NON-NLS-1$
			LedgerEntry e = entry(report, unknown);
			assertEquals(DeliveryState.REJECTED, e.state());
			assertEquals(550, e.replyCode());
			assertTrue(e.reply().contains("User unknown"), e.reply()); //$NON-NLS-1$
			assertEquals(null, delivered.get(unknown));
		}
		assertEquals(26, delivered.values().stream().mapToInt(Integer::intValue).sum(), delivered.toString());
		assertTrue(delivered.values().stream().allMatch(n -> n == 1), "nobody gets two copies: " + delivered); //$NON-NLS-1$
	}

	@Test
	void deferredRecipientsAreSentByRetryFailedAndNobodyElseIs() throws Exception {
		CampaignRunner runner = new CampaignRunner(
				new SenderServiceImpl(registry, extensions, new RetryPolicy(1, attempt -> 0)), registry, 10);
		Campaign campaign = campaign(list());
		Path ledgerFile = dir.resolve("autumn.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			CampaignReport first = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			assertEquals(20, first.count(DeliveryState.ACCEPTED), first.counts().toString());
			assertEquals(6, first.count(DeliveryState.DEFERRED), first.counts().toString());
			assertEquals(4, first.count(DeliveryState.REJECTED), first.counts().toString());
			LedgerEntry grey = entry(first, "grey5@example.org"); //$NON-NLS-1$
			assertEquals(451, grey.replyCode(), grey.toString());
			assertTrue(grey.reply().contains("Greylisted"), grey.reply()); //$NON-NLS-1$
		}
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			CampaignReport retried = runner.run(campaign, ledger, CampaignRunner.Mode.RETRY_FAILED, new NullProgressMonitor());
			assertEquals(26, retried.count(DeliveryState.ACCEPTED), retried.counts().toString());
			assertEquals(4, retried.count(DeliveryState.REJECTED), "unknown users stay rejected: " + retried.counts()); //$NON-NLS-1$
			assertEquals(0, retried.count(DeliveryState.DEFERRED));
		}
		for (String grey : GREY) {
			assertEquals(1, delivered.get(grey), grey);
		}
		assertEquals(26, delivered.values().stream().mapToInt(Integer::intValue).sum(), delivered.toString());
		assertTrue(delivered.values().stream().allMatch(n -> n == 1), "accepted recipients are not sent again: " + delivered); //$NON-NLS-1$
		assertEquals(1, rcptSeen.get("user1@example.org"), "retry-failed leaves accepted recipients alone"); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
