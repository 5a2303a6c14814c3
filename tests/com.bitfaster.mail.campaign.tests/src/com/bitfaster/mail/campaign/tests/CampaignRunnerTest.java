package com.bitfaster.mail.campaign.tests;

import static com.bitfaster.mail.tests.support.Loopback.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.campaign.Ticker;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.TestRegistries;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Campaigns sent through the real sender service and SMTP transport to GreenMail on loopback. */
class CampaignRunnerTest {

	private static final MessageTemplate TEMPLATE = new MessageTemplate("Spring offers for {{first_name}}", //$NON-NLS-1$
			"Hello {{first_name}},\nyour code is {{code}}.", "<p>Hello {{first_name}}</p><p>Code: <b>{{code}}</b></p>"); //$NON-NLS-1$ //$NON-NLS-2$

	@TempDir
	Path dir;
	private GreenMail greenMail;
	private int smtpPort;
	private ServerRegistryImpl registry;
	private CampaignRunner runner;
	private SenderServiceImpl sender;

	@BeforeEach
	void start() throws IOException {
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		smtpPort = greenMail.getSmtp().getPort();
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		sender = new SenderServiceImpl(registry, extensions, new RetryPolicy(1, attempt -> 0));
		runner = new CampaignRunner(sender, registry, 50);
	}

	@AfterEach
	void stop() {
		greenMail.stop();
	}

	private MailServer server(String name, int port) {
		return registry.add(MailServer.builder().name(name).host("127.0.0.1").port(port).encryption("none") //$NON-NLS-1$ //$NON-NLS-2$
				.limits(new com.bitfaster.mail.core.ServerLimits(4, 100, 0)).build(), null);
	}

	private Path list(int size) throws IOException {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,first_name,code\n"); //$NON-NLS-1$
			for (int i = 0; i < size; i++) {
				w.write("user" + i + "@example.org,User <" + i + ">,C" + i + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
		}
		return file;
	}

	private Campaign campaign(Path list, MailServer... servers) throws Exception {
		return new Campaign("Spring", new InternetAddress("news@company.com"), TEMPLATE, list, //$NON-NLS-1$ //$NON-NLS-2$
				java.util.Arrays.stream(servers).map(MailServer::id).toList(), "https://company.com/unsubscribe?u={{code}}"); //$NON-NLS-1$
	}

	private Map<String, Integer> receivedPerRecipient() throws Exception {
		Map<String, Integer> counts = new HashMap<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			for (var a : m.getRecipients(Message.RecipientType.TO)) {
				counts.merge(((InternetAddress) a).getAddress(), 1, Integer::sum);
			}
		}
		return counts;
	}

