package com.bitfaster.mail.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock that holds against other threads and other processes: for a read-modify-write of a file that
 * several programs (the workbench, the command line) change. The OS lock is taken on a separate lock file, which is
 * never deleted (deleting it would let two processes lock two different files of the same name).
 * <p>
 * OS file locks belong to the process: a second lock of the same file in this JVM throws, and closing any channel of
 * the file releases the process's lock. So threads first queue on one in-process lock per file, and only the first
 * hold of that lock opens the one channel and takes the OS lock. Holds are reentrant for the thread that has the lock;
 * {@link #close()} must be called by that thread.
 * </p>
 *
 * <pre>
 * try (CrossProcessLock lock = CrossProcessLock.acquire(dir.resolve("servers.json.lock"))) {
 * 	// re-read, change, write
 * }
 * </pre>
 */
public final class CrossProcessLock implements AutoCloseable {

	private static final ConcurrentMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

	/** One per lock file in this JVM; its channel, holding the OS lock, is open while a thread holds {@link #threads}. */
	private static final class Holder {
		final ReentrantLock threads = new ReentrantLock();
		FileChannel channel;
	}

	private final Holder holder;
	private boolean closed;

	private CrossProcessLock(Holder holder) {
		this.holder = holder;
	}

	/**
	 * Waits until this thread holds the lock on {@code lockFile} (created with its folder when missing).
	 *
	 * @throws IOException when the lock file cannot be created or locked, or the thread is interrupted while waiting
	 */
	public static CrossProcessLock acquire(Path lockFile) throws IOException {
		Path dir = lockFile.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		// The real folder, so that two spellings of one file share one in-process lock.
		Holder holder = HOLDERS.computeIfAbsent(dir.toRealPath().resolve(lockFile.getFileName()), k -> new Holder());
		try {
			holder.threads.lockInterruptibly();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for " + lockFile); //$NON-NLS-1$
		}
		try {
			if (holder.threads.getHoldCount() == 1) {
				FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				try {
					lock(channel, lockFile);
				} catch (IOException | RuntimeException e) {
					channel.close();
					throw e;
				}
				holder.channel = channel;
			}
			return new CrossProcessLock(holder);
		} catch (IOException | RuntimeException e) {
			holder.threads.unlock();
			throw e;
		}
	}

	/**
	 * Takes the OS lock, waiting for it. Linux refuses a blocking lock with EDEADLK ("Resource deadlock avoided") when
	 * it sees this process wait for a lock held by a process that waits for one this process holds. Locks belong to
	 * processes, not threads, so that is often no deadlock at all: one thread here holds a server's OAuth refresh lock
	 * and waits for the secret store's, while in the other process one thread holds the secret store's lock for a moment
	 * and another waits for the refresh lock (seen with two campaigns on one OAuth2 server). The holder finishes without
	 * the lock we hold, so then the lock is asked for again without blocking until it is free.
	 */
	private static void lock(FileChannel channel, Path lockFile) throws IOException {
		try {
			channel.lock();
			return;
		} catch (IOException e) {
			if (!isDeadlockAvoided(e)) {
				throw e;
			}
		}
		long pauseMillis = 1;
		while (true) {
			try {
				if (channel.tryLock() != null) {
					return;
				}
			} catch (java.nio.channels.OverlappingFileLockException e) {
				throw new IOException("Locked twice in this JVM: " + lockFile, e); //$NON-NLS-1$
			}
			try {
				Thread.sleep(pauseMillis);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for " + lockFile); //$NON-NLS-1$
			}
			pauseMillis = Math.min(pauseMillis * 2, 50);
		}
	}

	private static boolean isDeadlockAvoided(IOException e) {
		String message = e.getMessage();
		return message != null && message.contains("deadlock"); //$NON-NLS-1$
	}

	/** Releases this hold; the last hold of the thread releases the OS lock. */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		try {
			if (holder.threads.getHoldCount() == 1) {
				FileChannel channel = holder.channel;
				holder.channel = null;
				try {
					// Closing the channel releases the OS lock (the JDK releases it before closing the descriptor).
					channel.close();
				} catch (IOException e) {
					// nothing more can be done
				}
			}
		} finally {
			holder.threads.unlock();
		}
	}
}
