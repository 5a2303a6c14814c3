package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService.SendJob;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.SecureStores;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The sender's promises that do not depend on SMTP, through contributed transport types: exactly one result per
 * message whatever the transport throws, DEFERRED only before the handover, a deferred message that does not hold its
 * batch, transports written for API 1.0, and threads the service owns.
 */
class SenderServiceTest {

	private static final Session SESSION = Session.getInstance(new Properties());

	@TempDir
	Path dir;
	private ServerRegistryImpl registry;
	private SenderServiceImpl sender;

	@BeforeEach
	void setUp() throws Exception {
		ScriptedTransportType.RECEIVED.clear();
		registry = TestServers.registry(dir, SecureStores.throwaway(dir), Clock.systemUTC());
		sender = new SenderServiceImpl(registry, new MailExtensionsImpl(Platform.getExtensionRegistry()),
				new RetryPolicy(3, attempt -> 0));
	}

	@AfterEach
	void tearDown() {
		sender.close();
	}

	private MailServer server(String type, int connections) {
		return registry.add(MailServer.builder().name(type + connections).host("").transportType(type) //$NON-NLS-1$
				.encryption("none").limits(new ServerLimits(connections, 0, 0)).build(), null); //$NON-NLS-1$
	}

	private static MimeMessage message(String id, String script) throws Exception {
		MimeMessage m = new MimeMessage(SESSION);
		m.setFrom(new InternetAddress("sender@example.test")); //$NON-NLS-1$
		m.setRecipient(Message.RecipientType.TO, new InternetAddress(id + "@example.test")); //$NON-NLS-1$
		m.setSubject(id);
		m.setText("Hello " + id); //$NON-NLS-1$
		m.setHeader("X-Id", id); //$NON-NLS-1$
		m.setHeader("X-Script", script); //$NON-NLS-1$
		m.saveChanges();
		return m;
	}

