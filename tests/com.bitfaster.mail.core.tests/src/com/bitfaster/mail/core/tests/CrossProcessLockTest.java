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

	private static void lockDirectly(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
			assertNotNull(lock, "free for another process"); //$NON-NLS-1$
		}
	}
}
