package com.bitfaster.mail.bounces.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.bounces.BounceOutcome;
import com.bitfaster.mail.bounces.BounceParser;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignJournal;
import com.bitfaster.mail.suppression.RecipientTokens;

/** Bounces of real formats, with tokens of the real token service, into real ledgers' journals and suppression list. */
class BounceProcessingTest {

	@TempDir
	Path dir;
	private Organisation org;
	private Path ledger;

	@BeforeEach
	void campaign() throws Exception {
		org = new Organisation(dir);
		ledger = org.campaign("spring-sale", List.of("gone@dest.test", "full@exim.test", "angry@isp.test", "ok@dest.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
	}

	private BounceOutcome process(String fixture, String token) throws Exception {
		return org.bounces.process(BounceParser.parse(Fixtures.with(fixture, token)));
	}

	private List<CampaignBounce> bounced() throws Exception {
		return CampaignBounce.read(ledger);
	}

	@Test
	void hardBounceIsJournaledBesideTheOutcomeAndSuppressed() throws Exception {
		assertEquals(BounceOutcome.HARD, process("postfix-dsn-5.1.1.eml", org.bounceToken("spring-sale", "gone@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<CampaignBounce> b = bounced();
		assertEquals(1, b.size());
		assertEquals(List.of("gone@dest.test", "hard", "5.1.1", "550 5.1.1 User unknown"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(b.get(0).address(), b.get(0).kind(), b.get(0).status(), b.get(0).text())); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		assertTrue(org.suppression.isSuppressed("gone@dest.test")); //$NON-NLS-1$
		assertFalse(org.suppression.isSuppressed("ok@dest.test")); //$NON-NLS-1$
	}

	@Test
	void theTokenNamesTheRecipientNotTheReportsAddress() throws Exception {
		// A relay rewrote the recipient (an alias): the token still says whom the campaign sent to.
		assertEquals(BounceOutcome.HARD, process("postfix-dsn-5.1.1.eml", org.bounceToken("spring-sale", "ok@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals("ok@dest.test", bounced().get(0).address()); //$NON-NLS-1$
	}

	@Test
	void forgedOrForeignTokensChangeNothing() throws Exception {
		String real = org.bounceToken("spring-sale", "gone@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$
		char last = real.charAt(real.length() - 1);
		String altered = real.substring(0, real.length() - 1) + (last == 'a' ? 'b' : 'a');
		Organisation other = new Organisation(dir.resolve("other-org")); //$NON-NLS-1$
		String foreign = other.bounceToken("spring-sale", "gone@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$
		String unsubscribePurpose = org.tokens.issue(RecipientTokens.Purpose.UNSUBSCRIBE, "spring-sale", "gone@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$
		for (String token : List.of(altered, foreign, unsubscribePurpose)) {
			assertEquals(BounceOutcome.REFUSED, process("postfix-dsn-5.1.1.eml", token), token); //$NON-NLS-1$
		}
		// A bounce without any token, from the same report.
		assertEquals(BounceOutcome.REFUSED, org.bounces.process(BounceParser.parse(Fixtures.text("postfix-dsn-5.1.1.eml") //$NON-NLS-1$
				.replace("bounce+" + Fixtures.TOKEN, "newsletter").replace(Fixtures.TOKEN, "x").getBytes()))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertFalse(Files.exists(CampaignJournal.journalFile(ledger)));
		assertTrue(org.suppression.list().isEmpty());
	}

	@Test
	void aTokenOfAnUnknownCampaignIsRefused() throws Exception {
		assertEquals(BounceOutcome.REFUSED, process("postfix-dsn-5.1.1.eml", org.bounceToken("never-ran", "gone@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(BounceOutcome.REFUSED, process("postfix-dsn-5.1.1.eml", org.bounceToken("spring-sale", "stranger@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertTrue(org.suppression.list().isEmpty());
	}

	@Test
	void complaintsUnsubscribesAndRewrittenReturnPathsAreApplied() throws Exception {
		assertEquals(BounceOutcome.COMPLAINT, process("arf-complaint.eml", org.bounceToken("spring-sale", "angry@isp.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(BounceOutcome.UNSUBSCRIBE, process("unsubscribe.eml", //$NON-NLS-1$
				org.tokens.issue(RecipientTokens.Purpose.UNSUBSCRIBE, "spring-sale", "ok@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceOutcome.HARD, process("exchange-ndr-rewritten.eml", org.bounceToken("spring-sale", "gone@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(BounceOutcome.AUTO_REPLY, process("out-of-office.eml", org.bounceToken("spring-sale", "ok@dest.test"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of("angry@isp.test", "gone@dest.test", "ok@dest.test"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				org.suppression.list().stream().map(e -> e.address()).sorted().toList());
		assertEquals(List.of("complaint", "unsubscribe", "hard"), bounced().stream().map(CampaignBounce::kind).toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void softBouncesSuppressOnlyAtTheLimit() throws Exception {
		String token = org.bounceToken("spring-sale", "full@exim.test"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceOutcome.SOFT, process("exim-text-5.2.2.eml", token)); //$NON-NLS-1$
		assertEquals(BounceOutcome.SOFT, process("gmail-dsn-4.2.2.eml", token)); //$NON-NLS-1$
		assertFalse(org.suppression.isSuppressed("full@exim.test")); //$NON-NLS-1$
		// A third soft bounce: the same report from the same server, a new message.
		assertEquals(BounceOutcome.SOFT, org.bounces.process(BounceParser.parse(Fixtures.with("exim-text-5.2.2.eml", token, //$NON-NLS-1$
				"E1exim-0002@mx.exim.test")))); //$NON-NLS-1$
		assertTrue(org.suppression.isSuppressed("full@exim.test"), "3 soft bounces within 14 days (the defaults)"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(3, bounced().size());
	}

	/**
	 * A reader that stopped after the journal append and before it remembered the message reads the same bounce
	 * again: it is recorded once, and counts once toward the soft-bounce rule.
	 */
	@Test
	void theSameSoftBounceReadThreeTimesCountsOnce() throws Exception {
		String token = org.bounceToken("spring-sale", "full@exim.test"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(BounceOutcome.SOFT, process("exim-text-5.2.2.eml", token)); //$NON-NLS-1$
		assertEquals(BounceOutcome.ALREADY_RECORDED, process("exim-text-5.2.2.eml", token)); //$NON-NLS-1$
		assertEquals(BounceOutcome.ALREADY_RECORDED, process("exim-text-5.2.2.eml", token)); //$NON-NLS-1$
		assertEquals(1, bounced().size(), "one journal record"); //$NON-NLS-1$
		assertFalse(org.suppression.isSuppressed("full@exim.test"), "one soft bounce, not three (limit 3)"); //$NON-NLS-1$ //$NON-NLS-2$
		// Two more real ones reach the limit: the replays did not count, the new ones do.
		for (String id : List.of("E1exim-0002@mx.exim.test", "E1exim-0003@mx.exim.test")) { //$NON-NLS-1$ //$NON-NLS-2$
			assertFalse(org.suppression.isSuppressed("full@exim.test")); //$NON-NLS-1$
			assertEquals(BounceOutcome.SOFT, org.bounces.process(BounceParser.parse(Fixtures.with("exim-text-5.2.2.eml", token, id)))); //$NON-NLS-1$
		}
		assertTrue(org.suppression.isSuppressed("full@exim.test")); //$NON-NLS-1$
		assertEquals(3, bounced().size());
	}
}
