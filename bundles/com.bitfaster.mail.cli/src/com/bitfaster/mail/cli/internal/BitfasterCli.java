package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top of {@code bitfaster-cli}: the command tree, declared once ({@link #TREE}; each command's options on its own
 * class). {@link #commandLine()} builds the whole parser, which the build generates the completion script and the
 * README's reference from; {@link #commandLine(List)} builds only the branch the arguments name, which is what the
 * application runs.
 */
@Command(name = "bitfaster-cli") //$NON-NLS-1$
final class BitfasterCli extends CliCommand {

	/**
	 * Each command that groups others, and its subcommands in the order the help lists them. Kept here rather than in
	 * {@code @Command(subcommands)}, which picocli reads eagerly: building all ~20 commands' models was a tenth of a
	 * short command's start-up.
	 */
	static final Map<Class<?>, List<Class<?>>> TREE = Map.of( //
			BitfasterCli.class, List.of(ServersCommand.class, SendCommand.class, CampaignCommand.class,
					DkimCommand.class, SuppressionCommand.class, BouncesCommand.class, LocalServerCommand.class,
					PluginsCommand.class, CommandLine.HelpCommand.class),
			SuppressionCommand.class, List.of(SuppressionCommand.ListEntries.class, SuppressionCommand.Add.class,
					SuppressionCommand.Remove.class, SuppressionCommand.Import.class, SuppressionCommand.Export.class),
			BouncesCommand.class, List.of(BouncesCommand.Fetch.class, BouncesCommand.Settings.class,
					BouncesCommand.Login.class, BouncesCommand.Logout.class),
			DkimCommand.class, List.of(DkimCommand.Generate.class, DkimCommand.Import.class,
					DkimCommand.ListKeys.class, DkimCommand.Remove.class),
			ServersCommand.class, List.of(ServersCommand.ListServers.class, ServersCommand.Add.class,
					ServersCommand.Update.class, ServersCommand.Remove.class, ServersCommand.Activate.class,
					ServersCommand.Deactivate.class, ServersCommand.Test.class, ServersCommand.Discover.class,
					ServersCommand.Export.class, ServersCommand.Import.class, ServersCommand.Login.class,
					ServersCommand.Logout.class),
			CampaignCommand.class, List.of(CampaignCommand.Check.class, CampaignCommand.Run.class, CampaignCommand.Resume.class,
					CampaignCommand.RetryFailed.class, CampaignCommand.ResendUnknown.class,
					CampaignCommand.Report.class),
			LocalServerCommand.class, List.of(LocalServerCommand.Run.class),
			PluginsCommand.class, List.of(PluginsCommand.ListPlugins.class, PluginsCommand.Install.class,
					PluginsCommand.Update.class, PluginsCommand.Uninstall.class));

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
		return configured(build(new BitfasterCli(), null));
	}

	/**
	 * @return the parser for the branch {@code args} name: where an argument names a subcommand, only that one is
	 *         built; anywhere else (an option, a misspelt or no command, {@code help}) every subcommand of that level,
	 *         so help and picocli's suggestions see them all
	 */
	static CommandLine commandLine(List<String> args) {
		return configured(build(new BitfasterCli(), args));
	}

	/** @param rest the arguments after this command's name; {@code null} builds every subcommand below */
	private static CommandLine build(Object command, List<String> rest) {
		CommandLine line = new CommandLine(command);
		List<Class<?>> subcommands = TREE.getOrDefault(command.getClass(), List.of());
		String next = rest == null || rest.isEmpty() ? null : rest.get(0);
		boolean named = next != null && !next.equals("help") //$NON-NLS-1$ help COMMAND needs its siblings
				&& subcommands.stream().anyMatch(c -> name(c).equals(next));
		for (Class<?> subcommand : subcommands) {
			if (!named || name(subcommand).equals(next)) {
				Object instance = create(subcommand);
				line.addSubcommand(name(subcommand), build(instance, named ? rest.subList(1, rest.size()) : null));
			}
		}
		return line;
	}

	private static String name(Class<?> command) {
		return command.getAnnotation(Command.class).name();
	}

	private static Object create(Class<?> command) {
		try {
			return CommandLine.defaultFactory().create(command);
		} catch (Exception e) {
			throw new IllegalStateException("cannot create the command " + command.getName(), e); //$NON-NLS-1$
		}
	}

	private static CommandLine configured(CommandLine cli) {
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
