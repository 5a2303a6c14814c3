package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.RehearsalRules;

/** {@code local-server run}: serves until the process is interrupted. */
final class LocalServerAction {

	private final Services services;
	private final PrintStream out;

	LocalServerAction(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(boolean json, String rulesFile) throws CliException {
		RehearsalRules rules = rulesFile == null ? null : readRules(Path.of(rulesFile));
		LocalMailServer server = services.get(LocalMailServer.class);
		if (rules != null) {
			server.setRules(rules);
		}
		server.start();
		if (json) {
			// One line, so a script can read it while the server keeps running.
			com.google.gson.JsonObject o = CliJson.versioned();
			o.addProperty("host", LocalMailServer.HOST); //$NON-NLS-1$
			o.addProperty("smtpPort", server.smtpPort()); //$NON-NLS-1$
			o.addProperty("pop3Port", server.pop3Port()); //$NON-NLS-1$
			if (rules != null) {
				o.addProperty("rules", rules.rules().size()); //$NON-NLS-1$
			}
			server.portNote().ifPresent(note -> o.addProperty("note", note)); //$NON-NLS-1$
			out.println(o);
		} else {
			server.portNote().ifPresent(out::println);
			out.println(NLS.bind(Messages.LocalServer_listening, new Object[] { LocalMailServer.HOST, server.smtpPort(),
					server.pop3Port() }));
		}
		out.flush();
		try {
			Thread.currentThread().join(); // until interrupted or the process ends
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			server.stop();
		}
	}

	/** Parses a rules file with the parser the preferences use; a bad file is a usage error naming its line. */
	static RehearsalRules readRules(Path file) throws CliException {
		String text;
		try {
			text = Files.readString(file);
		} catch (IOException | UncheckedIOException e) {
			throw CliException.usage(NLS.bind(Messages.LocalServer_rulesUnreadable, file, e.getMessage()));
		}
		try {
			return RehearsalRules.parse(text);
		} catch (RehearsalRules.SyntaxException e) {
			throw CliException.usage(file + ": " + e.getMessage()); //$NON-NLS-1$
		}
	}
}
