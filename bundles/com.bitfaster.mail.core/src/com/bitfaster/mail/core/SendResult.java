package com.bitfaster.mail.core;

import java.util.List;

/**
 * The result of sending one message.
 *
 * @param index      position of the message in the list given to the {@link SenderService}
 * @param serverId   id of the server that last handled the message; empty when none was reached
 * @param outcomes   one outcome per recipient
 * @param attempts   how many times the message was handed to a server
 * @param message    a plain summary for the user when something went wrong; empty when every recipient was accepted
 */
public record SendResult(int index, String serverId, List<RecipientOutcome> outcomes, int attempts, String message) {

	public SendResult {
		outcomes = List.copyOf(outcomes);
		serverId = serverId == null ? "" : serverId; //$NON-NLS-1$
		message = message == null ? "" : message; //$NON-NLS-1$
	}

	/** @return whether every recipient was accepted */
	public boolean allAccepted() {
		return outcomes.stream().allMatch(o -> o.status() == RecipientOutcome.Status.ACCEPTED);
	}

	/** @return the outcome of one recipient, compared case-insensitively */
	public RecipientOutcome outcome(String address) {
		return outcomes.stream().filter(o -> o.address().equalsIgnoreCase(address)).findFirst().orElseThrow();
	}
}
