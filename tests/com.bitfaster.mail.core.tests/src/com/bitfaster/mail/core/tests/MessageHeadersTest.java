package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MessageHeaders;

/** Header fields of a mail a person writes: no line breaks, strict addresses, the bad one named. */
class MessageHeadersTest {

	@Test
	void lineBreaksAndControlCharactersAreRefused() {
		for (String bad : List.of("Hi\r\nBcc: evil@example.org", "a\rb", "a\nb", "tab\there", "nul\u0000", "ls\u2028")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
			assertEquals(Optional.of("Subject must not contain line breaks (CR or LF), tabs or other control characters."), //$NON-NLS-1$
					MessageHeaders.lineProblem("Subject", bad), bad); //$NON-NLS-1$
		}
		assertEquals(Optional.empty(), MessageHeaders.lineProblem("Subject", "Grüße ✉ – fine")); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(MessageHeaders.addressProblem("To", "ada@example.org\r\nBcc: evil@example.org").get() //$NON-NLS-1$ //$NON-NLS-2$
				.contains("line breaks")); //$NON-NLS-1$
	}

	@Test
	void addressListsSplitAtCommasAndSemicolonsOutsideQuotes() {
		assertEquals(List.of("ada@example.org", "\"Doe, Jane\" <jane@example.org>", "Bob <bob@example.org>", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"x@example.org (Comment, with comma)"), //$NON-NLS-1$
				MessageHeaders.split(" ada@example.org; \"Doe, Jane\" <jane@example.org>,, Bob <bob@example.org> ;" //$NON-NLS-1$
						+ "x@example.org (Comment, with comma);")); //$NON-NLS-1$
		assertEquals(List.of(), MessageHeaders.split("  ")); //$NON-NLS-1$
		assertEquals(Optional.empty(), MessageHeaders.addressProblem("To", //$NON-NLS-1$
				"ada@example.org; \"Doe, Jane\" <jane@example.org>, x@[127.0.0.1]")); //$NON-NLS-1$
		assertEquals(Optional.empty(), MessageHeaders.addressProblem("Cc", "")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void theFirstBadAddressIsNamed() {
		assertEquals(Optional.of("Cc: 'ada' is not a valid e-mail address."), //$NON-NLS-1$
				MessageHeaders.addressProblem("Cc", "grace@example.org, ada, bob@")); //$NON-NLS-1$ //$NON-NLS-2$
		for (String bad : List.of("bob@", "a b@example.org", "ada@@example.org", "ada@example..org", "<ada@example.org")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			assertEquals(Optional.of("Bcc: '" + bad + "' is not a valid e-mail address."), //$NON-NLS-1$ //$NON-NLS-2$
					MessageHeaders.addressProblem("Bcc", bad), bad); //$NON-NLS-1$
		}
	}
}
