package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.tests.support.SmtpSink;

import jakarta.mail.internet.MimeMessage;

/**
 * The shared, durable rate limits of a server (hourly, daily, warm-up), counted at a real peer: Postfix's smtp-sink
 * writes a dump file per message it took, whose modification time is the moment of acceptance. The limits use real
 * hour and day windows with small numbers; what an earlier run (or a run a day ago) left is written into the quota
 * file as that run would have left it.
 */
@Timeout(120)
class SendQuotaTest {

	private static final long HOUR = 3_600_000L;
	private static final long DAY = 24 * HOUR;

	@TempDir
	Path dir;
	private Fixture fx;
	private final List<SenderServiceImpl> senders = new ArrayList<>();

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
	}

	@AfterEach
	void tearDown() {
		senders.forEach(SenderServiceImpl::close);
		fx.sender.close();
	}

	private static List<MimeMessage> messages(int n) throws Exception {
		List<MimeMessage> list = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			list.add(Fixture.message("m" + i, "r" + i + "@example.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		return list;
	}

	private MailServer limited(SmtpSink sink, ServerLimits limits) {
		return fx.server(MailServer.builder().name("Limited").host("127.0.0.1").port(sink.port).limits(limits) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption(MailServer.ENCRYPTION_NONE).timeoutSeconds(10), null);
	}

	/**
	 * Sends {@code n} messages and cancels once {@code expected} were accepted: the rest are held back by the limit
	 * (they wait for quota) and end deferred.
	 */
	private List<SendResult> sendUntilAccepted(SenderServiceImpl sender, MailServer server, int n, int expected)
			throws Exception {
		NullProgressMonitor monitor = new NullProgressMonitor();
		AtomicInteger accepted = new AtomicInteger();
		if (expected == 0) {
			monitor.setCanceled(true);
		}
		List<SendResult> results = sender.sendAll(messages(n), List.of(server), r -> {
			if (r.allAccepted() && accepted.incrementAndGet() == expected) {
				monitor.setCanceled(true);
			}
		}, monitor);
		assertEquals(n, results.size());
		return results;
	}

	private static long count(List<SendResult> results, Status status) {
		return results.stream().filter(r -> r.outcomes().get(0).status() == status).count();
	}

	private Path quotaFile(MailServer server) {
		return dir.resolve("quota-" + server.id() + ".json"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void anHourlyLimitOf50Sends50Of200AndHoldsTheRest() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(2, 0, 50));
			List<SendResult> results = sendUntilAccepted(fx.sender, server, 200, 50);
			assertEquals(50, count(results, Status.ACCEPTED));
			assertEquals(150, count(results, Status.DEFERRED));
			assertEquals(50, sink.awaitReceived(50));
			assertEquals(50, sink.received());
			assertEquals(50, sink.mostInWindow(HOUR));
			awaitNoOpenBlock(quotaFile(server)); // every block closed with what it used, the file counts exactly 50
			String file = Files.readString(quotaFile(server), StandardCharsets.UTF_8);
			assertEquals(50, java.util.regex.Pattern.compile("\"used\":(\\d+)").matcher(file).results() //$NON-NLS-1$
					.mapToInt(m -> Integer.parseInt(m.group(1))).sum(), file);
		}
	}

	@Test
	void noRateLimitLeavesNoQuotaFile() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(2, 0, 0));
			List<SendResult> results = fx.sendAll(messages(40), List.of(server));
			assertEquals(40, count(results, Status.ACCEPTED));
			assertFalse(Files.exists(quotaFile(server)));
			try (Stream<Path> files = Files.list(dir)) {
				assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("quota-"))); //$NON-NLS-1$
			}
		}
	}

	@Test
	void anotherSenderLaterContinuesTheCount() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(1, 0, 50));
			assertEquals(30, count(fx.sendAll(messages(30), List.of(server)), Status.ACCEPTED));
			fx.sender.close(); // as a process that ended
			SenderServiceImpl second = newSender();
			List<SendResult> results = sendUntilAccepted(second, server, 40, 20);
			assertEquals(20, count(results, Status.ACCEPTED));
			assertEquals(20, count(results, Status.DEFERRED));
			assertEquals(50, sink.received());
			assertEquals(50, sink.mostInWindow(HOUR));
		}
	}

	@Test
	void twoSendersAtOnceShareTheLimit() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(2, 0, 50));
			SenderServiceImpl other = newSender();
			var a = fx.sender.submit(envelopes(60, "a"), List.of(server), null); //$NON-NLS-1$
			var b = other.submit(envelopes(60, "b"), List.of(server), null); //$NON-NLS-1$
			assertEquals(50, sink.awaitReceived(50));
			// Both hold their rest back: wait until each has closed its blocks (no block open in the file).
			awaitNoOpenBlock(quotaFile(server));
			a.cancel();
			b.cancel();
			List<SendResult> all = new ArrayList<>(a.await());
			all.addAll(b.await());
			assertEquals(50, count(all, Status.ACCEPTED));
			assertEquals(70, count(all, Status.DEFERRED));
			assertEquals(50, sink.received());
		}
	}

	@Test
	void aBlockOfADeadProcessCountsWholeUntilItsDeadline() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(1, 0, 50));
			long now = System.currentTimeMillis();
			write(quotaFile(server), now - 10_000, """
					{"id": "4242-dead-1", "reserved": %d, "deadline": %d, "count": 45}
					""".formatted(now - 10_000, now + 60_000));
			List<SendResult> results = sendUntilAccepted(fx.sender, server, 20, 5);
			assertEquals(5, count(results, Status.ACCEPTED));
			assertEquals(5, sink.received());
		}
	}

	@Test
	void theDailyLimitCountsWhatTheLast24HoursSent() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(1, 0, 0).withMessagesPerDay(10));
			long now = System.currentTimeMillis();
			write(quotaFile(server), now - 2 * DAY, block("old", now - DAY - 60_000, 100) + ",\n" //$NON-NLS-1$
					+ block("yesterday", now - DAY + 3_600_000, 7)); //$NON-NLS-1$
			List<SendResult> results = sendUntilAccepted(fx.sender, server, 20, 3);
			assertEquals(3, count(results, Status.ACCEPTED));
			assertEquals(3, sink.received());
			String file = Files.readString(quotaFile(server), StandardCharsets.UTF_8);
			assertFalse(file.contains("\"old\""), file); // compacted: no window can count it any more //$NON-NLS-1$
			assertTrue(file.contains("\"yesterday\""), file); //$NON-NLS-1$
			assertTrue(file.contains("\"firstSend\":" + (now - 2 * DAY)), file); //$NON-NLS-1$
		}
	}

	@Test
	void warmUpDayTwoHasItsOwnCap() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(1, 0, 0).withWarmUp(List.of(3, 5, 8)));
			long now = System.currentTimeMillis();
			long firstSend = now - DAY - 60_000; // day 2 began a minute ago
			write(quotaFile(server), firstSend, block("day1", now - 120_000, 3)); //$NON-NLS-1$
			List<SendResult> results = sendUntilAccepted(fx.sender, server, 20, 5);
			assertEquals(5, count(results, Status.ACCEPTED));
			assertEquals(5, sink.received());
		}
	}

	@Test
	void warmUpDayOneStartsWithTheFirstSend() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(2, 0, 0).withWarmUp(List.of(7, 50)));
			List<SendResult> results = sendUntilAccepted(fx.sender, server, 30, 7);
			assertEquals(7, count(results, Status.ACCEPTED));
			assertEquals(7, sink.received());
			assertTrue(Files.readString(quotaFile(server), StandardCharsets.UTF_8).contains("\"firstSend\":")); //$NON-NLS-1$
		}
	}

	@Test
	void aDamagedQuotaFileIsKeptAsideAndNothingIsSent() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = limited(sink, new ServerLimits(1, 0, 50));
			Files.writeString(quotaFile(server), "{\"format\":1,\"blocks\":[{\"id\":\"x\",\"reser"); //$NON-NLS-1$
			var job = fx.sender.submit(envelopes(5, "d"), List.of(server), null); //$NON-NLS-1$
			Path aside = awaitFile("quota-" + server.id() + ".json.corrupt-"); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(Files.readString(aside, StandardCharsets.UTF_8).endsWith("\"reser")); //$NON-NLS-1$
			job.cancel();
			List<SendResult> results = job.await();
			assertEquals(5, count(results, Status.DEFERRED));
			assertEquals(0, sink.received());
			String replaced = Files.readString(quotaFile(server), StandardCharsets.UTF_8);
			assertTrue(replaced.contains("damaged-"), replaced); //$NON-NLS-1$
		}
	}

	private SenderServiceImpl newSender() {
		SenderServiceImpl s = new SenderServiceImpl(fx.registry, fx.extensions, new RetryPolicy(3, attempt -> 0));
		senders.add(s);
		return s;
	}

	private static List<com.bitfaster.mail.core.Envelope> envelopes(int n, String prefix) throws Exception {
		List<com.bitfaster.mail.core.Envelope> list = new ArrayList<>();
		for (MimeMessage m : messages(n)) {
			m.setSubject(prefix + m.getSubject());
			list.add(com.bitfaster.mail.core.Envelope.of(m).build());
		}
		return list;
	}

	private static String block(String id, long closed, int used) {
		return "{\"id\": \"%s\", \"reserved\": %d, \"deadline\": %d, \"count\": 16, \"closed\": %d, \"used\": %d}" //$NON-NLS-1$
				.formatted(id, closed - 1_000, closed + 60_000, closed, used);
	}

	/** Writes a quota file as an earlier run would have left it. */
	private static void write(Path file, long firstSend, String blocks) throws IOException {
		Files.writeString(file, "{\"format\": 1, \"firstSend\": " + firstSend + ", \"blocks\": [" + blocks + "]}\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private static void awaitNoOpenBlock(Path file) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : ""; //$NON-NLS-1$
			int blocks = text.split("\"reserved\"", -1).length - 1; //$NON-NLS-1$
			int closed = text.split("\"closed\"", -1).length - 1; //$NON-NLS-1$
			if (blocks > 0 && blocks == closed) {
				return;
			}
			assertTrue(System.nanoTime() < deadline, "blocks still open: " + text); //$NON-NLS-1$
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private Path awaitFile(String prefix) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try (Stream<Path> files = Files.list(dir)) {
				var found = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
				if (found.isPresent()) {
					return found.get();
				}
			}
			assertTrue(System.nanoTime() < deadline, "no " + prefix); //$NON-NLS-1$
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}
}
