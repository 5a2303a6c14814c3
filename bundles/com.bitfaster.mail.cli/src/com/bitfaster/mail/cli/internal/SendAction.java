package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageBodies;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionList;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

/** {@code send}: one message through one server, with an outcome line per recipient. */
final class SendAction {

	private final Services services;
	private final PrintStream out;

	SendAction(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void send(SendCommand a) throws CliException {
		ServerRegistry registry = services.get(ServerRegistry.class);
		MailServer server = ServerActions.byName(registry, a.server);
		if (a.to.isEmpty() && a.cc.isEmpty() && a.bcc.isEmpty()) {
			throw CliException.usage(Messages.Send_toRequired);
		}
		MimeMessage message = compose(a);
		List<SuppressionEntry> suppressed = suppressed(message);
		SendResult result;
		if (suppressed.isEmpty()) {
			result = services.get(SenderService.class).send(message, server, new NullProgressMonitor());
		} else {
			result = sendExcept(message, server, suppressed);
		}
		if (a.json.json) {
			com.google.gson.JsonObject o = CliJson.sent(server, result);
			com.google.gson.JsonArray skipped = new com.google.gson.JsonArray();
			suppressed.forEach(e -> skipped.add(SuppressionActions.json(e)));
			o.add("suppressed", skipped); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
		} else {
			for (SuppressionEntry e : suppressed) {
				out.println(NLS.bind(Messages.Send_suppressed,
						new Object[] { e.address(), CliJson.lower(e.reason()), e.source() }));
			}
			for (RecipientOutcome o : result.outcomes()) {
				out.printf("%-9s %s %s%n", CliJson.lower(o.status()), o.address(), //$NON-NLS-1$
						(o.code() == 0 ? "" : o.code() + " ") + o.reply()); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		if (!result.allAccepted()) {
			throw CliException.failed(result.message().isEmpty() ? Messages.Send_notAllAccepted : result.message());
		}
	}

	/** @return the entries of the message's recipients that are on the suppression list */
	private List<SuppressionEntry> suppressed(MimeMessage message) throws CliException {
		try {
			return services.get(SuppressionList.class).suppressedAmong(Envelope.of(message).build().recipients());
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage()); // a damaged list: nothing is sent
		} catch (MessagingException e) {
			throw CliException.usage(e.getMessage());
		}
	}

	/** Sends to the message's recipients but the suppressed ones (its headers unchanged). */
	private SendResult sendExcept(MimeMessage message, MailServer server, List<SuppressionEntry> suppressed)
			throws CliException {
		try {
			java.util.Set<String> skip = new java.util.HashSet<>();
			suppressed.forEach(e -> skip.add(e.address()));
			Envelope all = Envelope.of(message).build();
			List<String> rest = all.recipients().stream()
					.filter(r -> !skip.contains(r.strip().toLowerCase(java.util.Locale.ROOT))).toList();
			if (rest.isEmpty()) {
				throw CliException.failed(Messages.Send_allSuppressed);
			}
			SenderService.SendJob job = services.get(SenderService.class)
					.submit(List.of(Envelope.of(message).recipients(rest).build()), List.of(server), r -> {
					});
			return job.await().get(0);
		} catch (MessagingException e) {
			throw CliException.usage(e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw CliException.failed(Messages.Services_interrupted);
		}
	}

	private static MimeMessage compose(SendCommand a) throws CliException {
		java.util.Optional<String> lineBreak = MessageHeaders.lineProblem("--subject", a.subject); //$NON-NLS-1$
		if (lineBreak.isPresent()) {
			throw CliException.usage(lineBreak.get());
		}
		if ((a.body == null) == (a.bodyFile == null)) {
			throw CliException.usage(Messages.Send_oneBody);
		}
		String text = a.body != null ? a.body : read(a.bodyFile);
		try {
			MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
			m.setFrom(address(a.from, "--from")); //$NON-NLS-1$
			m.setRecipients(Message.RecipientType.TO, addresses(a.to, "--to")); //$NON-NLS-1$
			m.setRecipients(Message.RecipientType.CC, addresses(a.cc, "--cc")); //$NON-NLS-1$
			m.setRecipients(Message.RecipientType.BCC, addresses(a.bcc, "--bcc")); //$NON-NLS-1$
			m.setSubject(a.subject, "UTF-8"); //$NON-NLS-1$
			String html = a.htmlFile != null ? read(a.htmlFile) : ""; //$NON-NLS-1$
			List<MimeBodyPart> attachments = new ArrayList<>();
			for (String file : a.attach) {
				Path path = Path.of(file);
				if (!Files.isReadable(path)) {
					throw CliException.usage(NLS.bind(Messages.Send_attachUnreadable, file));
				}
				MimeBodyPart attachment = new MimeBodyPart();
				attachment.attachFile(path.toFile());
				attachments.add(attachment);
			}
			MessageBodies.fill(m, text, html, attachments);
			m.saveChanges();
			return m;
		} catch (MessagingException | IOException e) {
			throw CliException.failed(NLS.bind(Messages.Send_composeFailed, e.getMessage()));
		}
	}

	private static InternetAddress address(String value, String option) throws CliException {
		InternetAddress[] parsed = addresses(List.of(value), option);
		if (parsed.length != 1) {
			throw CliException.usage(NLS.bind(Messages.Send_oneAddress, option));
		}
		return parsed[0];
	}

	private static InternetAddress[] addresses(List<String> values, String option) throws CliException {
		List<InternetAddress> all = new ArrayList<>();
		for (String v : values) {
			try {
				all.addAll(List.of(MessageHeaders.addresses(option, v)));
			} catch (AddressException e) {
				throw CliException.usage(e.getMessage());
			}
		}
		return all.toArray(new InternetAddress[0]);
	}

	private static String read(String file) throws CliException {
		try {
			return Files.readString(Path.of(file), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw CliException.usage(NLS.bind(Messages.Send_cannotRead, file, e.getMessage()));
		}
	}
}
