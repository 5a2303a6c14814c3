package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * A second JVM running {@link RegistryWriter} in an OSGi framework of its own: the bundles of this test run (its
 * {@code config.ini}, started by the same Equinox launcher) in a configuration area of its own. A real process, so
 * that file locks are tested as they work between the workbench and the command line, not as they work between
 * threads.
 */
final class SecondProcess implements AutoCloseable {

	/** Generous: the machine running the tests may be busy. */
	static final Duration DEADLINE = Duration.ofMinutes(3);
	private static final String END = "\u0000end"; //$NON-NLS-1$

	private final Process process;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final List<String> output = new ArrayList<>();
	private final List<String> reports = new ArrayList<>();

	/** Starts the process and waits until it has opened its registry and waits for {@link #go()}. */
	SecondProcess(Path work, String... args) throws IOException, InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		// Tycho runs the tests with java -jar org.eclipse.equinox.launcher.jar; that launcher also ends the JVM when the
		// application returns (EclipseStarter.main alone leaves the framework running).
		String launcher = System.getProperty("java.class.path"); //$NON-NLS-1$
		assertTrue(launcher.contains("org.eclipse.equinox.launcher") && !launcher.contains(File.pathSeparator), //$NON-NLS-1$
				"the tests run from the Equinox launcher jar, not " + launcher); //$NON-NLS-1$
		Path configIni = Path.of(URI.create(context.getProperty("osgi.configuration.area"))).resolve("config.ini"); //$NON-NLS-1$ //$NON-NLS-2$
		Path configuration = Files.createDirectories(work.resolve("configuration")); //$NON-NLS-1$
		Files.copy(configIni, configuration.resolve("config.ini")); //$NON-NLS-1$
		String java = ProcessHandle.current().info().command().orElseThrow();
		List<String> command = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-jar", launcher, //$NON-NLS-1$ //$NON-NLS-2$
				"-configuration", configuration.toUri().toString(), "-data", "@none", "-consoleLog", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"-application", "com.bitfaster.mail.core.tests.registryWriter")); //$NON-NLS-1$ //$NON-NLS-2$
		command.addAll(List.of(args));
		process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(this::readOutput, "Second process output"); //$NON-NLS-1$
		reader.setDaemon(true);
		reader.start();
		String line;
		do {
			line = next(DEADLINE);
		} while (!line.equals(RegistryWriter.READY));
	}

	private void readOutput() {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				lines.add(line);
			}
		} catch (IOException e) {
			lines.add("reading failed: " + e); //$NON-NLS-1$
		} finally {
			lines.add(END);
		}
	}

	private String next(Duration timeout) throws InterruptedException {
		String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (line == null) {
			fail("The second process said nothing for " + timeout + "; it said:\n" + String.join("\n", output)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		if (line.equals(END)) {
			fail("The second process ended early; it said:\n" + String.join("\n", output)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		record(line);
		return line;
	}

	private void record(String line) {
		output.add(line);
		if (line.startsWith(RegistryWriter.REPORT)) {
			reports.add(line.substring(RegistryWriter.REPORT.length()));
		}
	}

	/** Lets the process start its work. */
	void go() throws IOException {
		OutputStream in = process.getOutputStream();
		in.write("go\n".getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
		in.flush();
	}

	/** Waits for the process to end successfully; @return the lines it reported (without {@value RegistryWriter#REPORT}) */
	List<String> finish() throws InterruptedException {
		if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
			for (String line = lines.poll(); line != null; line = lines.poll()) {
				record(line);
			}
			fail("The second process did not end within " + DEADLINE + "; it said:\n" + String.join("\n", output)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		for (String line = lines.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); line != null && !line.equals(END);
				line = lines.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
			record(line);
		}
		assertEquals(0, process.exitValue(), () -> "exit code; it said:\n" + String.join("\n", output)); //$NON-NLS-1$ //$NON-NLS-2$
		return List.copyOf(reports);
	}

	@Override
	public void close() {
		process.destroyForcibly();
	}
}
