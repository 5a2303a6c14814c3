package com.bitfaster.mail.core.tests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A contributed transport type (plugin.xml, {@code test.scripted}) that does what each message's {@code X-Script}
 * header says: {@code accept}; {@code defer} (451); {@code throw-before} (throws before the handover);
 * {@code throw-after} (the handover, the message kept, then throws). What it kept is counted by {@code X-Id} in
 * {@link #RECEIVED}: the transport's own "server".
 */
public class ScriptedTransportType implements TransportType {

	/** Messages kept, by X-Id: how many times each arrived. */
	public static final Map<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();
	/** Connections opened. */
	public static final AtomicInteger CONNECTIONS = new AtomicInteger();

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		return List.of();
	}

	@Override
	public boolean usesNetwork() {
		return false;
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) {
		CONNECTIONS.incrementAndGet();
		return new TransportConnection() {
			private boolean usable = true;

			@Override
			public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
				throw new UnsupportedOperationException("the sender uses the batch method"); //$NON-NLS-1$
			}

			@Override
			public void send(List<Envelope> envelopes, Listener listener) {
				for (Envelope e : envelopes) {
					String script = header(e, "X-Script"); //$NON-NLS-1$
					switch (script) {
					case "throw-before" -> { //$NON-NLS-1$
						usable = false;
						throw new IllegalStateException("scripted failure before the handover"); //$NON-NLS-1$
					}
					case "throw-after" -> { //$NON-NLS-1$
						listener.handingOver(e);
						keep(e);
						usable = false;
						throw new IllegalStateException("scripted failure after the handover"); //$NON-NLS-1$
					}
					case "defer" -> listener.delivered(e, e.recipients().stream() //$NON-NLS-1$
							.map(a -> new RecipientOutcome(a, RecipientOutcome.Status.DEFERRED, 451, "4.7.1 Try later")).toList()); //$NON-NLS-1$
					default -> {
						listener.handingOver(e);
						keep(e);
						listener.delivered(e, e.recipients().stream()
								.map(a -> new RecipientOutcome(a, RecipientOutcome.Status.ACCEPTED, 250, "2.0.0 Kept")).toList()); //$NON-NLS-1$
					}
					}
				}
			}

			@Override
			public boolean isUsable() {
				return usable;
			}

			@Override
			public void close() {
				usable = false;
			}
		};
	}

	private static void keep(Envelope e) {
		RECEIVED.computeIfAbsent(header(e, "X-Id"), k -> new AtomicInteger()).incrementAndGet(); //$NON-NLS-1$
	}

	static String header(Envelope e, String name) {
		try {
			String value = e.message().getHeader(name, null);
			return value == null ? "" : value; //$NON-NLS-1$
		} catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A transport written for API 1.0: only the single-message method, which throws for {@code X-Script: throw}. */
	public static class Legacy implements TransportType {
		@Override
		public List<FieldProblem> validateSettings(MailServer server) {
			return List.of();
		}

		@Override
		public boolean usesNetwork() {
			return false;
		}

		@Override
		public TransportConnection connect(MailServer server, char[] password) {
			return new TransportConnection() {
				@Override
				public List<RecipientOutcome> send(MimeMessage message, List<? extends Address> recipients) {
					try {
						if ("throw".equals(message.getHeader("X-Script", null))) { //$NON-NLS-1$ //$NON-NLS-2$
							throw new IllegalStateException("legacy failure"); //$NON-NLS-1$
						}
						RECEIVED.computeIfAbsent(message.getHeader("X-Id", null), k -> new AtomicInteger()).incrementAndGet(); //$NON-NLS-1$
					} catch (MessagingException e) {
						throw new IllegalStateException(e);
					}
					return recipients.stream().map(a -> new RecipientOutcome(a.toString(), RecipientOutcome.Status.ACCEPTED, 250, "ok")).toList(); //$NON-NLS-1$
				}

				@Override
				public boolean isUsable() {
					return true;
				}

				@Override
				public void close() {
					// nothing open
				}
			};
		}
	}
}
