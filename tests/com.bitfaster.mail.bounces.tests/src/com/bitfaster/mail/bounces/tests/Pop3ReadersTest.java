package com.bitfaster.mail.bounces.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.bounces.internal.BounceServiceImpl;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** The bounce mailbox over POP3S (GreenMail): two readers at once record each bounce exactly once. */
class Pop3ReadersTest {

	private static final int BOUNCES = 40;

	@TempDir
	Path dir;
	private GreenMail greenMail;
	private Organisation org;
	private Path ledger;
	private BounceMailbox mailbox;

	@BeforeEach
	void mailboxWithBounces() throws Exception {
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_POP3S);
		GreenMailUser user = greenMail.setUser("bounces@bounce.test", "bounces", "pop-secret"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		org = new Organisation(dir);
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < BOUNCES; i++) {
			recipients.add("r" + i + "@dest.test"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		ledger = org.campaign("pop-campaign", recipients); //$NON-NLS-1$
		Session session = Session.getInstance(new java.util.Properties());
		for (String r : recipients) {
			// Postfix's own DSN (the fixture), for this recipient, with this recipient's token.
			String dsn = new String(Fixtures.with("postfix-dsn-5.1.1.eml", org.bounceToken("pop-campaign", r))) //$NON-NLS-1$ //$NON-NLS-2$
					.replace("gone@dest.test", r).replace("8B9A920E5E2@", r.replace('@', '.') + "@"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			user.deliver(new MimeMessage(session, new ByteArrayInputStream(dsn.getBytes())));
		}
		int port = greenMail.getPop3s().getPort();
		mailbox = new BounceMailbox(BounceMailbox.Protocol.POP3, Loopback.HOST, port, BounceMailbox.Security.IMPLICIT_TLS,
				"bounces", Pins.fingerprint(port), 0); //$NON-NLS-1$
		org.bounces.setMailbox(mailbox, "pop-secret".toCharArray()); //$NON-NLS-1$
	}

	@AfterEach
	void stop() {
		greenMail.stop();
	}

	@Test
	void twoReadersAtOnceRecordEachBounceOnce() throws Exception {
		// A second reader with its own service instance on the same data, as a second program would be.
		BounceServiceImpl second = new BounceServiceImpl(org.bounces.folder(),
				new SecureSecrets(() -> org.secure, "com.bitfaster.mail/bounces"), org.tokens, org.suppression, org.directory); //$NON-NLS-1$
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<FetchSummary> a = pool.submit(() -> org.bounces.fetch(new NullProgressMonitor()));
			Future<FetchSummary> b = pool.submit(() -> second.fetch(new NullProgressMonitor()));
			FetchSummary sa = a.get(120, TimeUnit.SECONDS);
			FetchSummary sb = b.get(120, TimeUnit.SECONDS);
			assertEquals(BOUNCES, sa.hard() + sb.hard(), sa + " / " + sb); //$NON-NLS-1$
			assertEquals(BOUNCES, sa.read() + sb.read());
			assertEquals(0, sa.refused() + sb.refused());
		} finally {
			pool.shutdownNow();
		}
		assertEquals(BOUNCES, CampaignBounce.read(ledger).size());
		assertEquals(BOUNCES, CampaignBounce.latestByAddress(ledger).size());
		assertEquals(BOUNCES, org.suppression.list().size());
		assertEquals(0, org.bounces.fetch(new NullProgressMonitor()).read(), "a third read finds nothing new"); //$NON-NLS-1$
		assertEquals(BOUNCES, greenMail.getReceivedMessages().length, "POP3 leaves the messages; their UIDLs are remembered"); //$NON-NLS-1$
	}

	@Test
	void aWrongPasswordOrPinIsReportedNotSwallowed() throws Exception {
		org.bounces.setMailbox(mailbox, "wrong".toCharArray()); //$NON-NLS-1$
		CoreException e = assertThrows(CoreException.class, () -> org.bounces.fetch(new NullProgressMonitor()));
		assertTrue(e.getMessage().contains("user name or password"), e.getMessage()); //$NON-NLS-1$
		BounceMailbox otherPin = new BounceMailbox(mailbox.protocol(), mailbox.host(), mailbox.port(), mailbox.security(),
				mailbox.user(), "AA".repeat(32), 0); //$NON-NLS-1$
		org.bounces.setMailbox(otherPin, "pop-secret".toCharArray()); //$NON-NLS-1$
		e = assertThrows(CoreException.class, () -> org.bounces.fetch(new NullProgressMonitor()));
		assertTrue(e.getMessage().contains("not the pinned one"), e.getMessage()); //$NON-NLS-1$
		// Unpinned: GreenMail's self-signed certificate is not trusted by the JDK.
		BounceMailbox unpinned = new BounceMailbox(mailbox.protocol(), mailbox.host(), mailbox.port(), mailbox.security(),
				mailbox.user(), "", 0); //$NON-NLS-1$
		org.bounces.setMailbox(unpinned, null);
		e = assertThrows(CoreException.class, () -> org.bounces.fetch(new NullProgressMonitor()));
		assertTrue(e.getMessage().contains("not trusted"), e.getMessage()); //$NON-NLS-1$
		assertTrue(CampaignBounce.read(ledger).isEmpty());
	}
}
