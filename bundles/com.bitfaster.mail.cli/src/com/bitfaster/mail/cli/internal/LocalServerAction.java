package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.List;

import com.bitfaster.mail.localserver.LocalMailServer;

/** {@code local-server run}: serves until the process is interrupted. */
final class LocalServerCommand {

	private final Services services;
	private final PrintStream out;

	LocalServerCommand(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void run(List<String> args) throws CliException {
		if (CliApplication.printedHelp(args, "local-server", out)) { //$NON-NLS-1$
			return;
		}
		if (!args.equals(List.of("run"))) { //$NON-NLS-1$
			throw CliException.usage("Usage: bitfaster-cli local-server run"); //$NON-NLS-1$
		}
		LocalMailServer server = services.get(LocalMailServer.class);
		server.start();
		server.portNote().ifPresent(out::println);
		out.printf("Local mail server on %s: SMTP port %d, POP3 port %d. POP3 user name and password: the recipient's address. Ctrl+C stops it.%n", //$NON-NLS-1$
				LocalMailServer.HOST, server.smtpPort(), server.pop3Port());
		out.flush();
		try {
			Thread.currentThread().join(); // until interrupted or the process ends
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			server.stop();
		}
	}
}
