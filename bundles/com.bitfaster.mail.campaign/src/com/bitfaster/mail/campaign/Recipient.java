package com.bitfaster.mail.campaign;

import java.util.Map;

/**
 * One recipient of a campaign, as read from a list.
 *
 * @param line    the line of the list file it came from (1 is the header), for messages to the user
 * @param address the e-mail address, without display name
 * @param fields  the merge fields of its row, by column name (the address column included)
 */
public record Recipient(long line, String address, Map<String, String> fields) {

	public Recipient {
		fields = Map.copyOf(fields);
	}
}
