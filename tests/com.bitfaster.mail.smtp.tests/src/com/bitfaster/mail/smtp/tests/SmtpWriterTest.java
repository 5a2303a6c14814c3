package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.Envelope.Dsn;
import com.bitfaster.mail.core.Envelope.Notify;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.tests.support.SmtpSink;

import jakarta.mail.MessagingException;

/**
 * The connection's own SMTP writer against real peers: envelopes from different senders pipelined on one connection,
 * the null sender, DSN and 8BITMIME parameters (smtp-sink logs each command), dot-stuffing and line ends, the handover
 * before the server has the message, addresses that need SMTPUTF8 (SubEthaSMTP).
 */
class SmtpWriterTest {

	@TempDir
	Path dir;
	private Fixture fx;
	/** A SubEthaSMTP server's record of each message: envelope sender, recipients, data as received. */
	private final List<String> senders = new CopyOnWriteArrayList<>();
	private final List<List<String>> recipients = new CopyOnWriteArrayList<>();
	private final List<byte[]> data = new CopyOnWriteArrayList<>();
	private final AtomicInteger completed = new AtomicInteger();
	/** What the SubEthaSMTP server found wrong, checked by the test. */
	private final List<String> problems = new CopyOnWriteArrayList<>();
	private final AtomicInteger handovers = new AtomicInteger();
	private SMTPServer subetha;

	@BeforeEach
	void setUp() throws Exception {
		fx = new Fixture(dir);
	}

	@AfterEach
	void tearDown() {
		if (fx != null) {
			fx.close();
		}
		if (subetha != null) {
			subetha.stop();
		}
	}

	/** SubEthaSMTP (no PIPELINING, SMTPUTF8 offered): each message complete (its "." read) must have been handed over. */
	private MailServer subethaServer() {
		subetha = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost") //$NON-NLS-1$
				.messageHandler((context, from, to, bytes) -> {
					int done = completed.incrementAndGet();
					if (handovers.get() < done) {
						problems.add("message " + done + " complete before it was handed over"); //$NON-NLS-1$ //$NON-NLS-2$
					}
					senders.add(from);
					recipients.add(List.of(to));
					data.add(bytes);
				}).build();
		subetha.start();
		return fx.server("SubEtha", subetha.getPortAllocated(), "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private MailServer sinkServer(SmtpSink sink) {
		return fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private Deliveries send(MailServer server, List<Envelope> envelopes) throws Exception {
		Deliveries d = new Deliveries(handovers::incrementAndGet);
		try (TransportConnection c = fx.connect(server)) {
			c.send(envelopes, d);
			assertTrue(c.isUsable(), "the connection goes on"); //$NON-NLS-1$
		}
		assertEquals(envelopes.size(), d.delivered.size(), "each envelope reported once"); //$NON-NLS-1$
		return d;
	}

	/** An envelope whose message is exactly {@code bytes} (a transform replaces what Jakarta Mail wrote). */
	private static Envelope raw(String sender, String recipient, byte[] bytes) throws MessagingException {
		return Envelope.of(Fixture.message("raw", recipient)).sender(sender).recipients(List.of(recipient)) //$NON-NLS-1$
				.transform(written -> bytes).build();
	}

	@Test
	void envelopesFromSixSendersArePipelinedOnOneConnection() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			List<Envelope> envelopes = new ArrayList<>();
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				String sender = "sender" + i + "@bitfaster.test"; //$NON-NLS-1$ //$NON-NLS-2$
				String to = "to" + i + "@example.test"; //$NON-NLS-1$ //$NON-NLS-2$
				envelopes.add(Fixture.envelope(Fixture.message("s" + i, to), sender, to)); //$NON-NLS-1$
				expected.addAll(List.of("MAIL FROM:<" + sender + ">", "RCPT TO:<" + to + ">", "DATA", ".")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				if (i < 5) {
					expected.add("RSET"); // the next envelope, written with this "." //$NON-NLS-1$
				}
			}
			Deliveries d = send(sinkServer(sink), envelopes);
			d.assertAll(envelopes, Status.ACCEPTED);
			assertEquals(envelopes, d.handedOver);
			assertEquals(envelopes, d.delivered, "reported in order"); //$NON-NLS-1$
			assertEquals(6, sink.awaitReceived(6));
			assertEquals(1, sink.sessions());
			assertEquals(expected, SinkLog.commands(dir, sink));
		}
	}

