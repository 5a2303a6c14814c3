package com.bitfaster.mail.localserver;

import java.time.Instant;

/**
 * One kept message as the list shows it.
 *
 * @param id          the Maildir file name, unique in its mailbox
 * @param mailbox     the mailbox (recipient address without its {@code +tag}, lower case)
 * @param envelopeFrom the SMTP sender ({@code ""} for a bounce)
 * @param from        the From header, or {@code ""}
 * @param to          the To header, or the mailbox
 * @param subject     the Subject header, decoded, or {@code ""}
 * @param date        when the server received it
 * @param size        its size in bytes on disk
 * @param hasAttachments whether a part is an attachment
 */
public record StoredMessage(String id, String mailbox, String envelopeFrom, String from, String to, String subject,
		Instant date, long size, boolean hasAttachments) {
}
