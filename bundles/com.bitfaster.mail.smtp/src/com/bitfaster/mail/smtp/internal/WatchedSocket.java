package com.bitfaster.mail.smtp.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A plain socket whose writes time out (TCP_NODELAY on), checked by one shared watchdog thread. A write blocked longer
 * than the timeout (a server that stopped reading) closes the socket and fails with a SocketTimeoutException.
 * <p>
 * Angus's own write timeout schedules and cancels a task for every write, with a thread per connection: about a fifth
 * of the sender's CPU at four connections. A TLS socket layered on this one (STARTTLS) writes through it.
 */
final class WatchedSocket extends Socket {

	/** How often the watchdog looks: a stalled write fails between the timeout and the timeout plus this. */
	static final long PERIOD_MILLIS = 250;
	private static final Set<WatchedSocket> WATCHED = new HashSet<>();
	private static Thread watchdog;

	private final long timeoutNanos;
	/** When the current write began ({@code System.nanoTime()}), or 0 when none is under way. */
	private volatile long writingSince;
	private volatile boolean timedOut;
	private boolean watched;
	private OutputStream output;

	WatchedSocket(long timeoutMillis) {
		this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
	}

	@Override
	public synchronized OutputStream getOutputStream() throws IOException {
		if (output == null) {
			OutputStream raw = super.getOutputStream();
			watch(this);
			watched = true;
			output = new FilterOutputStream(raw) {
				@Override
				public void write(int b) throws IOException {
					begin();
					try {
						out.write(b);
					} catch (IOException e) {
						throw timedOut(e);
					} finally {
						writingSince = 0;
					}
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					begin();
					try {
						out.write(b, off, len);
					} catch (IOException e) {
						throw timedOut(e);
					} finally {
						writingSince = 0;
					}
				}
			};
		}
		return output;
	}

	private void begin() {
		long now = System.nanoTime();
		writingSince = now == 0 ? 1 : now;
	}

	private IOException timedOut(IOException e) {
		if (!timedOut) {
			return e;
		}
		SocketTimeoutException timeout = new SocketTimeoutException(
				"Write timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"); //$NON-NLS-1$ //$NON-NLS-2$
		timeout.initCause(e);
		return timeout;
	}

	private boolean overdue(long now) {
		long since = writingSince;
		return since != 0 && timeoutNanos > 0 && now - since > timeoutNanos;
	}

	@Override
	public void close() throws IOException {
		synchronized (this) {
			if (watched) {
				forget(this);
				watched = false;
			}
		}
		super.close();
	}

	private static synchronized void watch(WatchedSocket socket) {
		WATCHED.add(socket);
		if (watchdog == null) {
			watchdog = new Thread(WatchedSocket::watchWrites, "BitFaster SMTP write timeout"); //$NON-NLS-1$
			watchdog.setDaemon(true);
			watchdog.start();
		}
	}

	private static synchronized void forget(WatchedSocket socket) {
		WATCHED.remove(socket);
	}

	/** The watchdog: closes sockets whose write is overdue; ends when no socket is left to watch. */
	private static void watchWrites() {
		while (true) {
			try {
				Thread.sleep(PERIOD_MILLIS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			List<WatchedSocket> overdue = new ArrayList<>();
			synchronized (WatchedSocket.class) {
				if (WATCHED.isEmpty() || Thread.currentThread().isInterrupted()) {
					watchdog = null;
					return;
				}
				long now = System.nanoTime();
				for (WatchedSocket s : WATCHED) {
					if (s.overdue(now)) {
						overdue.add(s);
					}
				}
			}
			for (WatchedSocket s : overdue) {
				s.timedOut = true;
				try {
					s.close(); // the blocked write fails at once
				} catch (IOException e) {
					// Closing is all that is left to do.
				}
			}
		}
	}
}
