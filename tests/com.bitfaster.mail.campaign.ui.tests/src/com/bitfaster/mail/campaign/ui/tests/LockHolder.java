package com.bitfaster.mail.campaign.ui.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process that holds a campaign's lock as a run of the command line does: an operating-system lock on the
 * lock file, with its process id, host and start written in it. A separate JVM (a single-file Java program), because
 * a lock held inside the test's own process would not be another process's.
 */
final class LockHolder {

	private static final String SOURCE = """
			import java.nio.ByteBuffer;
			import java.nio.channels.FileChannel;
			import java.nio.channels.FileLock;
			import java.nio.charset.StandardCharsets;
			import java.nio.file.Path;
			import java.nio.file.StandardOpenOption;
			import java.time.Instant;

			public class HoldLock {
				public static void main(String[] args) throws Exception {
					try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
							StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
						String text = "pid=" + ProcessHandle.current().pid() + "\\nhost=other-host\\nsince=" + Instant.now()
								+ "\\nsyncedSeq=-1\\nsyncedLength=0\\n";
						channel.truncate(0);
						channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
						System.out.println("locked");
						System.out.flush();
						System.in.read(); // until the test ends it
					}
				}
			}
			""";

	private LockHolder() {
	}

	/** @return the process, once it holds the lock */
	static Process start(Path lockFile, Path dir) throws IOException {
		Path source = dir.resolve("HoldLock.java"); //$NON-NLS-1$
		Files.writeString(source, SOURCE);
		String java = ProcessHandle.current().info().command().orElse("java"); //$NON-NLS-1$
		Files.createDirectories(lockFile.getParent());
		Process p = new ProcessBuilder(java, source.toString(), lockFile.toString()).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine(); // blocks until the lock is held, or the process ended
		if (!"locked".equals(line)) { //$NON-NLS-1$
			p.destroyForcibly();
			throw new IOException("The lock holder did not start: " + line); //$NON-NLS-1$
		}
		return p;
	}
}
