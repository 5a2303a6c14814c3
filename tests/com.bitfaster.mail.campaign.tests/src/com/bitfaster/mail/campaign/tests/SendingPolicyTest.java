package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.SendWindow;
import com.bitfaster.mail.campaign.SendingPolicy;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.bitfaster.mail.tests.support.TestRegistries;

import jakarta.mail.internet.InternetAddress;

/**
 * A campaign's sending policy counted at a real peer, Postfix's smtp-sink: one dump file per message it took, whose
 * modification time is the moment it took it and whose X-Rcpt-Args line names the recipient. The domain limits use
 * real one-minute windows.
 */
class SendingPolicyTest {

	private static final MessageTemplate TEMPLATE = new MessageTemplate("Hello {{first_name}}", "Hello", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	private static final Pattern RCPT = Pattern.compile("X-Rcpt-Args: <[^@>]*@([^>]*)>"); //$NON-NLS-1$

	@TempDir
	Path dir;
	private ServerRegistryImpl registry;
	private SenderServiceImpl sender;
	private CampaignRunner runner;

	@BeforeEach
	void start() {
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		sender = new SenderServiceImpl(registry, extensions, new RetryPolicy(1, attempt -> 0));
		runner = new CampaignRunner(sender, registry, 100);
	}

	@AfterEach
	void stop() {
		sender.close();
	}

	private MailServer server(SmtpSink sink, ServerLimits limits) {
		return registry.add(MailServer.builder().name("Sink").host("127.0.0.1").port(sink.port).encryption("none") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.limits(limits).build(), null);
	}

	/** A list with {@code counts} recipients per domain, domain after domain, and a timezone column. */
	private Path list(Map<String, Integer> counts, String zone) throws Exception {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,first_name,timezone\n"); //$NON-NLS-1$
			for (var e : counts.entrySet()) {
				for (int i = 0; i < e.getValue(); i++) {
					w.write("u" + i + "@" + e.getKey() + ",U" + i + "," + zone + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				}
			}
		}
		return file;
	}

	private static Campaign campaign(Path list, MailServer server, SendingPolicy policy) throws Exception {
		return new Campaign("Policy", new InternetAddress("news@company.com"), TEMPLATE, list, List.of(server.id()), "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				Throttle.NONE, policy);
	}

	/** @return each domain's acceptance times at the sink, earliest first */
	private static Map<String, List<Long>> byDomain(SmtpSink sink) throws Exception {
		Map<String, List<Long>> times = new HashMap<>();
		for (var a : sink.acceptances()) {
			Matcher m = RCPT.matcher(a.getValue());
			assertTrue(m.find(), a.getValue());
			times.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(a.getKey());
		}
		return times;
	}

	@Test
	@Timeout(600)
	void tenThousandMessagesKeepEveryDomainLimitAndTheServersHourlyLimitAtTheServer() throws Exception {
		Map<String, Integer> counts = new java.util.LinkedHashMap<>();
		counts.put("big.test", 4000); // first in the list: its limit must not hold the others back //$NON-NLS-1$
		counts.put("a.test", 2000); //$NON-NLS-1$
		counts.put("b.test", 2000); //$NON-NLS-1$
		counts.put("c.test", 2000); //$NON-NLS-1$
		Map<String, Integer> limits = Map.of("big.test", 3000, "*", 1500); //$NON-NLS-1$ //$NON-NLS-2$
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = server(sink, new ServerLimits(4, 0, 10_000));
			Campaign campaign = campaign(list(counts, "UTC"), server, new SendingPolicy(limits, null, null)); //$NON-NLS-1$
			List<String> waits = new CopyOnWriteArrayList<>();
			runner.onWaiting(waits::add);
			CampaignReport report;
			long began = System.currentTimeMillis();
			try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("policy.ledger"))) { //$NON-NLS-1$
				report = runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, new NullProgressMonitor());
			}
			long took = System.currentTimeMillis() - began;
			assertEquals(10_000, report.count(DeliveryState.ACCEPTED), report.counts().toString());
			assertEquals(10_000, sink.received());
			Map<String, List<Long>> times = byDomain(sink);
			int violations = 0;
			StringBuilder most = new StringBuilder();
			for (var e : counts.entrySet()) {
				List<Long> t = times.get(e.getKey());
				assertEquals(e.getValue(), t.size(), e.getKey());
				int limit = e.getKey().equals("big.test") ? 3000 : 1500; //$NON-NLS-1$
				int inMinute = SmtpSink.mostInWindow(t, 60_000);
				most.append(e.getKey()).append(' ').append(inMinute).append('/').append(limit).append("; "); //$NON-NLS-1$
				if (inMinute > limit) {
					violations++;
				}
				// The limit binds: a minute passed between the first message and the one after the limit.
				assertTrue(t.get(limit) - t.get(0) >= 60_000 - 1_000, e.getKey() + " " + (t.get(limit) - t.get(0))); //$NON-NLS-1$
			}
			List<Long> all = sink.acceptanceTimes();
			System.out.println("SendingPolicyTest: 10,000 messages in " + took + " ms; most in any minute per domain: " //$NON-NLS-1$ //$NON-NLS-2$
					+ most + "most in any hour at the server: " + SmtpSink.mostInWindow(all, 3_600_000)); //$NON-NLS-1$
			assertEquals(0, violations, most.toString());
			assertTrue(SmtpSink.mostInWindow(all, 3_600_000) <= 10_000);
			// No head-of-line blocking: while big.test waited for its next minute, the other domains got their first
			// minute's worth.
			long bigWaitedUntil = times.get("big.test").get(3000); //$NON-NLS-1$
			for (String d : List.of("a.test", "b.test", "c.test")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				assertTrue(times.get(d).get(1499) < bigWaitedUntil, d);
			}
			assertTrue(waits.stream().anyMatch(w -> w.startsWith("Waiting for the domain limit of ")), waits.toString()); //$NON-NLS-1$
			// Shared and durable: the domains' quota files are in the data folder.
			assertTrue(Files.exists(dir.resolve("quota-domain-big.test.json"))); //$NON-NLS-1$
		}
	}

	@Test
	@Timeout(120)
	void aDailyCapOf300SendsExactly300AndHoldsTheRest() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = server(sink, new ServerLimits(4, 0, 0, 300, List.of()));
			Campaign campaign = campaign(list(Map.of("d.test", 1000), "UTC"), server, SendingPolicy.NONE); //$NON-NLS-1$ //$NON-NLS-2$
			NullProgressMonitor monitor = new NullProgressMonitor();
			java.util.concurrent.atomic.AtomicReference<CampaignReport> report = new java.util.concurrent.atomic.AtomicReference<>();
			Thread t = new Thread(() -> {
				try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("daily.ledger"))) { //$NON-NLS-1$
					report.set(runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, monitor));
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			});
			t.start();
			assertEquals(300, sink.awaitReceived(300));
			// The rest waits for the day: the server's quota file has every block closed with 300 used in all.
			Path quota = dir.resolve("quota-" + server.id() + ".json"); //$NON-NLS-1$ //$NON-NLS-2$
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (!Files.readString(quota).contains("\"closed\"") || Files.readString(quota).contains("\"count\"") //$NON-NLS-1$ //$NON-NLS-2$
					&& Pattern.compile("\\{[^}]*\"count\":[^}]*\\}").matcher(Files.readString(quota)).results() //$NON-NLS-1$
							.anyMatch(m -> !m.group().contains("\"closed\""))) { //$NON-NLS-1$
				assertTrue(System.nanoTime() < deadline, Files.readString(quota));
				java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
			}
			// A pause takes effect although the rest waits for the server's daily quota: the run ends, the rest pending.
			monitor.setCanceled(true);
			t.join(30_000);
			assertTrue(!t.isAlive());
			assertEquals(300, report.get().count(DeliveryState.ACCEPTED), report.get().counts().toString());
			assertEquals(700, report.get().count(DeliveryState.PENDING), report.get().counts().toString());
			assertEquals(300, sink.received());
			assertEquals(300, SmtpSink.mostInWindow(sink.acceptanceTimes(), 24 * 3_600_000L));
		}
	}

	@Test
	void aRecipientZoneThatIsNoTimeZoneIsAListProblemWithItsLine() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = server(sink, new ServerLimits(1, 0, 0));
			Path list = dir.resolve("zones.csv"); //$NON-NLS-1$
			Files.writeString(list, "email,first_name,timezone\na@x.test,A,Europe/Berlin\nb@x.test,B,Europe/Berln\n"); //$NON-NLS-1$
			SendWindow window = SendWindow.parse("daily", "00:00", "24:00", "recipient"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Campaign campaign = campaign(list, server, new SendingPolicy(Map.of(), window, null));
			CoreException e = assertThrows(CoreException.class, () -> runner.check(campaign));
			assertEquals("Line 3: \"Europe/Berln\" is not a time zone (the timezone column needs IANA ids such as Europe/Berlin).", //$NON-NLS-1$
					e.getMessage());
		}
	}

	@Test
	void aRecipientOutsideItsWindowWaitsWhileOthersAreSent() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = server(sink, new ServerLimits(2, 0, 0));
			// A window of the current hour in UTC: recipients in UTC are inside it; those 12 hours away are not.
			Instant now = Instant.now();
			int hour = now.atZone(ZoneId.of("UTC")).getHour(); //$NON-NLS-1$
			if (now.atZone(ZoneId.of("UTC")).getMinute() >= 58) { //$NON-NLS-1$
				Thread.sleep(130_000); // not a synchronisation: keeps the test off an hour's edge
				hour = Instant.now().atZone(ZoneId.of("UTC")).getHour(); //$NON-NLS-1$
			}
			String from = "%02d:00".formatted(hour); //$NON-NLS-1$
			String to = "%02d:00".formatted((hour + 1) % 24); //$NON-NLS-1$
			Path list = dir.resolve("zones.csv"); //$NON-NLS-1$
			StringBuilder b = new StringBuilder("email,first_name,timezone\n"); //$NON-NLS-1$
			for (int i = 0; i < 20; i++) {
				b.append("far").append(i).append("@x.test,F,Etc/GMT+12\n"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			for (int i = 0; i < 30; i++) {
				b.append("near").append(i).append("@x.test,N,UTC\n"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			Files.writeString(list, b.toString());
			SendWindow window = SendWindow.parse("daily", from, to, "recipient"); //$NON-NLS-1$ //$NON-NLS-2$
			Campaign campaign = campaign(list, server, new SendingPolicy(Map.of(), window, null));
			List<String> waits = new CopyOnWriteArrayList<>();
			runner.onWaiting(waits::add);
			NullProgressMonitor monitor = new NullProgressMonitor();
			Thread t = new Thread(() -> {
				try (CampaignLedger ledger = CampaignLedger.open(dir.resolve("zones.ledger"))) { //$NON-NLS-1$
					runner.run(campaign, ledger, CampaignRunner.Mode.PENDING, monitor);
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			});
			t.start();
			assertEquals(30, sink.awaitReceived(30));
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (waits.isEmpty()) {
				assertTrue(System.nanoTime() < deadline);
				java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
			}
			monitor.setCanceled(true);
			t.join(30_000);
			assertEquals(30, sink.received());
			assertTrue(sink.acceptances().stream().allMatch(a -> a.getValue().contains("X-Rcpt-Args: <near")));//$NON-NLS-1$
			assertTrue(waits.get(0).startsWith("Waiting for the send window of 20 recipients: next "), waits.toString()); //$NON-NLS-1$
			assertTrue(waits.get(0).contains("Etc/GMT+12"), waits.toString()); //$NON-NLS-1$
		}
	}
}
