package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Postfix's smtp-sink on a free loopback port, with fault injection flags; each message is dumped to a file. */
public final class SmtpSink implements AutoCloseable {

	public static final Path EXECUTABLE = Path.of("/usr/sbin/smtp-sink"); //$NON-NLS-1$

	public final int port;
	private final Process process;
	private final Path dumps;
	private final Path log;

	private SmtpSink(int port, Process process, Path dumps, Path log) {
		this.port = port;
		this.process = process;
		this.dumps = dumps;
		this.log = log;
	}

	public static SmtpSink start(Path dir, String... flags) throws IOException {
		if (!Files.isExecutable(EXECUTABLE)) {
			throw new IOException(EXECUTABLE + " is missing: install the postfix package (see .ci/run)"); //$NON-NLS-1$
		}
		// smtp-sink drops root privileges to -u when run as root; that user must reach and write the dumps, which the
		// test's private temporary folder does not allow.
		Path dumps = Files.createTempDirectory("bitfaster-sink-"); //$NON-NLS-1$
		Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx")); //$NON-NLS-1$
		int port = Loopback.freePort();
		List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString()));
		if ("root".equals(System.getProperty("user.name"))) { //$NON-NLS-1$ //$NON-NLS-2$
			command.addAll(List.of("-u", "nobody")); //$NON-NLS-1$ //$NON-NLS-2$
		}
		command.addAll(List.of("-v", "-d", dumps + "/%M.")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		command.addAll(List.of(flags));
		command.addAll(List.of("127.0.0.1:" + port, "100")); //$NON-NLS-1$ //$NON-NLS-2$
		Path log = dir.resolve("smtp-sink-" + port + ".log"); //$NON-NLS-1$ //$NON-NLS-2$
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			Loopback.awaitListening(port, Duration.ofSeconds(60), process);
		} catch (IOException e) {
			process.destroyForcibly();
			throw e;
		}
		return new SmtpSink(port, process, dumps, log);
	}

	/** @return how many messages the sink has received (completed DATA) */
	public int received() throws IOException {
		try (Stream<Path> files = Files.list(dumps)) {
			return (int) files.count();
		}
	}

	/**
	 * @return when the sink took each message (its dump file's modification time, written when the final "." came),
	 *         in milliseconds since the epoch, earliest first
	 */
	public List<Long> acceptanceTimes() throws IOException {
		List<Long> times = new ArrayList<>();
		try (Stream<Path> files = Files.list(dumps)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				times.add(Files.getLastModifiedTime(f).toMillis());
			}
		}
		times.sort(null);
		return times;
	}

	/**
	 * @return each message the sink took: when (its dump file's modification time, epoch millis) and the dump's text
	 *         (ISO-8859-1), earliest first
	 */
	public List<java.util.Map.Entry<Long, String>> acceptances() throws IOException {
		List<java.util.Map.Entry<Long, String>> all = new ArrayList<>();
		try (Stream<Path> files = Files.list(dumps)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				all.add(java.util.Map.entry(Files.getLastModifiedTime(f).toMillis(),
						Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)));
			}
		}
		all.sort(java.util.Map.Entry.comparingByKey());
		return all;
	}

	/** @return the most of {@code times} (sorted) in any window of {@code millis} (a sliding window) */
	public static int mostInWindow(List<Long> times, long millis) {
		int most = 0;
		for (int first = 0, last = 0; last < times.size(); last++) {
			while (times.get(last) - times.get(first) >= millis) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

	/** @return the most messages the sink took in any window of {@code millis} (a sliding window) */
	public int mostInWindow(long millis) throws IOException {
		List<Long> times = acceptanceTimes();
		int most = 0;
		for (int first = 0, last = 0; last < times.size(); last++) {
			while (times.get(last) - times.get(first) >= millis) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

	/**
	 * @return the messages received, each as smtp-sink dumped it (its envelope as {@code X-} header lines, then the
	 *         message as received), oldest first
	 */
	public List<byte[]> messages() throws IOException {
		List<Path> files;
		try (Stream<Path> all = Files.list(dumps)) {
			files = new ArrayList<>(all.toList());
		}
		files.sort(java.util.Comparator.comparing((Path f) -> {
			try {
				return Files.getLastModifiedTime(f);
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}));
		List<byte[]> messages = new ArrayList<>();
		for (Path f : files) {
			messages.add(Files.readAllBytes(f));
		}
		return messages;
	}

	/** @return how many SMTP sessions clients opened (from the verbose log; the readiness check is not counted) */
	public int sessions() throws IOException {
		try (Stream<String> lines = Files.lines(log)) {
			return (int) lines.filter(l -> l.contains(": connect (")).count() - 1; //$NON-NLS-1$
		}
	}

	/** @return the number received once it reaches {@code expected}, or what it is after 30 s of polling (a deadline for a failing test, not a bound) */
	public int awaitReceived(int expected) throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int n = received();
		while (n < expected && System.nanoTime() < deadline) {
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			n = received();
		}
		return n;
	}

	@Override
	public void close() {
		process.destroy();
		try (Stream<Path> files = Files.list(dumps)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				Files.deleteIfExists(f);
			}
			Files.deleteIfExists(dumps);
		} catch (IOException e) {
			// a leftover temporary folder is harmless
		}
		try {
			if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}
}
