package com.bitfaster.mail.campaign;

/**
 * Damage found in a ledger: its records there were skipped, and recipients whose records they may have been read
 * {@link DeliveryState#UNKNOWN}.
 *
 * @param offset      the byte offset in the file where it was found
 * @param description what was found, for the user
 */
public record LedgerDamage(long offset, String description) {
}
