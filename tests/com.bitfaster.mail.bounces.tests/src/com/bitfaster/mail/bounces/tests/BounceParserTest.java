package com.bitfaster.mail.bounces.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.bitfaster.mail.bounces.BounceKind;
import com.bitfaster.mail.bounces.BounceParser;
import com.bitfaster.mail.bounces.ParsedBounce;

class BounceParserTest {

	private static ParsedBounce parse(String fixture) throws Exception {
		return BounceParser.parse(Fixtures.with(fixture, Fixtures.TOKEN));
	}

	@Test
	void postfixDsnIsHardWithItsRecipientStatusAndToken() throws Exception {
		ParsedBounce b = parse("postfix-dsn-5.1.1.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.HARD, b.kind());
		assertEquals(Optional.of(Fixtures.TOKEN), b.token());
		assertEquals("gone@dest.test", b.firstFailure().recipient()); //$NON-NLS-1$
		assertEquals("5.1.1", b.firstFailure().status()); //$NON-NLS-1$
		assertEquals("550 5.1.1 User unknown", b.firstFailure().diagnostic()); //$NON-NLS-1$
		assertEquals("<20261201102601.8B9A920E5E2@relay.bitfaster.test>", b.messageId()); //$NON-NLS-1$
	}

	@Test
	void eximTextBounceMailboxFullIsSoft() throws Exception {
		ParsedBounce b = parse("exim-text-5.2.2.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.SOFT, b.kind());
		assertEquals(Optional.of(Fixtures.TOKEN), b.token());
		assertEquals("full@exim.test", b.firstFailure().recipient()); //$NON-NLS-1$
		assertEquals("5.2.2", b.firstFailure().status()); //$NON-NLS-1$
		assertTrue(b.firstFailure().diagnostic().contains("Mailbox full"), b.firstFailure().diagnostic()); //$NON-NLS-1$
	}

	@Test
	void exchangeNdrFindsTheTokenInTheReturnedHeadersWhenTheReturnPathWasRewritten() throws Exception {
		ParsedBounce b = parse("exchange-ndr-rewritten.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.HARD, b.kind());
		assertEquals(Optional.of(Fixtures.TOKEN), b.token());
		assertEquals("nobody@contoso.test", b.firstFailure().recipient()); //$NON-NLS-1$
		assertEquals("5.1.10", b.firstFailure().status()); //$NON-NLS-1$
		assertTrue(b.firstFailure().diagnostic().contains("RecipientNotFound"), b.firstFailure().diagnostic()); //$NON-NLS-1$
	}

	@Test
	void gmailDelayOverQuotaIsSoft() throws Exception {
		ParsedBounce b = parse("gmail-dsn-4.2.2.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.SOFT, b.kind());
		assertEquals("quota@gmail.test", b.firstFailure().recipient()); //$NON-NLS-1$
		assertEquals("4.2.2", b.firstFailure().status()); //$NON-NLS-1$
	}

	@Test
	void arfReportIsAComplaintByTheOriginalRecipient() throws Exception {
		ParsedBounce b = parse("arf-complaint.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.COMPLAINT, b.kind());
		assertEquals(Optional.of(Fixtures.TOKEN), b.token());
		assertEquals("angry@isp.test", b.firstFailure().recipient()); //$NON-NLS-1$
	}

	@Test
	void outOfOfficeIsAnAutoReplyNotABounce() throws Exception {
		assertEquals(BounceKind.AUTO_REPLY, parse("out-of-office.eml").kind()); //$NON-NLS-1$
	}

	@Test
	void mailToTheUnsubscribeAddressIsAnUnsubscribe() throws Exception {
		ParsedBounce b = parse("unsubscribe.eml"); //$NON-NLS-1$
		assertEquals(BounceKind.UNSUBSCRIBE, b.kind());
		assertEquals(Optional.of(Fixtures.TOKEN), b.token());
	}

	@Test
	void aPersonsMailIsUnrecognised() throws Exception {
		byte[] mail = "From: a@b.test\r\nTo: info@company.test\r\nSubject: Question\r\nMessage-ID: <q@b.test>\r\n\r\nCall me at 555 1234.\r\n" //$NON-NLS-1$
				.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertEquals(BounceKind.UNRECOGNISED, BounceParser.parse(mail).kind());
	}

	@Test
	void classificationFollowsTheStatusClass() {
		assertEquals(BounceKind.HARD, BounceKind.classify("5.1.1", "")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceKind.HARD, BounceKind.classify("5.7.1", "rejected by policy")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceKind.SOFT, BounceKind.classify("5.2.2", "")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceKind.SOFT, BounceKind.classify("4.4.1", "")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceKind.SOFT, BounceKind.classify("550", "mailbox full")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceKind.UNRECOGNISED, BounceKind.classify("2.0.0", "")); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
