package com.bitfaster.mail.tests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The loopback address the peers of the tests listen on, and their ports. */
public final class Loopback {

	public static final String HOST = "127.0.0.1"; //$NON-NLS-1$

	private Loopback() {
	}

	/** @return a loopback port that was free a moment ago */
	public static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/**
	 * Polls until something accepts connections on the port (a readiness check, not a fixed wait).
	 *
	 * @param process the server's process, whose exit ends the wait at once; or {@code null}
	 */
	public static void awaitListening(int port, Duration limit, Process process) throws IOException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (process != null && !process.isAlive()) {
				throw new IOException("the server exited with code " + process.exitValue()); //$NON-NLS-1$
			}
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress(HOST, port), 200);
				return;
			} catch (IOException e) {
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}
		throw new IOException("nothing listens on port " + port + " after " + limit); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
