package com.bitfaster.mail.tests.support;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) on a free loopback port that refuses some recipients with 550 and accepts the rest,
 * because GreenMail accepts every recipient. It records the recipients of each accepted message and can hold its
 * answer to a message until the test releases it, to keep a send in progress.
 */
public final class RejectingSmtpServer implements AutoCloseable {

	private final SMTPServer server;
	private final List<String> rejected;
	private final CountDownLatch release = new CountDownLatch(1);
	private volatile boolean hold;
	private final List<List<String>> delivered = new CopyOnWriteArrayList<>();

	/** @param rejected addresses (lower case) answered with 550 at RCPT TO */
	public RejectingSmtpServer(List<String> rejected) {
		this.rejected = rejected;
		server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("reject.test") //$NON-NLS-1$
				.messageHandlerFactory(this::handler).build();
		server.start();
	}

	public int port() {
		return server.getPortAllocated();
	}

	/** @return the recipients of each accepted message, in the order the messages arrived */
	public List<List<String>> delivered() {
		return delivered;
	}

	/** From now on the server answers the end of a message only after {@link #release()}. */
	public void holdAnswers() {
		hold = true;
	}

	public void release() {
		release.countDown();
	}

	private MessageHandler handler(MessageContext context) {
		return new MessageHandler() {
			private final List<String> recipients = new ArrayList<>();

			@Override
			public void from(String from) {
				recipients.clear();
			}

			@Override
			public void recipient(String recipient) throws RejectException {
				if (rejected.contains(recipient.toLowerCase(Locale.ROOT))) {
					throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown"); //$NON-NLS-1$ //$NON-NLS-2$
				}
				recipients.add(recipient);
			}

			@Override
			public String data(InputStream data) throws IOException {
				data.transferTo(OutputStream.nullOutputStream());
				delivered.add(List.copyOf(recipients));
				if (hold) {
					try {
						release.await(60, TimeUnit.SECONDS);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}
				return null;
			}

			@Override
			public void done() {
				// nothing kept per session
			}
		};
	}

	@Override
	public void close() {
		release.countDown();
		server.stop();
	}
}
