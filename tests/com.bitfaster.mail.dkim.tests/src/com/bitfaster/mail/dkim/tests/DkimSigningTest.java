package com.bitfaster.mail.dkim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageSigner;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKey.Algorithm;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.dkim.internal.DkimKeysImpl;
import com.bitfaster.mail.tests.support.ForegroundPostfix;
import com.bitfaster.mail.tests.support.SecureStores;
import com.bitfaster.mail.tests.support.SmtpSink;
import com.bitfaster.mail.tests.support.TestRegistries;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Messages signed by the sender service as they are sent to a real SMTP peer (Postfix's smtp-sink, which dumps what
 * it received, and a real Postfix relaying to it), then verified by two independent verifiers, OpenDKIM and dkimpy,
 * against the records as they would be published.
 */
class DkimSigningTest {

	@TempDir
	Path dir;
	private ISecurePreferences secure;
	private DkimKeysImpl keys;
	private ServerRegistryImpl registry;
	private SenderServiceImpl sender;
	private SmtpSink sink;

	@BeforeEach
	void setUp() throws Exception {
		assertTrue(Files.isExecutable(Tools.OPENDKIM), "install opendkim (see .ci/run)"); //$NON-NLS-1$
		assertTrue(Files.exists(Tools.DKIMPY), "install python3-dkim (see .ci/run)"); //$NON-NLS-1$
		secure = SecureStores.throwaway(dir);
		keys = new DkimKeysImpl(dir.resolve("data"), new SecureSecrets(() -> secure, "com.bitfaster.mail/dkim"), //$NON-NLS-1$ //$NON-NLS-2$
				Clock.systemUTC());
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		sender = new SenderServiceImpl(registry, extensions, new RetryPolicy(3, attempt -> 0));
		sender.setSigner(keys);
		sink = SmtpSink.start(dir);
	}

	@AfterEach
	void tearDown() {
		if (sender != null) {
			sender.close();
		}
		if (sink != null) {
			sink.close();
		}
	}

	private MailServer server(int port) {
		return registry.add(MailServer.builder().name("peer " + port).host("127.0.0.1").port(port) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption(MailServer.ENCRYPTION_NONE).timeoutSeconds(10).build(), null);
	}

