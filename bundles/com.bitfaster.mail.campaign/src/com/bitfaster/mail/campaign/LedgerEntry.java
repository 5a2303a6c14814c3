package com.bitfaster.mail.campaign;

/**
 * The last recorded state of one recipient.
 *
 * @param address   the recipient, as sent to
 * @param state     its state
 * @param replyCode the server's reply code, 0 when there was none
 * @param reply     the server's reply text or the reason, empty when there was none
 */
public record LedgerEntry(String address, DeliveryState state, int replyCode, String reply) {
}
