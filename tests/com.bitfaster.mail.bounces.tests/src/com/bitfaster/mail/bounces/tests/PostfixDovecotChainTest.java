package com.bitfaster.mail.bounces.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.tests.support.ForegroundDovecot;
import com.bitfaster.mail.tests.support.ForegroundPostfix;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.RejectingSmtpServer;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * The whole way back: a campaign goes to a real Postfix with a {@code bounce+TOKEN} return path; the next hop (a real
 * SMTP server) refuses some recipients after Postfix accepted the messages, so Postfix writes the DSNs itself and
 * delivers them over LMTP into a real Dovecot, which the bounce reader reads over IMAPS (pinned certificate).
 */
class PostfixDovecotChainTest {

	private static final int RECIPIENTS = 24;
	private static final Pattern DSN_SENT = Pattern.compile("postfix/lmtp\\[\\d+\\]: \\w+: to=<bounce\\+[^>]*>.*status=sent"); //$NON-NLS-1$

	@TempDir
	Path dir;

	@Test
	void everyGeneratedBounceIsAttributedAForgedOneChangesNothingAndASecondReadFindsNothing() throws Exception {
		assumeTrue(ForegroundPostfix.available() && ForegroundDovecot.available(), "needs root, Postfix and Dovecot"); //$NON-NLS-1$
		Organisation org = new Organisation(dir);
		List<String> recipients = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		for (int i = 0; i < RECIPIENTS; i++) {
			String r = "r" + i + "@dest.test"; //$NON-NLS-1$ //$NON-NLS-2$
			recipients.add(r);
			if (i % 3 == 0) {
				rejected.add(r);
			}
		}
		Path ledger = org.campaign("chain-campaign", recipients); //$NON-NLS-1$
		try (ForegroundDovecot dovecot = ForegroundDovecot.start();
				RejectingSmtpServer destination = new RejectingSmtpServer(rejected);
				ForegroundPostfix postfix = ForegroundPostfix.relayingTo(destination.port(),
						List.of("transport_maps = inline:{bounce.test=lmtp:inet:127.0.0.1:" + dovecot.lmtp + "}"))) { //$NON-NLS-1$ //$NON-NLS-2$
			send(org, postfix.port, recipients);
			// A forged bounce: the real DSN's shape with a token this organisation never signed.
			String forgedToken = "a".repeat(34); //$NON-NLS-1$
			sendRaw(postfix.port, "bounce+" + forgedToken + "@bounce.test", Fixtures.with("postfix-dsn-5.1.1.eml", forgedToken)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			awaitDelivered(postfix, rejected.size() + 1, Duration.ofSeconds(90));

			org.bounces.setMailbox(new BounceMailbox(BounceMailbox.Protocol.IMAP, Loopback.HOST, dovecot.imaps,
					BounceMailbox.Security.IMPLICIT_TLS, "bounces", dovecot.fingerprint, 0), //$NON-NLS-1$
					ForegroundDovecot.PASSWORD.toCharArray());
			FetchSummary first = org.bounces.fetch(new NullProgressMonitor());
			assertEquals(rejected.size() + 1, first.read(), first.toString());
			assertEquals(rejected.size(), first.hard(), first.toString());
			assertEquals(1, first.refused(), first.toString());

			Map<String, CampaignBounce> bounced = CampaignBounce.latestByAddress(ledger);
			assertEquals(rejected.stream().sorted().toList(), bounced.keySet().stream().sorted().toList(),
					"100% of the bounces attributed to their recipient"); //$NON-NLS-1$
			for (CampaignBounce b : bounced.values()) {
				assertEquals("hard", b.kind()); //$NON-NLS-1$
				assertEquals("5.1.1", b.status()); //$NON-NLS-1$
			}
			assertEquals(rejected.stream().sorted().toList(),
					org.suppression.list().stream().map(e -> e.address()).sorted().toList());
			assertEquals(0, org.bounces.fetch(new NullProgressMonitor()).read(), "a second read finds nothing new"); //$NON-NLS-1$
		}
	}

	/** The campaign's messages, one per recipient with its own return path, over one connection. */
	private static void send(Organisation org, int port, List<String> recipients) throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.host", Loopback.HOST); //$NON-NLS-1$
		props.put("mail.smtp.port", String.valueOf(port)); //$NON-NLS-1$
		Session session = Session.getInstance(props);
		try (Transport t = session.getTransport("smtp")) { //$NON-NLS-1$
			t.connect();
			for (String r : recipients) {
				String token = org.bounceToken("chain-campaign", r); //$NON-NLS-1$
				SMTPMessage m = new SMTPMessage(session);
				m.setFrom(new InternetAddress("news@company.test")); //$NON-NLS-1$
				m.setRecipient(Message.RecipientType.TO, new InternetAddress(r));
				m.setSubject("Spring sale"); //$NON-NLS-1$
				m.setHeader("X-BitFaster-Token", token); //$NON-NLS-1$
				m.setText("Hello"); //$NON-NLS-1$
				m.setEnvelopeFrom("bounce+" + token + "@bounce.test"); //$NON-NLS-1$ //$NON-NLS-2$
				m.setNotifyOptions(SMTPMessage.NOTIFY_FAILURE);
				m.setReturnOption(SMTPMessage.RETURN_HDRS);
				m.saveChanges();
				t.sendMessage(m, m.getAllRecipients());
			}
		}
	}

	private static void sendRaw(int port, String to, byte[] raw) throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.host", Loopback.HOST); //$NON-NLS-1$
		props.put("mail.smtp.port", String.valueOf(port)); //$NON-NLS-1$
		Session session = Session.getInstance(props);
		SMTPMessage m = new SMTPMessage(session, new java.io.ByteArrayInputStream(raw));
		m.setEnvelopeFrom("mailer-daemon@forger.test"); //$NON-NLS-1$
		try (Transport t = session.getTransport("smtp")) { //$NON-NLS-1$
			t.connect();
			t.sendMessage(m, new InternetAddress[] { new InternetAddress(to) });
		}
	}

	/** Polls Postfix's log until it handed {@code count} messages for bounce+ addresses to Dovecot. */
	private static void awaitDelivered(ForegroundPostfix postfix, int count, Duration limit) throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		int seen = 0;
		while (System.nanoTime() < deadline) {
			seen = 0;
			Matcher m = DSN_SENT.matcher(postfix.log());
			while (m.find()) {
				seen++;
			}
			if (seen >= count) {
				return;
			}
			Thread.onSpinWait();
			Thread.sleep(100); // polling interval of a condition with a deadline, not a synchronisation
		}
		throw new AssertionError("Postfix delivered " + seen + " of " + count + " bounces to Dovecot: " + postfix.log()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