	static MimeMessage message(String from) throws Exception {
		MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
		m.setFrom(new InternetAddress(from, "Signed Sender")); //$NON-NLS-1$
		m.addRecipient(Message.RecipientType.TO, new InternetAddress("reader@example.test")); //$NON-NLS-1$
		m.addRecipient(Message.RecipientType.CC, new InternetAddress("copy@example.test")); //$NON-NLS-1$
		m.setSubject("Grüße, a subject long enough to be folded by Jakarta Mail when it is encoded as it is here", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		m.setSentDate(new Date());
		m.setHeader("List-Unsubscribe", "<https://signed.test/u/1>, <mailto:u@signed.test?subject=unsubscribe>"); //$NON-NLS-1$ //$NON-NLS-2$
		m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); //$NON-NLS-1$ //$NON-NLS-2$
		m.setText("Hello  there, \r\n\r\nwith trailing space \t\r\nand a last line.\r\n\r\n\r\n", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		m.saveChanges();
		return m;
	}

	private byte[] sendOne(MimeMessage m, MailServer server, int expectedInSink) throws Exception {
		SendResult r = sender.send(m, server, new NullProgressMonitor());
		assertTrue(r.allAccepted(), r.toString());
		assertEquals(expectedInSink, sink.awaitReceived(expectedInSink));
		List<byte[]> all = sink.messages();
		// smtp-sink stores lines ending in LF, as Postfix does; on the wire they end in CRLF.
		String dump = text(all.get(all.size() - 1)).replace("\r\n", "\n").replace("\n", "\r\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		return dump.getBytes(StandardCharsets.ISO_8859_1);
	}

	@Test
	void bothVerifiersPassEachAlgorithmAndBoth() throws Exception {
		DkimKey rsa = keys.generate("signed.test", "rsa2026", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		DkimKey ed = keys.generate("ed.test", "ed2026", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		DkimKey ed2 = keys.generate("signed.test", "ed2026", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.generate("both.test", "a", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		List<DkimKey> published = keys.list();
		MailServer server = server(sink.port);

		byte[] edOnly = sendOne(message("news@ed.test"), server, 1); //$NON-NLS-1$
		assertEquals(1, count(edOnly, "DKIM-Signature:"), text(edOnly)); //$NON-NLS-1$
		assertVerified(edOnly, published, 1);
		assertTrue(text(edOnly).contains("a=ed25519-sha256;"), text(edOnly)); //$NON-NLS-1$

		byte[] two = sendOne(message("news@Signed.TEST"), server, 2); //$NON-NLS-1$
		String t = text(two);
		assertEquals(2, count(two, "DKIM-Signature:"), t); //$NON-NLS-1$
		assertVerified(two, published, 2);
		assertTrue(t.contains("a=rsa-sha256;") && t.contains("a=ed25519-sha256;"), t); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(t.contains("c=relaxed/relaxed;"), t); //$NON-NLS-1$
		assertFalse(Pattern.compile("[;\\s]l=").matcher(t.substring(0, t.indexOf("\r\n\r\n"))).find(), "no l= tag"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		// The headers that matter, those present; From once more than present.
		assertEquals("from:from:to:cc:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-unsubscribe-post", //$NON-NLS-1$
				hTag(t));
		assertTrue(rsa.domain().equals(ed2.domain()) && ed.domain().equals("ed.test")); //$NON-NLS-1$

		// A domain without a key is sent as it is.
		byte[] plain = sendOne(message("news@unsigned.test"), server, 3); //$NON-NLS-1$
		assertEquals(0, count(plain, "DKIM-Signature:"), text(plain)); //$NON-NLS-1$
	}

	@Test
	void aChangedBodyOrHeaderFailsVerification() throws Exception {
		keys.generate("signed.test", "rsa", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.generate("signed.test", "ed", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		List<DkimKey> published = keys.list();
		byte[] signed = sendOne(message("news@signed.test"), server(sink.port), 1); //$NON-NLS-1$
		assertVerified(signed, published, 2);

		byte[] body = replace(signed, "and a last line.", "and a last line!"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFailed(body, published);
		byte[] subject = replace(signed, "Subject: ", "Subject: Re: "); //$NON-NLS-1$ //$NON-NLS-2$
		assertFailed(subject, published);
		// A second From added on the way: From is over-signed.
		byte[] addedFrom = replace(signed, "Subject: ", "From: someone@else.test\r\nSubject: "); //$NON-NLS-1$ //$NON-NLS-2$
		assertFailed(addedFrom, published);
		// Re-folding and white space changes are what relaxed canonicalization tolerates.
		byte[] spaced = replace(signed, "Hello  there,", "Hello there,   "); //$NON-NLS-1$ //$NON-NLS-2$
		assertVerified(spaced, published, 2);
	}

	@Test
	void stillVerifiesAfterARealPostfixAddedItsHeaders() throws Exception {
		assumeTrue(ForegroundPostfix.available(), "a foreground Postfix needs root"); //$NON-NLS-1$
		keys.generate("signed.test", "rsa", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.generate("signed.test", "ed", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		List<DkimKey> published = keys.list();
		try (ForegroundPostfix postfix = ForegroundPostfix.relayingTo(sink.port)) {
			byte[] relayed = sendOne(message("news@signed.test"), server(postfix.port), 1); //$NON-NLS-1$
			String t = text(relayed);
			assertTrue(t.contains("Received: from ") && t.contains("by relay.bitfaster.test (Postfix)"), t); //$NON-NLS-1$ //$NON-NLS-2$
			assertVerified(relayed, published, 2);
		}
	}

	/** The transform runs once per message: a retry or another server sends the same signed bytes. */
	@Test
	void signedOnceForEveryAttempt() throws Exception {
		keys.generate("signed.test", "ed", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage m = message("news@signed.test"); //$NON-NLS-1$
		AtomicInteger calls = new AtomicInteger();
		Envelope.Transform sign = keys.signerFor(m);
		Envelope e = Envelope.of(m).build().thenTransform(b -> {
			calls.incrementAndGet();
			return sign.apply(b);
		});
		byte[] first = e.bytes();
		assertSame(first, e.bytes());
		assertSame(first, e.withRecipients(List.of("copy@example.test")).bytes()); //$NON-NLS-1$
		assertEquals(1, calls.get());
		assertVerified(first, keys.list(), 1);
	}

	/**
	 * A real SMTP server (SubEthaSMTP) answers the first attempt's end of data with 451, the retry with 250: the retry
	 * carries exactly the bytes of the first attempt, signatures included (same t=, same b=), and they verify.
	 */
	@Test
	void aRetryResendsTheSameSignedBytes() throws Exception {
		keys.generate("signed.test", "rsa", Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		keys.generate("signed.test", "ed", Algorithm.ED25519_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
		List<byte[]> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
		org.subethamail.smtp.server.SMTPServer server = org.subethamail.smtp.server.SMTPServer.port(0)
				.bindAddress(java.net.InetAddress.getLoopbackAddress()).hostName("retry.test") //$NON-NLS-1$
				.messageHandlerFactory(context -> new org.subethamail.smtp.MessageHandler() {
					@Override
					public void from(String from) {
						// any sender
					}

					@Override
					public void recipient(String recipient) {
						// any recipient
					}

					@Override
					public String data(java.io.InputStream data) throws java.io.IOException, org.subethamail.smtp.RejectException {
						attempts.add(data.readAllBytes());
						if (attempts.size() == 1) {
							throw new org.subethamail.smtp.RejectException(451, "4.3.0 Try again later"); //$NON-NLS-1$
						}
						return null;
					}

					@Override
					public void done() {
						// nothing kept per session
					}
				}).build();
		server.start();
		// The product's signer, counting how often it signs (RSA and Ed25519 signatures are deterministic: equal bytes
		// alone would not show that the retry was not signed again within the same second).
		AtomicInteger signings = new AtomicInteger();
		sender.setSigner(m -> {
			Envelope.Transform t = keys.signerFor(m);
			return t == null ? null : b -> {
				signings.incrementAndGet();
				return t.apply(b);
			};
		});
		try {
			MailServer peer = server(server.getPortAllocated());
			SendResult r = sender.send(message("news@signed.test"), peer, new NullProgressMonitor()); //$NON-NLS-1$
			assertTrue(r.allAccepted(), r.toString());
			assertEquals(2, r.attempts(), r.toString());
			assertEquals(2, attempts.size());
			assertTrue(java.util.Arrays.equals(attempts.get(0), attempts.get(1)), "the retry sent other bytes"); //$NON-NLS-1$
			assertEquals(1, signings.get(), "signed once for both attempts"); //$NON-NLS-1$
			assertEquals(2, count(attempts.get(1), "DKIM-Signature:")); //$NON-NLS-1$
			assertVerified(attempts.get(1), keys.list(), 2);
		} finally {
			server.stop();
		}
	}

	/** In the running product, the keys service is also the signer the sender service consults. */
	@Test
	void theKeysServiceIsTheSendersSigner() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<DkimKeys, DkimKeys> keysTracker = new ServiceTracker<>(context, DkimKeys.class, null);
		ServiceTracker<MessageSigner, MessageSigner> signerTracker = new ServiceTracker<>(context, MessageSigner.class, null);
		keysTracker.open();
		signerTracker.open();
		try {
			DkimKeys service = keysTracker.waitForService(10_000);
			assertNotNull(service);
			assertSame(service, signerTracker.waitForService(10_000));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			keysTracker.close();
			signerTracker.close();
		}
	}

	private void assertVerified(byte[] message, List<DkimKey> published, int signatures) throws Exception {
		Tools.Verdicts o = Tools.opendkim(dir, message, published);
		assertTrue(o.allPass(signatures), "OpenDKIM: " + o + "\n" + text(message)); //$NON-NLS-1$ //$NON-NLS-2$
		Tools.Verdicts p = Tools.dkimpy(dir, message, published);
		assertTrue(p.allPass(signatures), "dkimpy: " + p + "\n" + text(message)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private void assertFailed(byte[] message, List<DkimKey> published) throws Exception {
		Tools.Verdicts o = Tools.opendkim(dir, message, published);
		assertEquals(2, o.results().size(), o.output());
		assertFalse(o.results().contains("pass"), "OpenDKIM: " + o); //$NON-NLS-1$ //$NON-NLS-2$
		Tools.Verdicts p = Tools.dkimpy(dir, message, published);
		assertEquals(List.of("fail", "fail"), p.results(), "dkimpy: " + p); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	private static byte[] replace(byte[] b, String what, String with) {
		String t = text(b);
		assertTrue(t.contains(what), what);
		return t.replaceFirst(Pattern.quote(what), Matcher.quoteReplacement(with)).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static int count(byte[] b, String what) {
		String t = text(b);
		int n = 0;
		for (int i = t.indexOf(what); i >= 0; i = t.indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	/** @return the h= value of the first signature, unfolded */
	private static String hTag(String t) {
		Matcher m = Pattern.compile("[;\\s]h=([^;]*);").matcher(t); //$NON-NLS-1$
		assertTrue(m.find(), t);
		return m.group(1).replaceAll("\\s", ""); //$NON-NLS-1$ //$NON-NLS-2$
	}

	static List<String> lines(String t) {
		return new ArrayList<>(t.lines().toList());
	}
}
