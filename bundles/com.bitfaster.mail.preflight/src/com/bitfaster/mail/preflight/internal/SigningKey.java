package com.bitfaster.mail.preflight.internal;

/**
 * A DKIM key the product signs a domain's mail with, as the check needs it.
 *
 * @param selector        the selector
 * @param keyType         {@code rsa} or {@code ed25519} (the record's {@code k=})
 * @param publicKeyBase64 the {@code p=} value to publish
 * @param txtRecord       the whole TXT record to publish
 */
record SigningKey(String selector, String keyType, String publicKeyBase64, String txtRecord) {
}
