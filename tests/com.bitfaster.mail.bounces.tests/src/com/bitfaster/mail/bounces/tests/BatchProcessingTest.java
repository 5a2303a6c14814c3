package com.bitfaster.mail.bounces.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceOutcome;
import com.bitfaster.mail.bounces.BounceParser;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.bounces.ParsedBounce;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Batches: many bounces of several campaigns read together are each recorded once in their own campaign's journal
 * (one append per campaign and batch) and the suppression list.
 */
class BatchProcessingTest {

	private static final int CAMPAIGNS = 5;
	private static final int PER_CAMPAIGN = 100;

	@TempDir
	Path dir;
	private GreenMail greenMail;

	@AfterEach
	void stop() {
		if (greenMail != null) {
			greenMail.stop();
		}
	}

	private static String dsnFor(Organisation org, String campaign, String recipient) throws Exception {
		return new String(Fixtures.with("postfix-dsn-5.1.1.eml", org.bounceToken(campaign, recipient))) //$NON-NLS-1$
				.replace("gone@dest.test", recipient).replace("8B9A920E5E2@", campaign + "." + recipient.replace('@', '.') + "@"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	}

	@Test
	void fiveHundredBouncesOfFiveCampaignsAreEachRecordedOnceOverPop3() throws Exception {
		fiveHundredBouncesOfFiveCampaigns(BounceMailbox.Protocol.POP3);
	}

	@Test
	void fiveHundredBouncesOfFiveCampaignsAreEachRecordedOnceOverImap() throws Exception {
		// Five batches: each later batch is fetched after the server moved the earlier ones out.
		fiveHundredBouncesOfFiveCampaigns(BounceMailbox.Protocol.IMAP);
	}

	private void fiveHundredBouncesOfFiveCampaigns(BounceMailbox.Protocol protocol) throws Exception {
		boolean imap = protocol == BounceMailbox.Protocol.IMAP;
		greenMail = LoopbackGreenMail.start(imap ? ServerSetup.PROTOCOL_IMAPS : ServerSetup.PROTOCOL_POP3S);
		GreenMailUser user = greenMail.setUser("bounces@bounce.test", "bounces", "pop-secret"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Organisation org = new Organisation(dir);
		Map<String, Path> ledgers = new LinkedHashMap<>();
		Map<String, List<String>> recipients = new LinkedHashMap<>();
		for (int c = 0; c < CAMPAIGNS; c++) {
			List<String> list = new ArrayList<>();
			for (int i = 0; i < PER_CAMPAIGN; i++) {
				list.add("r" + i + "@c" + c + ".test"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
			list.add("ok@c" + c + ".test"); // never bounces //$NON-NLS-1$ //$NON-NLS-2$
			recipients.put("campaign-" + c, list); //$NON-NLS-1$
			ledgers.put("campaign-" + c, org.campaign("campaign-" + c, list)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		Session session = Session.getInstance(new java.util.Properties());
		// Interleaved, so every batch the reader takes holds bounces of every campaign.
		for (int i = 0; i < PER_CAMPAIGN; i++) {
			for (String campaign : ledgers.keySet()) {
				String dsn = dsnFor(org, campaign, recipients.get(campaign).get(i));
				user.deliver(new MimeMessage(session, new ByteArrayInputStream(dsn.getBytes())));
			}
		}
		// A forged one among them changes nothing.
		String forged = org.bounceToken("campaign-0", "ok@c0.test"); //$NON-NLS-1$ //$NON-NLS-2$
		forged = forged.substring(0, forged.length() - 1) + (forged.endsWith("a") ? "b" : "a"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		user.deliver(new MimeMessage(session, new ByteArrayInputStream(
				new String(Fixtures.with("postfix-dsn-5.1.1.eml", forged)).replace("8B9A920E5E2@", "forged@").getBytes()))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		int port = imap ? greenMail.getImaps().getPort() : greenMail.getPop3s().getPort();
		org.bounces.setMailbox(new BounceMailbox(protocol, Loopback.HOST, port,
				BounceMailbox.Security.IMPLICIT_TLS, "bounces", Pins.fingerprint(port), 0), "pop-secret".toCharArray()); //$NON-NLS-1$ //$NON-NLS-2$

		FetchSummary summary = org.bounces.fetch(new NullProgressMonitor());

		int total = CAMPAIGNS * PER_CAMPAIGN;
		assertEquals(total + 1, summary.read(), summary.toString());
		assertEquals(total, summary.hard(), summary.toString());
		assertEquals(1, summary.refused(), summary.toString());
		TreeSet<String> allBounced = new TreeSet<>();
		for (Map.Entry<String, Path> e : ledgers.entrySet()) {
			List<String> want = recipients.get(e.getKey()).subList(0, PER_CAMPAIGN);
			List<CampaignBounce> recorded = CampaignBounce.read(e.getValue());
			assertEquals(new TreeSet<>(want), new TreeSet<>(recorded.stream().map(CampaignBounce::address).toList()), e.getKey());
			assertEquals(PER_CAMPAIGN, recorded.size(), e.getKey() + ": each bounce once"); //$NON-NLS-1$
			assertTrue(recorded.stream().allMatch(b -> b.kind().equals("hard") && b.status().equals("5.1.1")), e.getKey()); //$NON-NLS-1$ //$NON-NLS-2$
			allBounced.addAll(want);
		}
		assertEquals(allBounced, new TreeSet<>(org.suppression.list().stream().map(SuppressionEntry::address).toList()));
		assertEquals(0, org.bounces.fetch(new NullProgressMonitor()).read(), "a second read finds nothing new"); //$NON-NLS-1$
		assertEquals(total, ledgers.values().stream().mapToInt(l -> {
			try {
				return CampaignBounce.read(l).size();
			} catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}).sum(), "the second read recorded nothing"); //$NON-NLS-1$
	}

	@Test
	void softBouncesOfOneBatchEachCountAndAReReadBatchCountsNothing() throws Exception {
		Organisation org = new Organisation(dir);
		Path ledger = org.campaign("spring", List.of("full@exim.test", "gone@dest.test")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String soft = org.bounceToken("spring", "full@exim.test"); //$NON-NLS-1$ //$NON-NLS-2$
		List<ParsedBounce> batch = List.of(BounceParser.parse(Fixtures.with("exim-text-5.2.2.eml", soft)), //$NON-NLS-1$
				BounceParser.parse(Fixtures.with("gmail-dsn-4.2.2.eml", soft)), //$NON-NLS-1$
				BounceParser.parse(Fixtures.with("postfix-dsn-5.1.1.eml", org.bounceToken("spring", "gone@dest.test")))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of(BounceOutcome.SOFT, BounceOutcome.SOFT, BounceOutcome.HARD), org.bounces.processAll(batch));
		assertFalse(org.suppression.isSuppressed("full@exim.test"), "2 soft bounces, below the limit of 3"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(org.suppression.isSuppressed("gone@dest.test")); //$NON-NLS-1$
		// A crash after the journal append, before the messages were marked: the batch is read again. Nothing is
		// recorded or counted twice.
		assertEquals(List.of(BounceOutcome.ALREADY_RECORDED, BounceOutcome.ALREADY_RECORDED, BounceOutcome.ALREADY_RECORDED),
				org.bounces.processAll(batch));
		assertEquals(3, CampaignBounce.read(ledger).size());
		assertFalse(org.suppression.isSuppressed("full@exim.test"), "still 2 soft bounces"); //$NON-NLS-1$ //$NON-NLS-2$
		// The same message twice in one batch: once.
		ParsedBounce third = BounceParser.parse(Fixtures.with("exim-text-5.2.2.eml", soft, "E1exim-0003@mx.exim.test")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(BounceOutcome.SOFT, BounceOutcome.ALREADY_RECORDED), org.bounces.processAll(List.of(third, third)));
		assertTrue(org.suppression.isSuppressed("full@exim.test"), "the third soft bounce reaches the limit"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(4, CampaignBounce.read(ledger).size());
		assertEquals(List.of("full@exim.test", "gone@dest.test"), //$NON-NLS-1$ //$NON-NLS-2$
				List.copyOf(CampaignBounce.latestByAddress(ledger).keySet()));
		assertEquals(2, org.suppression.list().size());
	}
}
