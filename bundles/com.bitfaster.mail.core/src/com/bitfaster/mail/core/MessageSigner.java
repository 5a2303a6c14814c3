package com.bitfaster.mail.core;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Signs outgoing messages (DKIM, for example): an optional DS service that the {@link SenderService} consults for
 * every envelope it is given, so that every caller (campaigns, the compose editor, the command line) is signed alike.
 * The sender passes the envelope's bytes through the transform once, on a pool of threads sized to the machine's cores
 * before a connection takes the message, and every attempt sends the same signed bytes.
 *
 * @since 1.4
 */
public interface MessageSigner {

	/**
	 * @param message the message about to be sent
	 * @return the transform that adds the signature(s) to the message's bytes, or {@code null} when this message is not
	 *         signed (no key for its From domain, say); must be quick, it is called on the caller's thread
	 * @throws MessagingException when the message's From cannot be read
	 */
	Envelope.Transform signerFor(MimeMessage message) throws MessagingException;
}
