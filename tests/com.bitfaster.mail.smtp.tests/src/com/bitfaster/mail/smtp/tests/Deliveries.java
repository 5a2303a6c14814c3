package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.RecipientOutcome.Status;
import com.bitfaster.mail.core.TransportConnection;

/** What a connection told its listener about a batch: each handover and each envelope's outcomes, in order. */
final class Deliveries implements TransportConnection.Listener {

	final List<Envelope> handedOver = new ArrayList<>();
	final List<Envelope> delivered = new ArrayList<>();
	private final Map<Envelope, List<RecipientOutcome>> outcomes = new IdentityHashMap<>();
	/** Runs at each handover, before the listener returns (the final "." must not have left yet). */
	private final Runnable atHandover;

	Deliveries() {
		this(() -> {
			// nothing to check
		});
	}

	Deliveries(Runnable atHandover) {
		this.atHandover = atHandover;
	}

	@Override
	public void handingOver(Envelope envelope) {
		handedOver.add(envelope);
		atHandover.run();
	}

	@Override
	public void delivered(Envelope envelope, List<RecipientOutcome> list) {
		assertNull(outcomes.put(envelope, list), "reported twice"); //$NON-NLS-1$
		assertEquals(envelope.recipients().size(), list.size(), list.toString());
		delivered.add(envelope);
	}

	/** @return the envelope's outcomes; fails unless it was reported exactly once */
	List<RecipientOutcome> of(Envelope envelope) {
		List<RecipientOutcome> list = outcomes.get(envelope);
		assertEquals(true, list != null, "never reported"); //$NON-NLS-1$
		return list;
	}

	/** @return the envelope's only outcome */
	RecipientOutcome only(Envelope envelope) {
		List<RecipientOutcome> list = of(envelope);
		assertEquals(1, list.size(), list.toString());
		return list.get(0);
	}

	/** Fails unless every envelope was reported once and all its recipients have the status. */
	void assertAll(List<Envelope> envelopes, Status status) {
		assertEquals(envelopes.size(), delivered.size(), delivered.toString());
		for (Envelope e : envelopes) {
			for (RecipientOutcome o : of(e)) {
				assertEquals(status, o.status(), o.toString());
			}
		}
	}
}
