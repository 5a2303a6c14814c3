package com.bitfaster.mail.localserver.tests;

import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.tests.support.Pop3Reader;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Sending to a local server under test, and waiting for a condition. */
final class LocalMail {

	private LocalMail() {
	}

	static MimeMessage message(String from, String to, String subject, String text) throws Exception {
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(new InternetAddress(from));
		message.setRecipients(Message.RecipientType.TO, to);
		message.setSubject(subject, "UTF-8"); //$NON-NLS-1$
		message.setText(text, "UTF-8"); //$NON-NLS-1$
		message.saveChanges();
		return message;
	}

	/** Through Angus's SMTP transport directly. */
	static void sendWithAngus(int port, String from, String to, String subject, String text) throws Exception {
		Pop3Reader.withAngus(() -> {
			MimeMessage message = message(from, to, subject, text);
			try (Transport transport = message.getSession().getTransport("smtp")) { //$NON-NLS-1$
				transport.connect(LocalMailServer.HOST, port, null, null);
				transport.sendMessage(message, message.getAllRecipients());
			}
			return null;
		});
	}

	/** Through the product's sender service (the OSGi service the workbench and the command line use). */
	static SendResult sendWithSender(int port, MimeMessage message) throws Exception {
		BundleContext context = FrameworkUtil.getBundle(LocalMail.class).getBundleContext();
		ServiceTracker<SenderService, SenderService> tracker = new ServiceTracker<>(context, SenderService.class, null);
		tracker.open();
		try {
			SenderService sender = tracker.waitForService(30_000);
			MailServer server = MailServer.builder().id("local-under-test").name("Local under test").transportType("smtp") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					.host(LocalMailServer.HOST).port(port).encryption("none").build(); //$NON-NLS-1$
			return sender.send(message, server, new NullProgressMonitor());
		} finally {
			tracker.close();
		}
	}

	/** Polls until the condition holds or the deadline passes; returns whether it held. */
	static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(50);
		}
		return condition.getAsBoolean();
	}
}