	@Test
	void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir, "-p")) { //$NON-NLS-1$
			List<Envelope> envelopes = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				envelopes.add(Fixture.envelope(Fixture.message("p" + i, "x@example.test"), "s" + i + "@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
						"a" + i + "@example.test", "b" + i + "@example.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
			send(sinkServer(sink), envelopes).assertAll(envelopes, Status.ACCEPTED);
			assertEquals(3, sink.awaitReceived(3));
			List<String> commands = SinkLog.commands(dir, sink);
			assertEquals(15, commands.size(), commands.toString());
			assertTrue(commands.stream().noneMatch(c -> c.equals("RSET")), commands.toString()); //$NON-NLS-1$
		}
	}

	@Test
	void nullSenderDsnAnd8BitParameters() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			Envelope bounce = Fixture.envelope(Fixture.message("bounce", "x@example.test"), "", "postmaster@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Envelope notify = Envelope.of(Fixture.message("dsn", "x@example.test")).sender("bounces+7=x@bitfaster.test") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					.recipients(List.of("r@example.test")).dsn(new Dsn(EnumSet.of(Notify.FAILURE, Notify.SUCCESS), false, //$NON-NLS-1$
							"campaign 7+x=y")) //$NON-NLS-1$
					.transform(written -> "Subject: 8 bit\r\n\r\nGrüße\r\n".getBytes(StandardCharsets.UTF_8)).build(); //$NON-NLS-1$
			Envelope never = Envelope.of(Fixture.message("never", "x@example.test")).sender("n@bitfaster.test") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					.recipients(List.of("q@example.test")).dsn(new Dsn(Set.of(), true, "")).build(); //$NON-NLS-1$ //$NON-NLS-2$
			send(sinkServer(sink), List.of(bounce, notify, never)).assertAll(List.of(bounce, notify, never), Status.ACCEPTED);
			assertEquals(3, sink.awaitReceived(3));
			List<String> commands = SinkLog.commands(dir, sink);
			assertEquals(List.of("MAIL FROM:<>", "RCPT TO:<postmaster@example.test>", "DATA", ".", "RSET", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
					"MAIL FROM:<bounces+7=x@bitfaster.test> BODY=8BITMIME RET=HDRS ENVID=campaign+207+2Bx+3Dy", //$NON-NLS-1$
					"RCPT TO:<r@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;r@example.test", "DATA", ".", "RSET", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					"MAIL FROM:<n@bitfaster.test> RET=FULL", "RCPT TO:<q@example.test> NOTIFY=NEVER ORCPT=rfc822;q@example.test", //$NON-NLS-1$ //$NON-NLS-2$
					"DATA", "."), commands); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	@Test
	void linesStartingWithADotAndLineEndsArriveIntact() throws Exception {
		MailServer server = subethaServer();
		String body = "Subject: dots\r\n\r\n.\r\n..x\r\n.y\r\nbare LF\nbare CR\rend.\r\n.\r\n"; //$NON-NLS-1$
		Envelope dots = raw("dots@bitfaster.test", "bob@example.test", (body + "no line end at the end").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		// (A message always starts with a header line; SubEthaSMTP would not unstuff a "." at its very first byte.)
		Envelope last = raw("dots@bitfaster.test", "bob@example.test", "Subject: last\r\n\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		send(server, List.of(dots, last)).assertAll(List.of(dots, last), Status.ACCEPTED);
		assertEquals(List.of(), problems);
		assertEquals("Subject: dots\r\n\r\n.\r\n..x\r\n.y\r\nbare LF\r\nbare CR\r\nend.\r\n.\r\nno line end at the end\r\n", //$NON-NLS-1$
				withoutReceived(data.get(0)));
		assertEquals("Subject: last\r\n\r\n.\r\n", withoutReceived(data.get(1))); //$NON-NLS-1$
	}

	/** @return the message as the client sent it: without the Received header SubEthaSMTP puts first */
	private static String withoutReceived(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.US_ASCII);
		assertTrue(text.startsWith("Received: "), text); //$NON-NLS-1$
		int end = text.indexOf("\r\n"); //$NON-NLS-1$
		while (text.charAt(end + 2) == ' ' || text.charAt(end + 2) == '\t') {
			end = text.indexOf("\r\n", end + 2); //$NON-NLS-1$
		}
		return text.substring(end + 2);
	}

	/** The listener hears of the handover while the server still waits for the final "."; it has the message after. */
	@Test
	void theHandoverComesBeforeTheServerHasTheMessage() throws Exception {
		MailServer server = subethaServer();
		List<Envelope> envelopes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			envelopes.add(Fixture.envelope(Fixture.message("h" + i, "x@example.test"), "h" + i + "@bitfaster.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					"bob@example.test")); //$NON-NLS-1$
		}
		Deliveries d = new Deliveries(() -> {
			int n = handovers.incrementAndGet();
			if (completed.get() != n - 1) {
				problems.add("at handover " + n + " the server had " + completed.get() + " messages"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		});
		try (TransportConnection c = fx.connect(server)) {
			c.send(envelopes, d);
		}
		d.assertAll(envelopes, Status.ACCEPTED);
		assertEquals(List.of(), problems);
		assertEquals(3, completed.get());
		assertEquals(List.of("h0@bitfaster.test", "h1@bitfaster.test", "h2@bitfaster.test"), senders); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void anAddressBeyondAsciiNeedsSmtpUtf8() throws Exception {
		String wide = "jöran@bitfaster.test"; //$NON-NLS-1$
		try (SmtpSink sink = SmtpSink.start(dir)) {
			// smtp-sink does not offer SMTPUTF8: that envelope is refused here, nothing of it is sent.
			Envelope utf8 = Fixture.envelope(Fixture.message("utf8", "x@example.test"), "s@bitfaster.test", wide); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			Envelope ascii = Fixture.envelope(Fixture.message("ascii", "x@example.test"), "s@bitfaster.test", "a@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Deliveries d = send(sinkServer(sink), List.of(utf8, ascii));
			RecipientOutcome refused = d.only(utf8);
			assertEquals(Status.REJECTED, refused.status(), refused.toString());
			assertEquals(0, refused.code());
			assertTrue(refused.reply().contains("does not offer SMTPUTF8"), refused.reply()); //$NON-NLS-1$
			assertEquals(Status.ACCEPTED, d.only(ascii).status());
			assertEquals(List.of(ascii), d.handedOver);
			assertEquals(1, sink.awaitReceived(1));
			assertEquals(List.of("MAIL FROM:<s@bitfaster.test>"), SinkLog.mailFrom(dir, sink)); //$NON-NLS-1$
		}
		Envelope utf8 = Fixture.envelope(Fixture.message("utf8", "x@example.test"), "jürgen@bitfaster.test", wide); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		send(subethaServer(), List.of(utf8)).assertAll(List.of(utf8), Status.ACCEPTED);
		assertEquals(List.of("jürgen@bitfaster.test"), senders); //$NON-NLS-1$
		assertEquals(List.of(List.of(wide)), recipients);
	}

	@Test
	void aMessageThatCannotBeWrittenIsDeferredAndTheOthersGo() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			Envelope first = Fixture.envelope(Fixture.message("first", "x@example.test"), "first@bitfaster.test", "a@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Envelope broken = Envelope.of(Fixture.message("broken", "x@example.test")).sender("broken@bitfaster.test") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					.recipients(List.of("b@example.test")).transform(written -> { //$NON-NLS-1$
						throw new MessagingException("no signing key"); //$NON-NLS-1$
					}).build();
			Envelope last = Fixture.envelope(Fixture.message("last", "x@example.test"), "last@bitfaster.test", "c@example.test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			Deliveries d = send(sinkServer(sink), List.of(first, broken, last));
			assertEquals(new RecipientOutcome("b@example.test", Status.DEFERRED, 0, "no signing key"), d.only(broken)); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(Status.ACCEPTED, d.only(first).status());
			assertEquals(Status.ACCEPTED, d.only(last).status());
			assertEquals(List.of(first, last), d.handedOver);
			assertEquals(2, sink.awaitReceived(2));
			assertEquals(List.of("MAIL FROM:<first@bitfaster.test>", "MAIL FROM:<last@bitfaster.test>"), //$NON-NLS-1$ //$NON-NLS-2$
					SinkLog.mailFrom(dir, sink));
		}
	}
}
