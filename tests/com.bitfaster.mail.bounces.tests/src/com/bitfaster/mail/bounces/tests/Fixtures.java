package com.bitfaster.mail.bounces.tests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.FrameworkUtil;

/**
 * The bounce files in {@code fixtures/}. {@code postfix-dsn-5.1.1.eml} was written by the real Postfix of these tests
 * (delivered into Dovecot over LMTP); the others were written by hand from their published formats: Exim's bounce
 * text, Exchange Online's NDR (Microsoft's "Email non-delivery reports in Exchange Online"), Gmail's DSN, RFC 5965's
 * ARF example, an RFC 3834 auto-reply. Each carries the placeholder token {@link #TOKEN}.
 */
final class Fixtures {

	static final String TOKEN = "abcdefabcdefabcdefabcdefabcdefabcd"; //$NON-NLS-1$

	private Fixtures() {
	}

	static String text(String name) throws IOException {
		URL url = FrameworkUtil.getBundle(Fixtures.class).getEntry("fixtures/" + name); //$NON-NLS-1$
		if (url == null) {
			throw new IOException("no fixture " + name); //$NON-NLS-1$
		}
		try (InputStream in = url.openStream()) {
			// Mail lines end in CRLF on the wire; the files are kept with LF.
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
	}

	/** @return the fixture with {@code token} in place of {@link #TOKEN} */
	static byte[] with(String name, String token) throws IOException {
		return text(name).replace(TOKEN, token).getBytes(StandardCharsets.UTF_8);
	}

	/** @return the fixture with {@code token} and another Message-ID: a second bounce of the same kind */
	static byte[] with(String name, String token, String messageId) throws IOException {
		return text(name).replace(TOKEN, token).replaceFirst("(?im)^Message-Id: <[^>]*>", "Message-ID: <" + messageId + ">") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.getBytes(StandardCharsets.UTF_8);
	}
}
