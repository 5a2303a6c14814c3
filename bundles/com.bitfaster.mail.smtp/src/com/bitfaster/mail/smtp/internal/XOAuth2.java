package com.bitfaster.mail.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * SASL XOAUTH2 on a connected Angus transport. When {@code AUTH XOAUTH2 <response>} would be longer than an SMTP
 * command line (512 bytes), the response goes on a line of its own after the server's {@code 334}: Microsoft's access
 * tokens are 1.5–3 KB, and servers limit a command line (Dovecot answers {@code 500 5.5.2 Line too long}), while Angus
 * 2.0 always sends the response on the AUTH line. Microsoft 365, Gmail and Dovecot take the two-line form.
 */
final class XOAuth2 {

	private static final String COMMAND = "AUTH XOAUTH2"; //$NON-NLS-1$
	/** The command line limit of RFC 5321 section 4.5.3.1.4, CRLF included. */
	private static final int MAX_LINE = 512;

	private XOAuth2() {
	}

	/**
	 * @throws AuthenticationFailedException with the server's reply when it does not offer XOAUTH2 or refuses the
	 *                                       token; the token is in no message
	 */
	static void signIn(SMTPTransport transport, String user, char[] token) throws MessagingException {
		String mechanisms = transport.getExtensionParameter("AUTH"); //$NON-NLS-1$
		if (mechanisms == null
				|| !Arrays.asList(mechanisms.toUpperCase(Locale.ROOT).split("\\s+")).contains("XOAUTH2")) { //$NON-NLS-1$ //$NON-NLS-2$
			throw new AuthenticationFailedException("No authentication mechanisms supported by both server and client"); //$NON-NLS-1$
		}
		byte[] raw = ("user=" + user + "\u0001auth=Bearer " + new String(token) + "\u0001\u0001") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.getBytes(StandardCharsets.UTF_8);
		String response = Base64.getEncoder().encodeToString(raw);
		Arrays.fill(raw, (byte) 0);
		int code;
		if (COMMAND.length() + 1 + response.length() + 2 <= MAX_LINE) {
			// Short enough for one line, which every server takes (some, such as GreenMail, only that form).
			code = transport.simpleCommand(COMMAND + " " + response); //$NON-NLS-1$
		} else {
			code = transport.simpleCommand(COMMAND);
			if (code != 334) {
				throw new AuthenticationFailedException(transport.getLastServerResponse());
			}
			code = transport.simpleCommand(response);
		}
		if (code == 334) {
			// The refusal comes as a challenge (JSON with the status); an empty line ends the exchange with the reply.
			code = transport.simpleCommand(""); //$NON-NLS-1$
		}
		if (code != 235) {
			throw new AuthenticationFailedException(transport.getLastServerResponse());
		}
	}
}
