package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.SmtpSink;

import jakarta.mail.internet.MimeMessage;

/** Many messages through one server or a pool: reuse, limits, failover, inactive servers, cancellation. */
class PoolTest {

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

	private static List<MimeMessage> messages(int n) throws Exception {
		List<MimeMessage> list = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			list.add(Fixture.message("m" + i, "r" + i + "@example.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		return list;
	}

	private static void assertAllAccepted(List<SendResult> results) {
		for (SendResult r : results) {
			assertTrue(r.allAccepted(), r.toString());
		}
	}

	@Test
	void failsOverWhenTheFirstServerRefusesConnections() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer refusing = fx.server("A refusing", Loopback.freePort(), "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			MailServer accepting = fx.server("B accepting", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			List<SendResult> results = fx.sendAll(messages(20), List.of(refusing, accepting));
			assertAllAccepted(results);
			results.forEach(r -> assertEquals(accepting.id(), r.serverId()));
			assertEquals(20, sink.awaitReceived(20), "every message delivered exactly once"); //$NON-NLS-1$
		}
	}

	/**
	 * A message whose delivery is unknown (connection lost after the body) stays with its server: moving it to the next
	 * one could deliver it twice.
	 */
	@Test
	void noFailoverOnceTheServerMayHaveTheMessage() throws Exception {
		try (SmtpSink lossy = SmtpSink.start(dir, "-q", "."); SmtpSink good = SmtpSink.start(dir)) { //$NON-NLS-1$ //$NON-NLS-2$
			MailServer a = fx.server("A lossy", lossy.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			MailServer b = fx.server("B good", good.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			List<SendResult> results = fx.sendAll(messages(12), List.of(a, b));
			long unknown = 0;
			for (SendResult r : results) {
				if (r.serverId().equals(a.id())) {
					assertEquals(Status.UNKNOWN, r.outcomes().get(0).status(), r.toString());
					assertEquals(1, r.attempts(), r.toString());
					unknown++;
				} else {
					assertTrue(r.allAccepted(), r.toString());
				}
			}
			assertTrue(unknown >= 1, "server A took no message; the case was not exercised"); //$NON-NLS-1$
			assertEquals(12 - unknown, good.awaitReceived((int) (12 - unknown)), "B got exactly the others"); //$NON-NLS-1$
		}
	}

	/** A 5xx is final: the message is not tried on the next server either. */
	@Test
	void noFailoverAfterA5xx() throws Exception {
		try (SmtpSink refusing = SmtpSink.start(dir, "-f", "RCPT", "-B", "550 5.1.1 User unknown"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				SmtpSink good = SmtpSink.start(dir)) {
			MailServer a = fx.server("A refusing", refusing.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			MailServer b = fx.server("B good", good.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			List<SendResult> results = fx.sendAll(messages(12), List.of(a, b));
			long rejected = results.stream().filter(r -> r.outcomes().get(0).status() == Status.REJECTED).count();
			for (SendResult r : results) {
				assertEquals(r.serverId().equals(a.id()) ? Status.REJECTED : Status.ACCEPTED, r.outcomes().get(0).status(), r.toString());
			}
			assertTrue(rejected >= 1, "server A took no message; the case was not exercised"); //$NON-NLS-1$
			assertEquals(12 - rejected, good.awaitReceived((int) (12 - rejected)));
		}
	}

	@Test
	void oneConnectionIsReusedForEveryMessage() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("One").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)), null);
			assertAllAccepted(fx.sendAll(messages(30), List.of(server)));
			assertEquals(30, sink.awaitReceived(30));
			assertEquals(1, sink.sessions());
		}
	}

	@Test
	void severalConnectionsRenewedAfterTheirMessageLimit() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Four").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(4, 3, 0)), null);
			List<SendResult> results = fx.sendAll(messages(30), List.of(server));
			assertAllAccepted(results);
			assertEquals(30, sink.awaitReceived(30));
			int sessions = sink.sessions();
			// 30 messages, 3 per connection: at least 10 sessions, plus at most one partly used one per worker.
			assertTrue(sessions >= 10 && sessions <= 14, sessions + " sessions"); //$NON-NLS-1$
		}
	}

	@Test
	void connectionsOutliveACall() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Kept").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(2, 0, 0)), null);
			for (int batch = 0; batch < 3; batch++) {
				assertAllAccepted(fx.sendAll(messages(10), List.of(server)));
			}
			assertEquals(30, sink.awaitReceived(30));
			int sessions = sink.sessions();
			assertTrue(sessions >= 1 && sessions <= 2, sessions + " sessions for 3 calls"); //$NON-NLS-1$
		}
	}

	@Test
	void concurrentCallsShareTheConnectionLimit() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Shared").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)), null);
			List<SendResult> other = new ArrayList<>();
			Thread t = new Thread(() -> other.addAll(fx.sendAll(messagesQuietly(15), List.of(server))));
			t.start();
			assertAllAccepted(fx.sendAll(messages(15), List.of(server)));
			t.join();
			assertAllAccepted(other);
			assertEquals(15, other.size());
			assertEquals(30, sink.awaitReceived(30));
			assertEquals(1, sink.sessions(), "one connection at a time, shared by both calls"); //$NON-NLS-1$
		}
	}

	@Test
	void changedSettingsCloseTheKeptConnections() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Changing").host("127.0.0.1").port(sink.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)), null);
			assertAllAccepted(fx.sendAll(messages(3), List.of(server)));
			MailServer changed = fx.registry.update(server.toBuilder().heloName("changed.bitfaster.test").build()); //$NON-NLS-1$
			assertAllAccepted(fx.sendAll(messages(3), List.of(changed)));
			fx.registry.deactivate(server.id());
			fx.registry.activate(server.id());
			assertAllAccepted(fx.sendAll(messages(3), List.of(fx.registry.get(server.id()).orElseThrow())));
			assertEquals(9, sink.awaitReceived(9));
			assertEquals(3, sink.sessions(), "a new connection after each change"); //$NON-NLS-1$
		}
	}

	private static List<MimeMessage> messagesQuietly(int n) {
		try {
			return messages(n);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void inactiveServersAreNeverUsed() throws Exception {
		try (SmtpSink off = SmtpSink.start(dir); SmtpSink on = SmtpSink.start(dir)) {
			MailServer inactive = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Off").host("127.0.0.1").port(off.port).active(false), null); //$NON-NLS-1$ //$NON-NLS-2$
			MailServer active = fx.server("On", on.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertAllAccepted(fx.sendAll(messages(5), List.of(inactive, active)));
			assertEquals(0, off.received());
			assertEquals(5, on.awaitReceived(5));
			SendResult alone = fx.send(Fixture.message("x", "x@example.test"), inactive); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(Status.DEFERRED, alone.outcomes().get(0).status());
			assertTrue(alone.message().contains("No active server"), alone.message()); //$NON-NLS-1$
			assertEquals(0, off.received());
		}
	}

	@Test
	void hourlyLimitMovesTheRestToTheNextServer() throws Exception {
		try (SmtpSink limited = SmtpSink.start(dir); SmtpSink other = SmtpSink.start(dir)) {
			MailServer a = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Limited").host("127.0.0.1").port(limited.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 2)), null);
			MailServer b = fx.server("Other", other.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertAllAccepted(fx.sendAll(messages(8), List.of(a, b)));
			assertTrue(limited.received() <= 2, "at most 2 per hour, got " + limited.received()); //$NON-NLS-1$
			int fromLimited = limited.received();
			assertEquals(8, fromLimited + other.awaitReceived(8 - fromLimited));
		}
	}

	@Test
	void cancelledBeforeStartSendsNothing() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			NullProgressMonitor monitor = new NullProgressMonitor();
			monitor.setCanceled(true);
			List<SendResult> results = fx.sender.sendAll(messages(3), List.of(server), null, monitor);
			assertEquals(3, results.size());
			for (SendResult r : results) {
				assertEquals(Status.DEFERRED, r.outcomes().get(0).status());
				assertTrue(r.message().contains("cancelled"), r.message()); //$NON-NLS-1$
			}
			assertEquals(0, sink.received());
		}
	}

	@Test
	void cancelledMidwayStopsAndReportsTheRest() throws Exception {
		try (SmtpSink sink = SmtpSink.start(dir)) {
			MailServer server = fx.server("Sink", sink.port, "none", "", null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			NullProgressMonitor monitor = new NullProgressMonitor();
			List<SendResult> seen = new ArrayList<>();
			List<SendResult> results = fx.sender.sendAll(messages(200), List.of(server), r -> {
				seen.add(r);
				if (seen.size() == 5) {
					monitor.setCanceled(true);
				}
			}, monitor);
			long accepted = results.stream().filter(SendResult::allAccepted).count();
			assertTrue(accepted >= 5 && accepted < 200, "accepted " + accepted); //$NON-NLS-1$
			assertEquals(accepted, sink.awaitReceived((int) accepted));
			assertEquals(200, results.size());
		}
	}

	/**
	 * A server switched off while a run sends through it takes no new message: at its peer, at most what its two
	 * connections had taken (a chunk each) arrives after the switch; the other server takes the rest, nothing twice.
	 */
	@Test
	@Timeout(120) // a message left without a worker would hang the run: fail instead
	void aServerSwitchedOffMidRunTakesNoNewMessage() throws Exception {
		try (SmtpSink offPeer = SmtpSink.start(dir); SmtpSink onPeer = SmtpSink.start(dir)) {
			MailServer off = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Switched off").host("127.0.0.1").port(offPeer.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(2, 0, 0)), null);
			MailServer on = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Stays on").host("127.0.0.1").port(onPeer.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(2, 0, 0)), null);
			int n = 3000;
			int[] atSwitch = { -1 };
			int[] fromOff = { 0 };
			List<SendResult> results = fx.sender.sendAll(messages(n), List.of(off, on), r -> {
				if (r.serverId().equals(off.id()) && ++fromOff[0] == 200) {
					fx.registry.deactivate(off.id());
					try {
						atSwitch[0] = offPeer.received();
					} catch (java.io.IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				}
			}, new NullProgressMonitor());
			assertAllAccepted(results);
			assertTrue(atSwitch[0] >= 0, "the switch happened mid-run"); //$NON-NLS-1$
			long viaOff = results.stream().filter(r -> r.serverId().equals(off.id())).count();
			assertEquals(viaOff, offPeer.awaitReceived((int) viaOff));
			assertEquals(n - viaOff, onPeer.awaitReceived((int) (n - viaOff)), "the other server took exactly the rest"); //$NON-NLS-1$
			int after = offPeer.received() - atSwitch[0];
			assertTrue(after <= 2 * 16, after + " messages reached the switched-off server after the switch"); //$NON-NLS-1$
			assertTrue(viaOff < n / 2, viaOff + " of " + n + " went through the switched-off server"); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	/** A server edited while a run sends through it is reconnected with its new settings; nothing is lost or doubled. */
	@Test
	@Timeout(120) // a message left without a worker would hang the run: fail instead
	void aServerEditedMidRunReconnectsWithItsNewSettings() throws Exception {
		try (SmtpSink peer = SmtpSink.start(dir)) {
			MailServer server = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Edited").host("127.0.0.1").port(peer.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)), null);
			int n = 1000;
			int[] seen = { 0 };
			List<SendResult> results = fx.sender.sendAll(messages(n), List.of(server), r -> {
				if (++seen[0] == 100) {
					fx.registry.update(fx.registry.get(server.id()).orElseThrow().toBuilder().heloName("edited.bitfaster.test").build()); //$NON-NLS-1$
				}
			}, new NullProgressMonitor());
			assertAllAccepted(results);
			assertEquals(n, peer.awaitReceived(n));
			assertEquals(2, peer.sessions(), "one connection before the edit, one after"); //$NON-NLS-1$
		}
	}

	/** Switching from one server to another mid-run: the rest goes through the one switched on, each message once. */
	@Test
	@Timeout(120) // a message left without a worker would hang the run: fail instead
	void aServerSwitchedOnMidRunTakesOverFromOneSwitchedOff() throws Exception {
		try (SmtpSink firstPeer = SmtpSink.start(dir); SmtpSink secondPeer = SmtpSink.start(dir)) {
			MailServer first = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("First").host("127.0.0.1").port(firstPeer.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)), null);
			MailServer second = fx.server(MailServer.builder().encryption(MailServer.ENCRYPTION_NONE).name("Second").host("127.0.0.1").port(secondPeer.port) //$NON-NLS-1$ //$NON-NLS-2$
					.limits(new ServerLimits(1, 0, 0)).active(false), null);
			int n = 2000;
			int[] seen = { 0 };
			List<SendResult> results = fx.sender.sendAll(messages(n), List.of(first, second), r -> {
				if (++seen[0] == 100) {
					fx.registry.activate(second.id());
					fx.registry.deactivate(first.id());
				}
			}, new NullProgressMonitor());
			assertAllAccepted(results);
			long viaSecond = results.stream().filter(r -> r.serverId().equals(second.id())).count();
			assertTrue(viaSecond > 0, "the server switched on took over"); //$NON-NLS-1$
			assertEquals(n - viaSecond, firstPeer.awaitReceived((int) (n - viaSecond)));
			assertEquals(viaSecond, secondPeer.awaitReceived((int) viaSecond));
		}
	}
}
