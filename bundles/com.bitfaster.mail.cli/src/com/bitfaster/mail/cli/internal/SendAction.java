package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageBodies;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

/** {@code send}: one message through one server, with an outcome line per recipient. */
final class SendCommand {

	private final Services services;
	private final PrintStream out;

	SendCommand(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(List<String> args) throws CliException {
		if (CliApplication.printedHelp(args, "send", out)) { //$NON-NLS-1$
			return;
		}
		Arguments a = new Arguments(args, Set.of("server", "from", "to", "cc", "bcc", "subject", "body", "body-file", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				"html-file", "attach"), Set.of()); //$NON-NLS-1$ //$NON-NLS-2$
		if (!a.positionals().isEmpty()) {
			throw CliException.usage("Unexpected '" + a.positionals().get(0) + "'; see send --help."); //$NON-NLS-1$ //$NON-NLS-2$
		}
		ServerRegistry registry = services.get(ServerRegistry.class);
		MailServer server = ServerCommands.byName(registry, a.required("server")); //$NON-NLS-1$
		if (a.all("to").isEmpty() && a.all("cc").isEmpty() && a.all("bcc").isEmpty()) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			throw CliException.usage("--to is required; see send --help."); //$NON-NLS-1$
		}
		MimeMessage message = compose(a);
		SendResult result = services.get(SenderService.class).send(message, server, new NullProgressMonitor());
		for (RecipientOutcome o : result.outcomes()) {
			out.printf("%-9s %s %s%n", o.status().name().toLowerCase(java.util.Locale.ROOT), o.address(), //$NON-NLS-1$
					(o.code() == 0 ? "" : o.code() + " ") + o.reply()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		if (!result.allAccepted()) {
			throw CliException.failed(result.message().isEmpty() ? "Not every recipient was accepted." : result.message()); //$NON-NLS-1$
		}
	}

	private static MimeMessage compose(Arguments a) throws CliException {
		String subject = a.required("subject"); //$NON-NLS-1$
		java.util.Optional<String> lineBreak = MessageHeaders.lineProblem("--subject", subject); //$NON-NLS-1$
		if (lineBreak.isPresent()) {
			throw CliException.usage(lineBreak.get());
		}
		String text;
		if (a.has("body") == a.has("body-file")) { //$NON-NLS-1$ //$NON-NLS-2$
			throw CliException.usage("Give exactly one of --body TEXT or --body-file FILE."); //$NON-NLS-1$
		}
		text = a.has("body") ? a.required("body") : read(a.required("body-file")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		try {
			MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
			m.setFrom(address(a.required("from"), "--from")); //$NON-NLS-1$ //$NON-NLS-2$
			m.setRecipients(Message.RecipientType.TO, addresses(a.all("to"), "--to")); //$NON-NLS-1$ //$NON-NLS-2$
			m.setRecipients(Message.RecipientType.CC, addresses(a.all("cc"), "--cc")); //$NON-NLS-1$ //$NON-NLS-2$
			m.setRecipients(Message.RecipientType.BCC, addresses(a.all("bcc"), "--bcc")); //$NON-NLS-1$ //$NON-NLS-2$
			m.setSubject(subject, "UTF-8"); //$NON-NLS-1$
			String html = a.has("html-file") ? read(a.required("html-file")) : ""; //$NON-NLS-1$ //$NON-NLS-2$
			List<MimeBodyPart> attachments = new ArrayList<>();
			for (String file : a.all("attach")) { //$NON-NLS-1$
				Path path = Path.of(file);
				if (!Files.isReadable(path)) {
					throw CliException.usage("--attach: cannot read " + file + "."); //$NON-NLS-1$ //$NON-NLS-2$
				}
				MimeBodyPart attachment = new MimeBodyPart();
				attachment.attachFile(path.toFile());
				attachments.add(attachment);
			}
			MessageBodies.fill(m, text, html, attachments);
			m.saveChanges();
			return m;
		} catch (MessagingException | IOException e) {
			throw CliException.failed("The message could not be composed: " + e.getMessage()); //$NON-NLS-1$
		}
	}

	private static InternetAddress address(String value, String option) throws CliException {
		InternetAddress[] parsed = addresses(List.of(value), option);
		if (parsed.length != 1) {
			throw CliException.usage(option + " takes one address."); //$NON-NLS-1$
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
			throw CliException.usage("Cannot read " + file + ": " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}
}
