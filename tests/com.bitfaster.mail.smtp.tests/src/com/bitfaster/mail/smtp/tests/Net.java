package com.bitfaster.mail.smtp.tests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Loopback helpers. */
final class Net {

	private Net() {
	}

	/** @return a loopback port that was free a moment ago */
	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/** Polls until something accepts connections on the port (a readiness check, not a fixed wait). */
	static void awaitListening(int port, Duration limit, Process process) throws IOException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (process != null && !process.isAlive()) {
				throw new IOException("the server exited with code " + process.exitValue()); //$NON-NLS-1$
			}
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress("127.0.0.1", port), 200); //$NON-NLS-1$
				return;
			} catch (IOException e) {
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}
		throw new IOException("nothing listens on port " + port + " after " + limit); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
