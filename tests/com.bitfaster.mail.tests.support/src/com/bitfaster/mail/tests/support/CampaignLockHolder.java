package com.bitfaster.mail.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process that holds a campaign's lock as a run of the command line does: the gate byte, then the run lock,
 * then its process id, host and start written in the lock file, then the gate released (the layout of
 * {@code CampaignLock}). A separate JVM (a single-file Java program), because a lock held inside the test's own
 * process would not be another process's. It can stop with the run lock held but its name not yet written, to show
 * that nobody sees the lock held without a name.
 */
public final class CampaignLockHolder implements AutoCloseable {

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
					long gateAt = 1L << 62;
					try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
							StandardOpenOption.READ, StandardOpenOption.WRITE)) {
						FileLock gate = channel.lock(gateAt, 1, false);
						FileLock run = channel.lock(0, gateAt, false);
						channel.truncate(0);
						if (args.length > 1) {
							System.out.println("unnamed");
							System.out.flush();
							System.in.read(); // until the test lets it write its name
						}
						String text = "pid=" + ProcessHandle.current().pid() + "\\nhost=other-host\\nsince=" + Instant.now()
								+ "\\nsyncedSeq=-1\\nsyncedLength=0\\n";
						channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
						gate.release();
						System.out.println("locked");
						System.out.flush();
						System.in.read(); // until the test ends it
					}
				}
			}
			""";

	private final Process process;
	private final BufferedReader out;

	private CampaignLockHolder(Process process) {
		this.process = process;
		this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/** @return the process, once it holds the lock with its name written */
	public static CampaignLockHolder start(Path lockFile, Path dir) throws IOException {
		CampaignLockHolder holder = launch(lockFile, dir, false);
		holder.expect("locked"); //$NON-NLS-1$
		return holder;
	}

	/** @return the process, once it holds the gate and the run lock but has not written its name; see {@link #name()} */
	public static CampaignLockHolder startUnnamed(Path lockFile, Path dir) throws IOException {
		CampaignLockHolder holder = launch(lockFile, dir, true);
		holder.expect("unnamed"); //$NON-NLS-1$
		return holder;
	}

	private static CampaignLockHolder launch(Path lockFile, Path dir, boolean pause) throws IOException {
		Path source = dir.resolve("HoldLock.java"); //$NON-NLS-1$
		Files.writeString(source, SOURCE);
		String java = ProcessHandle.current().info().command().orElse("java"); //$NON-NLS-1$
		Files.createDirectories(lockFile.getParent());
		ProcessBuilder builder = pause
				? new ProcessBuilder(java, source.toString(), lockFile.toString(), "pause") //$NON-NLS-1$
				: new ProcessBuilder(java, source.toString(), lockFile.toString());
		return new CampaignLockHolder(builder.redirectErrorStream(true).start());
	}

	/** Lets a holder started unnamed write its name and release the gate; returns once it has. */
	public void name() throws IOException {
		OutputStream in = process.getOutputStream();
		in.write('\n');
		in.flush();
		expect("locked"); //$NON-NLS-1$
	}

	public long pid() {
		return process.pid();
	}

	private void expect(String line) throws IOException {
		String said = out.readLine(); // blocks until the holder got there, or ended
		if (!line.equals(said)) {
			process.destroyForcibly();
			throw new IOException("The lock holder did not get to '" + line + "': " + said); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		process.waitFor();
	}
}
