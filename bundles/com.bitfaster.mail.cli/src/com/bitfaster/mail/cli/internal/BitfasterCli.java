package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.ResourceBundle;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top of {@code bitfaster-cli}: the command tree, declared once. {@link #commandLine()} builds the parser the
 * application runs and the build generates the completion script and the README's reference from.
 */
@Command(name = "bitfaster-cli", subcommands = { ServersCommand.class, SendCommand.class, CampaignCommand.class, //$NON-NLS-1$
		LocalServerCommand.class, CommandLine.HelpCommand.class })
final class BitfasterCli extends CliCommand {

	static final String HELP_BUNDLE = "com.bitfaster.mail.cli.internal.help"; //$NON-NLS-1$

	/** Set by the application before it runs a command; {@code null} when only the declarations are read. */
	Services services;
	PrintStream out;

	/** Called without a command: the help, and a usage error (a script that forgot its command should fail). */
	@Override
	void run() throws CliException {
		spec.commandLine().usage(out);
		throw CliException.usage(help().getString("noCommand")); //$NON-NLS-1$
	}

	static ResourceBundle help() {
		return ResourceBundle.getBundle(HELP_BUNDLE);
	}

	/** @return the parser for the whole command tree, with the texts of {@code help.properties} */
	static CommandLine commandLine() {
		CommandLine cli = new CommandLine(new BitfasterCli());
		// Set here, not in @Command: picocli would look the bundle up with its own class loader, which under OSGi
		// cannot see this bundle's files.
		ResourceBundle help = help();
		cli.setResourceBundle(help);
		cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.list(help));
		cli.setUsageHelpLongOptionsMaxWidth(30);
		// As the hand-written parser did: a repeated option takes its last value, and "@file" is a plain argument
		// (a subject or address starting with @ must not read a file).
		cli.setOverwrittenOptionsAllowed(true);
		cli.setExpandAtFiles(false);
		return cli;
	}
}
