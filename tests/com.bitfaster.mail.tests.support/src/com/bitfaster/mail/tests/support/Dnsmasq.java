package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dnsmasq (Debian's {@code dnsmasq-base}) in the foreground on a free loopback port, answering only for the fixture
 * records it is given ({@code --txt-record}, {@code --mx-host}, {@code --host-record}, {@code --address}, ...):
 * every other name under {@code local} does not exist, and nothing is forwarded. What the discovery tests started by
 * hand, for every test that needs a real DNS server.
 */
public final class Dnsmasq implements AutoCloseable {

	private final Process process;
	private final int port;

	private Dnsmasq(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * @param dir     where its log is written ({@code dnsmasq.log})
	 * @param local   the domain it is the only authority for, for example {@code test}
	 * @param records its record options, each a whole argument such as {@code --txt-record=a.test,v=spf1 -all}
	 */
	public static Dnsmasq start(Path dir, String local, List<String> records) throws IOException {
		int port = Loopback.freePort();
		List<String> command = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--port=" + port, //$NON-NLS-1$ //$NON-NLS-2$
				"--listen-address=" + Loopback.HOST, "--bind-interfaces", "--no-resolv", "--no-hosts", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"--conf-file=/dev/null", "--pid-file", "--local=/" + local + "/")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		command.addAll(records);
		Path log = dir.resolve("dnsmasq.log"); //$NON-NLS-1$
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			// dnsmasq answers on TCP as well as UDP, from the same moment: a TCP connection says it is ready.
			Loopback.awaitListening(port, Duration.ofSeconds(60), process);
		} catch (IOException e) {
			process.destroy();
			throw new IOException("dnsmasq did not start: " + Files.readString(log), e); //$NON-NLS-1$
		}
		return new Dnsmasq(process, port);
	}

	/** @return {@code 127.0.0.1:PORT}, what {@code bitfaster.dns.server} is set to */
	public String server() {
		return Loopback.HOST + ":" + port; //$NON-NLS-1$
	}

	/**
	 * @return a TXT record option whose value is split into strings of at most 255 characters (DNS's limit for one
	 *         string; a resolver joins them)
	 */
	public static String txt(String name, String value) {
		StringBuilder b = new StringBuilder("--txt-record=").append(name); //$NON-NLS-1$
		for (int i = 0; i < value.length(); i += 255) {
			b.append(',').append(value, i, Math.min(value.length(), i + 255));
		}
		return b.toString();
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}
}
