package com.bitfaster.mail.ui.internal.inbox;

import java.util.Date;
import java.util.List;

/**
 * One message of a POP3 mailbox, read in full: what the table lists and what the details show.
 *
 * @param uid the POP3 unique id, which names the message for deleting it in a later session
 */
public record InboxMessage(String uid, String from, String to, String subject, Date date, int size, String headers,
		String text, String html, List<Attachment> attachments) {

	/** An attachment: its file name and its decoded size in bytes. */
	public record Attachment(String name, String contentType, long size) {
	}
}
