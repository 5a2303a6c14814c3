package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.SmtpSink;

import jakarta.mail.internet.MimeMessage;

/** Postfix smtp-sink fault injection: each fault maps to the right outcome, and sending goes on. */
class SinkFaultTest {

	@TempDir
	Path dir;
	private Fixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
	}

	/** Sends two messages through a sink started with {@code flags}; both must get the same treatment. */
	private int lastSessions;

	private List<SendResult> sendTwo(String... flags) throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, flags)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			List<MimeMessage> messages = List.of(Fixture.message("one", "bob@example.test"), //$NON-NLS-1$ //$NON-NLS-2$
					Fixture.message("two", "carol@example.test")); //$NON-NLS-1$ //$NON-NLS-2$
			List<SendResult> results = fx.sendAll(messages, List.of(server));
			assertEquals(2, results.size());
			lastSessions = sink.sessions();
			return results;
		}
	}

	private static RecipientOutcome only(SendResult result) {
		assertEquals(1, result.outcomes().size(), result.toString());
		return result.outcomes().get(0);
	}

	@Test
	void acceptedWithTheServersReply() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			SendResult result = fx.send(Fixture.message("ok", "bob@example.test", "carol@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertTrue(result.allAccepted(), result.toString());
			assertEquals(250, result.outcome("bob@example.test").code()); //$NON-NLS-1$
			assertTrue(result.outcome("carol@example.test").reply().startsWith("250"), result.toString()); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("", result.message()); //$NON-NLS-1$
			assertEquals(1, sink.awaitReceived(1));
		}
	}

	/** smtp-sink offers PIPELINING: a message to three recipients goes through with a pipelined envelope. */
	@Test
	void pipelinedEnvelopeToThreeRecipients() throws Exception {
		threeRecipients();
	}

	@Test
	void withoutPipeliningTheEnvelopeGoesCommandByCommand() throws Exception {
		threeRecipients("-p"); //$NON-NLS-1$
	}

	private void threeRecipients(String... flags) throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, flags)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			List<SendResult> results = fx.sendAll(List.of(
					Fixture.message("three", "a@example.test", "b@example.test", "c@example.test"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					Fixture.message("one", "d@example.test")), List.of(server)); //$NON-NLS-1$ //$NON-NLS-2$
			for (SendResult r : results) {
				assertTrue(r.allAccepted(), r.toString());
			}
			assertEquals(3, results.get(0).outcomes().size());
			assertEquals(2, sink.awaitReceived(2));
			assertEquals(1, sink.sessions());
		}
	}

	@Test
	void rcpt5xxIsRejectedFinally() throws Exception {
		for (SendResult r : sendTwo("-f", "RCPT", "-B", "550 5.1.1 User unknown")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			RecipientOutcome o = only(r);
			assertEquals(Status.REJECTED, o.status(), r.toString());
			assertEquals(550, o.code());
			assertTrue(o.reply().contains("User unknown"), o.reply()); //$NON-NLS-1$
			assertEquals(1, r.attempts(), "5xx is final"); //$NON-NLS-1$
			assertTrue(r.message().contains("User unknown"), r.message()); //$NON-NLS-1$
		}
		assertEquals(1, lastSessions, "a refused recipient does not cost the connection"); //$NON-NLS-1$
	}

	@Test
	void rcpt4xxIsRetriedThenDeferred() throws Exception {
		for (SendResult r : sendTwo("-r", "RCPT", "-b", "451 4.7.1 Greylisted")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			RecipientOutcome o = only(r);
			assertEquals(Status.DEFERRED, o.status(), r.toString());
			assertEquals(451, o.code());
			assertTrue(o.reply().contains("Greylisted"), o.reply()); //$NON-NLS-1$
			assertEquals(3, r.attempts(), "4xx is retried up to the policy's attempts"); //$NON-NLS-1$
		}
	}

	@Test
	void mail5xxIsRejected() throws Exception {
		for (SendResult r : sendTwo("-f", "MAIL", "-B", "553 5.7.1 Sender refused")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			RecipientOutcome o = only(r);
			assertEquals(Status.REJECTED, o.status(), r.toString());
			assertEquals(553, o.code());
			assertTrue(o.reply().contains("Sender refused"), o.reply()); //$NON-NLS-1$
			assertEquals(1, r.attempts());
		}
	}

	@Test
	void body4xxIsDeferred() throws Exception {
		for (SendResult r : sendTwo("-r", ".", "-b", "452 4.3.1 Out of memory")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			RecipientOutcome o = only(r);
			assertEquals(Status.DEFERRED, o.status(), r.toString());
			assertEquals(452, o.code());
			assertEquals(3, r.attempts());
		}
	}

	@Test
	void body5xxIsRejected() throws Exception {
		for (SendResult r : sendTwo("-f", ".", "-B", "554 5.7.1 Spam")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			RecipientOutcome o = only(r);
			assertEquals(Status.REJECTED, o.status(), r.toString());
			assertEquals(554, o.code());
			assertTrue(o.reply().contains("Spam"), o.reply()); //$NON-NLS-1$
			assertEquals(1, r.attempts());
		}
	}

	@Test
	void disconnectAfterDataIsDeferredAndReconnects() throws Exception {
		for (SendResult r : sendTwo("-q", "DATA")) { //$NON-NLS-1$ //$NON-NLS-2$
			RecipientOutcome o = only(r);
			assertEquals(Status.DEFERRED, o.status(), r.toString());
			assertEquals(0, o.code());
			assertTrue(o.reply().contains("before the server accepted"), o.reply()); //$NON-NLS-1$
			assertEquals(3, r.attempts(), "each attempt reconnected after the disconnect"); //$NON-NLS-1$
		}
		assertEquals(6, lastSessions, "a new session for each of the 2 x 3 attempts"); //$NON-NLS-1$
	}

	@Test
	void disconnectAfterBodyIsUnknownAndNotRetried() throws Exception {
		for (SendResult r : sendTwo("-q", ".")) { //$NON-NLS-1$ //$NON-NLS-2$
			RecipientOutcome o = only(r);
			assertEquals(Status.UNKNOWN, o.status(), r.toString());
			assertTrue(o.reply().contains("may or may not"), o.reply()); //$NON-NLS-1$
			assertEquals(1, r.attempts(), "a message the server may have must not be sent twice"); //$NON-NLS-1$
		}
	}

	/** Three envelopes in one batch through a sink started with {@code flags}; the connection is dropped on the way. */
	private Deliveries sendBatchOfThree(List<Envelope> envelopes, String... flags) throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, flags)) {
			for (int i = 0; i < 3; i++) {
				envelopes.add(Fixture.envelope(Fixture.message("b" + i, "x@example.test"), "s" + i + "@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
						"r" + i + "@example.test")); //$NON-NLS-1$ //$NON-NLS-2$
			}
			Deliveries d = new Deliveries();
			try (TransportConnection c = fx.connect(fx.server("Sink", sink.port, "none", "", null))) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				c.send(envelopes, d);
				assertFalse(c.isUsable(), "the connection is gone"); //$NON-NLS-1$
			}
			assertEquals(3, d.delivered.size(), "each envelope reported once"); //$NON-NLS-1$
			return d;
		}
	}

	/**
	 * Lost right after the first final ".": that message may have arrived (UNKNOWN); the second, whose envelope went
	 * with that ".", and the third were not handed over (DEFERRED, no reply code).
	 */
	@Test
	void connectionLostAfterAFinalDotLeavesThatMessageUnknownAndTheRestDeferred() throws Exception {
		List<Envelope> envelopes = new ArrayList<>();
		Deliveries d = sendBatchOfThree(envelopes, "-q", "."); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(envelopes.get(0)), d.handedOver);
		RecipientOutcome unknown = d.only(envelopes.get(0));
		assertEquals(Status.UNKNOWN, unknown.status(), unknown.toString());
		assertEquals(0, unknown.code());
		assertTrue(unknown.reply().contains("may or may not"), unknown.reply()); //$NON-NLS-1$
		RecipientOutcome writtenAhead = d.only(envelopes.get(1));
		assertEquals(Status.DEFERRED, writtenAhead.status(), writtenAhead.toString());
		assertEquals(0, writtenAhead.code());
		assertTrue(writtenAhead.reply().contains("before the server accepted"), writtenAhead.reply()); //$NON-NLS-1$
		RecipientOutcome notReached = d.only(envelopes.get(2));
		assertEquals(Status.DEFERRED, notReached.status(), notReached.toString());
		assertEquals(0, notReached.code());
	}

	/** Lost after DATA, before any final ".": nothing was handed over, every message is DEFERRED without a code. */
	@Test
	void connectionLostBeforeAFinalDotLeavesEveryMessageDeferred() throws Exception {
		List<Envelope> envelopes = new ArrayList<>();
		Deliveries d = sendBatchOfThree(envelopes, "-q", "DATA"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(), d.handedOver);
		d.assertAll(envelopes, Status.DEFERRED);
		for (Envelope e : envelopes) {
			assertEquals(0, d.only(e).code(), d.only(e).toString());
		}
		assertTrue(d.only(envelopes.get(0)).reply().contains("before the server accepted"), d.only(envelopes.get(0)).reply()); //$NON-NLS-1$
	}

	/**
	 * 421 and disconnect at RCPT. (After the body, {@code -Q .}, smtp-sink sometimes resets the connection before the
	 * 421 arrives; the client then rightly reports UNKNOWN, so that variant is not deterministic.)
	 */
	@Test
	void reply421AndDisconnectIsDeferred() throws Exception {
		for (SendResult r : sendTwo("-Q", "RCPT")) { //$NON-NLS-1$ //$NON-NLS-2$
			RecipientOutcome o = only(r);
			assertEquals(Status.DEFERRED, o.status(), r.toString());
			assertEquals(421, o.code());
			assertEquals(3, r.attempts());
		}
	}

	@Test
	void slowReplyEndsWithinTheTimeout() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, "-w", "6")) { //$NON-NLS-1$ //$NON-NLS-2$
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Slow").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.timeoutSeconds(1), null);
			long start = System.nanoTime();
			SendResult r = fx.sendOnce(Fixture.message("slow", "bob@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertEquals(Status.DEFERRED, only(r).status(), r.toString());
			// gave up before the server's 6 s delay was over (a busy machine may take seconds to connect)
			assertTrue(millis < 6_000, "took " + millis + " ms"); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	@Test
	void slowGreetingEndsWithinTheTimeout() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, "-W", "CONNECT:6")) { //$NON-NLS-1$ //$NON-NLS-2$
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Slow greeting").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.timeoutSeconds(1), null);
			long start = System.nanoTime();
			SendResult r = fx.send(Fixture.message("slow", "bob@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertEquals(Status.DEFERRED, only(r).status(), r.toString());
			assertTrue(r.message().contains("did not answer within 1 seconds"), r.message()); //$NON-NLS-1$
			assertTrue(millis < 6_000, "gave up before the 6 s greeting; took " + millis + " ms"); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(0, sink.received());
		}
	}

	@Test
	void nothingListening() throws Exception {
		MailServer server = fx.server("Nobody", Loopback.freePort(), "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		SendResult r = fx.send(Fixture.message("nobody", "bob@example.test"), server); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Status.DEFERRED, only(r).status(), r.toString());
		assertTrue(r.message().contains("refused the connection"), r.message()); //$NON-NLS-1$
		assertEquals(0, r.attempts());
	}
}
