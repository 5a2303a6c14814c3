package com.bitfaster.mail.smtp.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.bitfaster.mail.tests.support.SmtpSink;

/** The SMTP commands an smtp-sink received, in order, from the verbose log {@link SmtpSink} has it write. */
final class SinkLog {

	private SinkLog() {
	}

	/** @param dir the folder given to {@link SmtpSink#start}, where its log is */
	static List<String> commands(Path dir, SmtpSink sink) throws IOException {
		String prefix = SmtpSink.EXECUTABLE + ": "; //$NON-NLS-1$
		List<String> commands = new ArrayList<>();
		for (String line : Files.readAllLines(dir.resolve("smtp-sink-" + sink.port + ".log"), StandardCharsets.UTF_8)) { //$NON-NLS-1$ //$NON-NLS-2$
			if (!line.startsWith(prefix)) {
				continue;
			}
			String command = line.substring(prefix.length());
			String verb = command.toUpperCase(Locale.ROOT);
			if (verb.startsWith("MAIL FROM:") || verb.startsWith("RCPT TO:") || verb.equals("DATA") || verb.equals(".") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					|| verb.equals("RSET")) { //$NON-NLS-1$
				commands.add(command);
			}
		}
		return commands;
	}

	/** @return only the MAIL FROM commands */
	static List<String> mailFrom(Path dir, SmtpSink sink) throws IOException {
		return commands(dir, sink).stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith("MAIL FROM:")).toList(); //$NON-NLS-1$
	}
}
