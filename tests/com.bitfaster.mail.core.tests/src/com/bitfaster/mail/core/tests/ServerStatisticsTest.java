package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.ServerStatistics;
import com.bitfaster.mail.core.ServerStats;
import com.bitfaster.mail.core.internal.ServerStatisticsImpl;

/**
 * The per-server record behind the Servers overview: two processes writing it at once lose nothing, it keeps only the
 * recent sends, and a damaged file is kept aside and reported.
 */
class ServerStatisticsTest {

	private static final int EACH = 60;

	@TempDir
	Path dir;

	/** What the second process does: {@code count} sends, one accepted and one rejected recipient each, each written. */
	static void recordSends(Path dir, String serverId, int count, Consumer<String> report) throws IOException {
		ServerStatisticsImpl statistics = new ServerStatisticsImpl(dir);
		try {
			for (int i = 0; i < count; i++) {
				statistics.recordSend(serverId, List.of(outcome("a" + i, Status.ACCEPTED), outcome("r" + i, Status.REJECTED)), 7); //$NON-NLS-1$ //$NON-NLS-2$
				statistics.flush();
			}
		} finally {
			statistics.close();
		}
		report.accept("RECORDED " + count); //$NON-NLS-1$
	}

	@Test
	void twoProcessesWritingAtOnceLoseNothing() throws Exception {
		Path work = Files.createDirectories(dir.resolve("second")); //$NON-NLS-1$
		Path data = Files.createDirectories(dir.resolve("data")); //$NON-NLS-1$
		try (SecondProcess other = new SecondProcess(work, data.toString(), "stats", "shared", "" + EACH)) { //$NON-NLS-1$ //$NON-NLS-2$
			other.go();
			ServerStatisticsImpl mine = new ServerStatisticsImpl(data);
			try {
				for (int i = 0; i < EACH; i++) {
					mine.recordSend("shared", List.of(outcome("x" + i, Status.ACCEPTED)), 3); //$NON-NLS-1$ //$NON-NLS-2$
					mine.recordSend("mine", List.of(outcome("y" + i, Status.DEFERRED)), 5); //$NON-NLS-1$ //$NON-NLS-2$
					mine.flush();
				}
			} finally {
				mine.close();
			}
			assertEquals(List.of("RECORDED " + EACH), other.finish()); //$NON-NLS-1$
		}
		ServerStatisticsImpl reader = new ServerStatisticsImpl(data);
		try {
			ServerStats shared = reader.of("shared"); //$NON-NLS-1$
			assertEquals(3 * EACH, shared.recipients(), "every recipient of both processes is counted"); //$NON-NLS-1$
			assertEquals(2 * EACH, shared.accepted());
			assertEquals(EACH, shared.rejected());
			assertEquals(2.0 / 3, shared.successRate(), 1e-9);
			assertEquals(EACH, reader.of("mine").deferred()); //$NON-NLS-1$
			assertEquals(0, reader.of("mine").successRate(), 1e-9); //$NON-NLS-1$
			assertTrue(reader.problem().isEmpty(), () -> reader.problem().get());
		} finally {
			reader.close();
		}
	}

	@Test
	void keepsOnlyTheRecentSendsAndTellsItsListeners() throws Exception {
		ServerStatisticsImpl statistics = new ServerStatisticsImpl(dir);
		CountDownLatch told = new CountDownLatch(1);
		statistics.addListener(told::countDown);
		try {
			for (int i = 0; i < ServerStatistics.RECENT + 25; i++) {
				statistics.recordSend("s", List.of(outcome("a@example.org", i < 25 ? Status.REJECTED : Status.ACCEPTED)), i); //$NON-NLS-1$ //$NON-NLS-2$
			}
			// Written in the background, without a flush: the listener says when.
			assertTrue(told.await(30, TimeUnit.SECONDS), "the listener was told"); //$NON-NLS-1$
			statistics.recordTest("s", false, "Connect: refused"); //$NON-NLS-1$ //$NON-NLS-2$
			statistics.flush();
		} finally {
			statistics.close();
		}
		ServerStatisticsImpl reader = new ServerStatisticsImpl(dir);
		try {
			ServerStats s = reader.of("s"); //$NON-NLS-1$
			assertEquals(ServerStatistics.RECENT, s.recentSends().size());
			assertEquals(0, s.rejected(), "the 25 oldest (the rejected ones) went first"); //$NON-NLS-1$
			assertEquals(25, s.recentSends().get(0).latencyMillis());
			assertEquals("Connect: refused", s.lastTest().summary()); //$NON-NLS-1$
			assertTrue(!s.lastTest().passed());
		} finally {
			reader.close();
		}
	}

	@Test
	void aDamagedFileIsKeptAsideAndReported() throws Exception {
		Path file = dir.resolve("server-statistics.json"); //$NON-NLS-1$
		Files.writeString(file, "{\"format\":1,\"servers\":{\"s\":{\"sends\":[[1,2", StandardCharsets.UTF_8); //$NON-NLS-1$
		ServerStatisticsImpl statistics = new ServerStatisticsImpl(dir);
		try {
			statistics.recordSend("s", List.of(outcome("a@example.org", Status.ACCEPTED)), 4); //$NON-NLS-1$ //$NON-NLS-2$
			statistics.flush();
			assertTrue(statistics.problem().isPresent(), "the damage is reported"); //$NON-NLS-1$
			assertTrue(statistics.problem().get().contains("damaged"), statistics.problem().get()); //$NON-NLS-1$
			List<Path> aside;
			try (Stream<Path> files = Files.list(dir)) {
				aside = files.filter(f -> f.getFileName().toString().startsWith("server-statistics.json.damaged-")).toList(); //$NON-NLS-1$
			}
			assertEquals(1, aside.size(), "the damaged file is kept aside"); //$NON-NLS-1$
			assertEquals("{\"format\":1,\"servers\":{\"s\":{\"sends\":[[1,2", Files.readString(aside.get(0))); //$NON-NLS-1$
			assertEquals(1, statistics.of("s").accepted(), "a new record starts"); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			statistics.close();
		}
	}

	private static RecipientOutcome outcome(String address, Status status) {
		return new RecipientOutcome(address, status, status == Status.ACCEPTED ? 250 : 550, ""); //$NON-NLS-1$
	}
}
