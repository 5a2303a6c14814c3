package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.CrossProcessLock;

class CrossProcessLockTest {

	@TempDir
	Path dir;

	/** A thread that already holds the lock (under any spelling of the path) may take it again without the JVM refusing. */
	@Test
	void holdsAreReentrantAndOnlyTheLastCloseReleasesTheFileLock() throws IOException {
		Path file = dir.resolve("servers.json.lock"); //$NON-NLS-1$
		Path otherSpelling = Files.createDirectories(dir.resolve("sub")).resolve("../servers.json.lock"); //$NON-NLS-1$ //$NON-NLS-2$
		try (CrossProcessLock outer = CrossProcessLock.acquire(file)) {
			try (CrossProcessLock inner = CrossProcessLock.acquire(otherSpelling)) {
				assertThrows(OverlappingFileLockException.class, () -> lockDirectly(file), "locked while held twice"); //$NON-NLS-1$
			}
			assertThrows(OverlappingFileLockException.class, () -> lockDirectly(file), "still locked after the inner hold"); //$NON-NLS-1$
		}
		lockDirectly(file);
	}

	/**
	 * Two processes, two lock files, each process with two threads: this JVM holds the refresh lock R and asks for the
	 * secret store's lock S, which another process (Python's fcntl locks, the same POSIX locks) holds in one thread
	 * while another of its threads waits for R. Linux sees process waiting for process and answers EDEADLK ("Resource
	 * deadlock avoided"), although the other process releases S without needing R: acquire must wait for S, not fail.
	 * This is what two campaigns sending through one OAuth2 server met (145 of 5,000 deferred).
	 */
	@Test
	void aDeadlockLinuxOnlySuspectsBetweenThreadsOfTwoProcessesIsWaitedOut() throws Exception {
		Path python = Path.of("/usr/bin/python3"); //$NON-NLS-1$
		org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(python) && Files.isReadable(Path.of("/proc/locks")), //$NON-NLS-1$
				"needs /usr/bin/python3 and /proc/locks (Linux)"); //$NON-NLS-1$
		Path r = dir.resolve("refresh.lock"); //$NON-NLS-1$
		Path sLock = dir.resolve("secrets.lock"); //$NON-NLS-1$
		Files.createFile(sLock);
		String script = String.join("\n", //$NON-NLS-1$
				"import fcntl, sys, threading", //$NON-NLS-1$
				"s = open(sys.argv[2], 'r+'); fcntl.lockf(s, fcntl.LOCK_EX)", //$NON-NLS-1$
				"def wait_r():", //$NON-NLS-1$
				"    f = open(sys.argv[1], 'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('got R', flush=True)", //$NON-NLS-1$
				"t = threading.Thread(target=wait_r); t.start()", //$NON-NLS-1$
				"print('holding S', flush=True)", //$NON-NLS-1$
				"sys.stdin.readline(); fcntl.lockf(s, fcntl.LOCK_UN); print('released S', flush=True)", //$NON-NLS-1$
				"t.join()", ""); //$NON-NLS-1$ //$NON-NLS-2$
		try (CrossProcessLock refresh = CrossProcessLock.acquire(r)) {
			Process child = new ProcessBuilder(python.toString(), "-c", script, r.toString(), sLock.toString()) //$NON-NLS-1$
					.redirectErrorStream(true).start();
			try {
				java.io.BufferedReader out = new java.io.BufferedReader(
						new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
				org.junit.jupiter.api.Assertions.assertEquals("holding S", out.readLine()); //$NON-NLS-1$
				// The child's second thread is blocked on R once /proc/locks lists its request (a "->" line).
				String pid = Long.toString(child.pid());
				long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
				while (Files.readAllLines(Path.of("/proc/locks")).stream() //$NON-NLS-1$
						.noneMatch(l -> l.contains("->") && l.contains(" " + pid + " "))) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline && child.isAlive(),
							"the child never waited for R"); //$NON-NLS-1$
					Thread.onSpinWait();
				}
				java.util.concurrent.CompletableFuture<Void> secrets = java.util.concurrent.CompletableFuture.runAsync(() -> {
					try (CrossProcessLock s = CrossProcessLock.acquire(sLock)) {
						// got it
					} catch (IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				});
				// Without the fix the acquire fails at once with EDEADLK; with it, it waits while the child holds S.
				org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
						() -> secrets.get(300, java.util.concurrent.TimeUnit.MILLISECONDS), "waits while S is held"); //$NON-NLS-1$
				child.getOutputStream().write('\n');
				child.getOutputStream().flush();
				org.junit.jupiter.api.Assertions.assertEquals("released S", out.readLine()); //$NON-NLS-1$
				secrets.get(30, java.util.concurrent.TimeUnit.SECONDS); // no ExecutionException: no EDEADLK
				refresh.close();
				org.junit.jupiter.api.Assertions.assertEquals("got R", out.readLine()); //$NON-NLS-1$
				org.junit.jupiter.api.Assertions.assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
			} finally {
				child.destroy();
			}
		}
	}

	private static void lockDirectly(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
			assertNotNull(lock, "free for another process"); //$NON-NLS-1$
		}
	}
}