	/** Every third message throws: before its handover for one, after it for the next; each message one result. */
	@Test
	void aTransportThatThrowsCostsNoMessageItsResultAndNothingIsSentTwice() throws Exception {
		MailServer server = server("test.scripted", 2); //$NON-NLS-1$
		List<Envelope> envelopes = new ArrayList<>();
		List<Integer> handovers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String script = i % 6 == 2 ? "throw-before" : i % 6 == 5 ? "throw-after" : "accept"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			int index = i;
			envelopes.add(Envelope.of(message("m" + i, script)).onHandover(() -> { //$NON-NLS-1$
				synchronized (handovers) {
					handovers.add(index);
				}
			}).build());
		}
		Map<Integer, AtomicInteger> resultsPerMessage = new ConcurrentHashMap<>();
		SendJob job = sender.submit(envelopes, List.of(server),
				r -> resultsPerMessage.computeIfAbsent(r.index(), i -> new AtomicInteger()).incrementAndGet());
		List<SendResult> results = job.await();
		assertEquals(60, resultsPerMessage.size());
		assertTrue(resultsPerMessage.values().stream().allMatch(n -> n.get() == 1), resultsPerMessage.toString());
		for (int i = 0; i < 60; i++) {
			SendResult r = results.get(i);
			Status status = r.outcomes().get(0).status();
			AtomicInteger kept = ScriptedTransportType.RECEIVED.get("m" + i); //$NON-NLS-1$
			if (i % 6 == 2) {
				assertEquals(Status.DEFERRED, status, r.toString());
				assertEquals(3, r.attempts(), "failed before the handover: tried again " + r); //$NON-NLS-1$
				assertNull(kept);
				assertTrue(r.message().contains("scripted failure before"), r.message()); //$NON-NLS-1$
			} else if (i % 6 == 5) {
				assertEquals(Status.UNKNOWN, status, "after the handover the message may have arrived: " + r); //$NON-NLS-1$
				assertEquals(1, r.attempts(), "never sent again on its own"); //$NON-NLS-1$
				assertEquals(1, kept.get());
			} else {
				assertEquals(Status.ACCEPTED, status, r.toString());
				assertEquals(1, kept.get(), "m" + i + " kept once"); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		synchronized (handovers) {
			// Every kept message was announced before it was kept; the ones that failed before were never announced.
			assertEquals(50, handovers.size(), handovers.toString());
			assertTrue(handovers.stream().noneMatch(i -> i % 6 == 2));
		}
	}

	/** A transport built against API 1.0 (single-message method only) keeps working, its failures included. */
	@Test
	void aTransportWrittenForTheSingleMessageMethodKeepsWorking() throws Exception {
		MailServer server = server("test.legacy", 1); //$NON-NLS-1$
		List<MimeMessage> messages = List.of(message("a", "accept"), message("b", "throw"), message("c", "accept")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		List<SendResult> results = sender.sendAll(messages, List.of(server), null, new NullProgressMonitor());
		assertEquals(Status.ACCEPTED, results.get(0).outcomes().get(0).status());
		// The single-message call may hand the message over at any moment: a failure in it leaves it unknown.
		assertEquals(Status.UNKNOWN, results.get(1).outcomes().get(0).status(), results.get(1).toString());
		assertEquals(Status.ACCEPTED, results.get(2).outcomes().get(0).status());
		assertEquals(1, ScriptedTransportType.RECEIVED.get("a").get()); //$NON-NLS-1$
		assertEquals(1, ScriptedTransportType.RECEIVED.get("c").get()); //$NON-NLS-1$
	}

	/** A message waiting for its retry does not hold the rest of its batch. */
	@Test
	void aDeferredMessageWaitsForItsRetryWithoutHoldingItsBatch() throws Exception {
		SenderServiceImpl patient = new SenderServiceImpl(registry, new MailExtensionsImpl(Platform.getExtensionRegistry()),
				new RetryPolicy(3, attempt -> 3_600_000L));
		try {
			MailServer server = server("test.scripted", 1); //$NON-NLS-1$
			List<Envelope> envelopes = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				envelopes.add(Envelope.of(message("d" + i, i == 3 ? "defer" : "accept")).build()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
			Set<Integer> done = ConcurrentHashMap.newKeySet();
			SendJob job = patient.submit(envelopes, List.of(server), r -> done.add(r.index()));
			job.awaitAttempted(); // returns although one message waits an hour for its retry
			assertFalse(job.isDone());
			assertEquals(9, done.size(), done.toString());
			assertFalse(done.contains(3));
			job.cancel();
			List<SendResult> results = job.await();
			assertEquals(Status.DEFERRED, results.get(3).outcomes().get(0).status());
			assertEquals(451, results.get(3).outcomes().get(0).code(), "its last reply is kept"); //$NON-NLS-1$
			assertEquals(1, results.get(3).attempts());
		} finally {
			patient.close();
		}
	}

	/** No thread per call: the connections' threads are reused, and closing the service ends them all. */
	@Test
	void theServiceOwnsItsThreadsAndStopsThem() throws Exception {
		MailServer server = server("test.scripted", 2); //$NON-NLS-1$
		for (int call = 0; call < 20; call++) {
			List<SendResult> results = sender.sendAll(List.of(message("t" + call, "accept"), message("u" + call, "accept")), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					List.of(server), null, new NullProgressMonitor());
			assertTrue(results.stream().allMatch(SendResult::allAccepted));
		}
		long threads = senderThreads().size();
		assertTrue(threads >= 1 && threads <= 3, "2 connections' workers and the retry timer, not one per call: " + senderThreads()); //$NON-NLS-1$
		sender.close();
		for (Thread t : senderThreads()) {
			t.join(10_000);
		}
		assertEquals(List.of(), senderThreads().stream().filter(Thread::isAlive).map(Thread::getName).toList());
	}

	private static List<Thread> senderThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("BitFaster sender")).toList(); //$NON-NLS-1$
	}
}