	@Test
	void everyRecipientGetsOnePersonalisedMessage() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		Campaign campaign = campaign(list(500), server);
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("spring.ledger"))) { //$NON-NLS-1$
			CampaignReport report = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			assertEquals(500, report.count(DeliveryState.ACCEPTED), report.counts().toString());
			assertEquals(0, report.count(DeliveryState.PENDING));
			assertTrue(report.entries().get(0).reply().startsWith("250"), report.entries().get(0).reply()); //$NON-NLS-1$
		}
		Map<String, Integer> received = receivedPerRecipient();
		assertEquals(500, received.size());
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			assertTrue(m.getMessageID().endsWith("@company.com>"), "Message-ID in the sender's domain: " + m.getMessageID()); //$NON-NLS-1$ //$NON-NLS-2$
			ids.add(m.getMessageID());
		}
		assertEquals(500, ids.size(), "every message has its own Message-ID"); //$NON-NLS-1$
		assertTrue(received.values().stream().allMatch(n -> n == 1), received.toString());
		MimeMessage first = java.util.Arrays.stream(greenMail.getReceivedMessages())
				.filter(m -> { try { return "user7@example.org".equals(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress()); } catch (Exception e) { return false; } }) //$NON-NLS-1$
				.findFirst().orElseThrow();
		assertEquals("Spring offers for User <7>", first.getSubject()); //$NON-NLS-1$
		assertEquals("<https://company.com/unsubscribe?u=C7>", first.getHeader("List-Unsubscribe", null)); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("List-Unsubscribe=One-Click", first.getHeader("List-Unsubscribe-Post", null)); //$NON-NLS-1$ //$NON-NLS-2$
		String raw = new String(first.getRawInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		assertTrue(raw.contains("User &lt;7&gt;"), "HTML part escapes the value"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void aPausedCampaignResumesWithoutSendingTwiceOrSkippingAnyone() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		Campaign campaign = campaign(list(400), server);
		Path ledgerFile = dir.resolve("spring.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			NullProgressMonitor pauseAfter120 = new NullProgressMonitor() {
				private int worked;

				@Override
				public void worked(int work) {
					worked += work;
					if (worked >= 120) {
						setCanceled(true);
					}
				}
			};
			CampaignReport paused = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, pauseAfter120);
			assertTrue(paused.count(DeliveryState.PENDING) > 0, paused.counts().toString());
			assertEquals(400, paused.count(DeliveryState.PENDING) + paused.count(DeliveryState.ACCEPTED), paused.counts().toString());
		}
		int deliveredBefore = greenMail.getReceivedMessages().length;
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			CampaignReport resumed = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			assertEquals(400, resumed.count(DeliveryState.ACCEPTED));
		}
		Map<String, Integer> received = receivedPerRecipient();
		assertTrue(deliveredBefore > 0 && deliveredBefore < 400, "paused part-way: " + deliveredBefore); //$NON-NLS-1$
		assertEquals(400, received.size());
		assertTrue(received.values().stream().allMatch(n -> n == 1), received.toString());
	}

	@Test
	void aMissingMergeFieldStopsTheCampaignBeforeAnySend() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		Campaign campaign = new Campaign("Broken", new InternetAddress("news@company.com"), //$NON-NLS-1$ //$NON-NLS-2$
				new MessageTemplate("Hi {{first_name}}", "Your {{loyalty_tier}} benefits", ""), list(10), List.of(server.id()), ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("broken.ledger"))) { //$NON-NLS-1$
			CoreException e = assertThrows(CoreException.class,
					() -> runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor()));
			assertEquals("The template uses fields the list does not have: loyalty_tier.", e.getMessage()); //$NON-NLS-1$
			assertEquals(List.of(), CampaignReport.read(ledger.file(), 10).entries());
		}
		assertEquals(0, greenMail.getReceivedMessages().length);
	}

	@Test
	void aLineBreakInTheSubjectOrUnsubscribeTemplateStopsTheCampaignBeforeAnySend() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		Campaign subject = new Campaign("Injected", new InternetAddress("news@company.com"), //$NON-NLS-1$ //$NON-NLS-2$
				new MessageTemplate("Hi\r\nBcc: all@example.org", "Text", ""), list(10), List.of(server.id()), ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		Campaign unsubscribe = new Campaign("Injected", new InternetAddress("news@company.com"), TEMPLATE, list(10), //$NON-NLS-1$ //$NON-NLS-2$
				List.of(server.id()), "https://company.com/u\r\nBcc: all@example.org"); //$NON-NLS-1$
		for (Campaign campaign : List.of(subject, unsubscribe)) {
			try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("injected.ledger"))) { //$NON-NLS-1$
				CoreException e = assertThrows(CoreException.class,
						() -> runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor()));
				assertTrue(e.getMessage().contains("line break"), e.getMessage()); //$NON-NLS-1$
				assertEquals(List.of(), CampaignReport.read(ledger.file(), 10).entries());
			}
		}
		assertEquals(0, greenMail.getReceivedMessages().length);
	}

	@Test
	void retryFailedSendsOnlyToDeferredRecipients() throws Exception {
		int nothingListening = freePort();
		MailServer server = server("Campaign Server", nothingListening); //$NON-NLS-1$
		Campaign campaign = campaign(list(30), server);
		Path ledgerFile = dir.resolve("spring.ledger"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			CampaignReport first = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			assertEquals(30, first.count(DeliveryState.DEFERRED), first.counts().toString());
		}
		registry.update(registry.get(server.id()).orElseThrow().toBuilder().port(smtpPort).build());
		try (CampaignLedger ledger = CampaignLedger.open(ledgerFile)) {
			assertEquals(0, runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor())
					.count(DeliveryState.ACCEPTED), "a plain resume leaves deferred recipients alone"); //$NON-NLS-1$
			CampaignReport retried = runner.run(campaign, ledger, CampaignRunner.Mode.RETRY_FAILED, new NullProgressMonitor());
			assertEquals(30, retried.count(DeliveryState.ACCEPTED), retried.counts().toString());
		}
		assertEquals(30, greenMail.getReceivedMessages().length);
	}

	@Test
	void aPoolWithADeadServerDeliversEverythingOnceThroughTheLiveOne() throws Exception {
		MailServer dead = server("Dead relay", freePort()); //$NON-NLS-1$
		MailServer live = server("Live relay", smtpPort); //$NON-NLS-1$
		Campaign campaign = campaign(list(100), dead, live);
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("pool.ledger"))) { //$NON-NLS-1$
			CampaignReport report = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			assertEquals(100, report.count(DeliveryState.ACCEPTED), report.counts().toString());
		}
		Map<String, Integer> received = receivedPerRecipient();
		assertEquals(100, received.size());
		assertTrue(received.values().stream().allMatch(n -> n == 1));
	}

	@Test
	void aCampaignJobPausesInTheBackgroundAndResumesWhereItStopped() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		CampaignJob job = new CampaignJob(runner, campaign(list(3000), server), dir.resolve("job.ledger"), //$NON-NLS-1$
				CampaignRunner.Mode.PENDING);
		job.schedule();
		assertTrue(greenMail.waitForIncomingEmail(30_000, 1), "the job started sending"); //$NON-NLS-1$
		job.pause();
		job.join();
		assertEquals(org.eclipse.core.runtime.IStatus.INFO, job.getResult().getSeverity(), job.getResult().toString());
		assertTrue(job.isPaused());
		long pendingAfterPause = job.lastReport().count(DeliveryState.PENDING);
		assertTrue(pendingAfterPause > 0, job.lastReport().counts().toString());

		job.resume();
		job.join();
		assertTrue(job.getResult().isOK(), job.getResult().toString());
		assertEquals(3000, job.lastReport().count(DeliveryState.ACCEPTED));
		Map<String, Integer> received = receivedPerRecipient();
		assertEquals(3000, received.size());
		assertTrue(received.values().stream().allMatch(n -> n == 1), "nobody got two messages"); //$NON-NLS-1$
	}

	@Test
	void theReportExportsOneCsvRowPerRecipient() throws Exception {
		MailServer server = server("Campaign Server", smtpPort); //$NON-NLS-1$
		Path csv = dir.resolve("report.csv"); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("r.ledger"))) { //$NON-NLS-1$
			runner.run(campaign(list(3), server), ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor()).writeCsv(csv);
		}
		List<String> lines = Files.readAllLines(csv);
		assertEquals("address,state,code,reply", lines.get(0)); //$NON-NLS-1$
		assertEquals(4, lines.size());
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("user0@example.org,accepted,250,")), lines.toString()); //$NON-NLS-1$
	}

	/** A clock that only moves when the runner waits. */
	private static final class FakeTicker implements Ticker {
		long now = 1_000_000L;
		long slept;
		Runnable onSleep = () -> { /* nothing */ };

		@Override
		public long nanoTime() {
			return now;
		}

		@Override
		public void sleep(long nanos) {
			now += nanos;
			slept += nanos;
			onSleep.run();
		}
	}

	/** The real sender, noting the ticker's time of every batch. */
	private SenderService recording(FakeTicker ticker, List<Long> batchTimes) {
		return new SenderService() {
			@Override
			public SendResult send(MimeMessage message, MailServer server, org.eclipse.core.runtime.IProgressMonitor monitor) {
				return sender.send(message, server, monitor);
			}

			@Override
			public List<SendResult> sendAll(List<MimeMessage> messages, List<MailServer> servers,
					java.util.function.Consumer<SendResult> onResult, org.eclipse.core.runtime.IProgressMonitor monitor) {
				batchTimes.add((ticker.now - 1_000_000L) / 1_000_000_000L);
				return sender.sendAll(messages, servers, onResult, monitor);
			}

			@Override
			public SendJob submit(List<com.bitfaster.mail.core.Envelope> envelopes, List<MailServer> servers,
					java.util.function.Consumer<SendResult> onResult) {
				batchTimes.add((ticker.now - 1_000_000L) / 1_000_000_000L);
				return sender.submit(envelopes, servers, onResult);
			}
		};
	}

	@Test
	void messagesPerHourSpacesTheBatchesEvenly() throws Exception {
		FakeTicker ticker = new FakeTicker();
		List<Long> batchSeconds = new java.util.ArrayList<>();
		CampaignRunner throttled = new CampaignRunner(recording(ticker, batchSeconds), registry, 50, ticker);
		// 3,600 an hour is one a second; two at a time: the batches start at 0, 2 and 4 seconds.
		Campaign campaign = campaign(list(6), server("Throttled", smtpPort)).withThrottle(new Throttle(3600, 2));
		CampaignReport report;
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("throttled.ledger"))) { //$NON-NLS-1$
			report = throttled.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(6, report.count(DeliveryState.ACCEPTED));
		assertEquals(6, greenMail.getReceivedMessages().length);
		assertEquals(List.of(0L, 2L, 4L), batchSeconds);
		assertEquals(4_000_000_000L, ticker.slept, "the runner waited 4 s in all, no more"); //$NON-NLS-1$
	}

	@Test
	void withoutARateLimitTheRunnerNeverWaits() throws Exception {
		FakeTicker ticker = new FakeTicker();
		List<Long> batchSeconds = new java.util.ArrayList<>();
		CampaignRunner unthrottled = new CampaignRunner(recording(ticker, batchSeconds), registry, 50, ticker);
		Campaign campaign = campaign(list(6), server("Free", smtpPort)).withThrottle(new Throttle(0, 2)); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("free.ledger"))) { //$NON-NLS-1$
			unthrottled.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
		}
		assertEquals(List.of(0L, 0L, 0L), batchSeconds, "three batches of two, at once"); //$NON-NLS-1$
		assertEquals(0, ticker.slept);
	}

	@Test
	void aPauseDuringTheRateLimitWaitStopsBeforeTheNextBatch() throws Exception {
		FakeTicker ticker = new FakeTicker();
		List<Long> batchSeconds = new java.util.ArrayList<>();
		CampaignRunner throttled = new CampaignRunner(recording(ticker, batchSeconds), registry, 50, ticker);
		NullProgressMonitor monitor = new NullProgressMonitor();
		ticker.onSleep = () -> monitor.setCanceled(true); // paused while waiting for the second batch
		Campaign campaign = campaign(list(6), server("Paused", smtpPort)).withThrottle(new Throttle(3600, 2)); //$NON-NLS-1$
		try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("paused.ledger"))) { //$NON-NLS-1$
			CampaignReport report = throttled.run(campaign, ledger, CampaignRunner.Mode.PENDING, monitor);
			assertEquals(2, report.count(DeliveryState.ACCEPTED));
			assertEquals(4, report.count(DeliveryState.PENDING));
			assertEquals(List.of(0L), batchSeconds);
			assertTrue(ticker.slept <= 200_000_000L, "one wait slice at most: " + ticker.slept); //$NON-NLS-1$
		}
	}
}
