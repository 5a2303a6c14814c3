package com.bitfaster.mail.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.SendResult;

/**
 * One envelope of a {@link SendJobImpl} and what has happened to it: the outcomes so far, the recipients still to
 * reach, the attempts. Changed by one worker at a time (the one that took it from the queue), then by nobody once
 * {@link #finished}.
 */
final class Delivery {

	final SendJobImpl job;
	final int index;
	final Envelope envelope;
	final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
	/** The recipients still to reach, as an envelope of only them (the whole envelope at first). */
	Envelope pending;
	int attempts;
	/** Times it went back to the queue at once, unsent, because its connection was lost before it. */
	int requeuedUnsent;
	/** Whether it was sent again at once once already after a kept connection turned out dropped. */
	boolean staleRetried;
	String serverId = ""; //$NON-NLS-1$
	/** Set by the sending worker when the transport says the message is being handed over (this attempt). */
	volatile boolean handedOver;
	private boolean finished;

	Delivery(SendJobImpl job, int index, Envelope envelope) {
		this.job = job;
		this.index = index;
		this.envelope = envelope;
		this.pending = envelope;
	}

	/** Called before each attempt. */
	void beginAttempt(String server) {
		serverId = server;
		handedOver = false;
	}

	/**
	 * Ends the delivery: recipients without an outcome get a DEFERRED one saying {@code why}.
	 *
	 * @return the result, or {@code null} when it had ended already (exactly one result per message)
	 */
	synchronized SendResult finish(String why) {
		if (finished) {
			return null;
		}
		finished = true;
		for (String address : pending.recipients()) {
			RecipientOutcome before = outcomes.get(address);
			// A server's own reply (451 …) says more than why sending stopped; keep it.
			if (before == null || (why != null && before.code() == 0 && before.status() == Status.DEFERRED)) {
				outcomes.put(address, new RecipientOutcome(address, Status.DEFERRED, 0, why == null ? Messages.Sender_cancelled : why));
			}
		}
		List<RecipientOutcome> list = new ArrayList<>(envelope.recipients().size());
		for (String address : envelope.recipients()) {
			list.add(outcomes.get(address));
		}
		String summary = list.stream().filter(o -> o.status() != Status.ACCEPTED).findFirst()
				.map(o -> NLS.bind(Messages.Sender_summary, o.address(), o.reply())).orElse(why == null ? "" : why); //$NON-NLS-1$
		return new SendResult(index, serverId, list, attempts, summary);
	}

	synchronized boolean isFinished() {
		return finished;
	}
}
