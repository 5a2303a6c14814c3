package com.bitfaster.mail.core.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;

import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService.SendJob;

/**
 * The envelopes of one {@link SenderServiceImpl#submit} call. Counts what is still queued or being sent ("active")
 * and what is still without a result ("open"), and hands each result on exactly once.
 */
final class SendJobImpl implements SendJob {

	final List<String> serverIds;
	private final Consumer<SendResult> onResult;
	private final SendResult[] results;
	/** Servers that could not be connected to for this job: not tried again by it. */
	final Set<String> failedServers = new HashSet<>();
	/** The last reason a server could not be used, for the results of messages no server took. */
	volatile String lastProblem;
	private int open;
	private int active;
	private volatile boolean cancelled;
	private SendQueue queue;

	SendJobImpl(List<String> serverIds, int size, Consumer<SendResult> onResult) {
		this.serverIds = List.copyOf(serverIds);
		this.onResult = onResult;
		this.results = new SendResult[size];
		this.open = size;
		this.active = size;
	}

	void attach(SendQueue sendQueue) {
		this.queue = sendQueue;
	}

	boolean isCancelled() {
		return cancelled;
	}

	/** A delivery stops being active (has its result, or waits for a retry). */
	synchronized void inactive() {
		if (--active == 0) {
			notifyAll();
		}
	}

	/** A delivery waiting for a retry is queued again. */
	synchronized void activeAgain() {
		active++;
	}

	/**
	 * Ends a delivery with its result and hands the result on.
	 *
	 * @param wasActive whether it was queued or being sent (not waiting for a retry)
	 */
	void finish(Delivery delivery, String why, boolean wasActive) {
		SendResult result = delivery.finish(why);
		if (result == null) {
			return;
		}
		if (onResult != null) {
			try {
				onResult.accept(result);
			} catch (RuntimeException e) {
				// The caller's failure must not cost another message its result.
				ILog.of(SendJobImpl.class).error("A send result could not be handed on", e); //$NON-NLS-1$
			}
		}
		synchronized (this) {
			results[delivery.index] = result;
			if (wasActive && --active == 0) {
				notifyAll();
			}
			if (--open == 0) {
				notifyAll();
			}
		}
	}

	@Override
	public synchronized void awaitAttempted() throws InterruptedException {
		while (active > 0 && open > 0) {
			wait();
		}
	}

	@Override
	public synchronized boolean awaitAttempted(java.time.Duration timeout) throws InterruptedException {
		return waitFor(() -> active == 0 || open == 0, timeout);
	}

	@Override
	public synchronized boolean await(java.time.Duration timeout) throws InterruptedException {
		return waitFor(() -> open == 0, timeout);
	}

	/** Waits (holding this monitor) until {@code done}, for at most {@code timeout}; @return whether done */
	private boolean waitFor(java.util.function.BooleanSupplier done, java.time.Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.getAsBoolean()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return true;
	}

	@Override
	public synchronized List<SendResult> await() throws InterruptedException {
		while (open > 0) {
			wait();
		}
		return Arrays.asList(results.clone());
	}

	@Override
	public void cancel() {
		cancelled = true;
		if (queue != null) {
			queue.cancel(this);
		}
	}

	@Override
	public synchronized boolean isDone() {
		return open == 0;
	}
}
