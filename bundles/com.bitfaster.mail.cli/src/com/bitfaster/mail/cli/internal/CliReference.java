package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Run by the build, without OSGi: writes the bash completion script and checks (or rewrites) the README's command
 * reference and exit code table, all generated from the declarations.
 *
 * <pre>
 * CliReference completion FILE        the bash completion script
 * CliReference check README.md        fails when the generated sections are out of date
 * CliReference write README.md        rewrites them
 * </pre>
 */
public final class CliReference {

	static final String REFERENCE = "cli-reference"; //$NON-NLS-1$
	static final String EXIT_CODES = "cli-exit-codes"; //$NON-NLS-1$

	private CliReference() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("usage: CliReference completion|check|write FILE"); //$NON-NLS-1$
		}
		Path file = Path.of(args[1]);
		switch (args[0]) {
		case "completion" -> { //$NON-NLS-1$
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, completion(), StandardCharsets.UTF_8);
		}
		case "check", "write" -> { //$NON-NLS-1$ //$NON-NLS-2$
			String readme = Files.readString(file, StandardCharsets.UTF_8);
			String generated = replaceSection(replaceSection(readme, REFERENCE, reference()), EXIT_CODES, exitCodes());
			if (generated.equals(readme)) {
				return;
			}
			if (args[0].equals("check")) { //$NON-NLS-1$
				System.err.println(file + ": the generated bitfaster-cli sections are out of date; run the build with" //$NON-NLS-1$
						+ " -Dcli.readme=write (or CliReference write README.md)."); //$NON-NLS-1$
				System.exit(1);
			}
			Files.writeString(file, generated, StandardCharsets.UTF_8);
		}
		default -> throw new IllegalArgumentException(args[0]);
		}
	}

	static String completion() {
		return AutoComplete.bash("bitfaster-cli", BitfasterCli.commandLine()); //$NON-NLS-1$
	}

	/** Every command's generated help, top down, in one block. */
	static String reference() {
		StringBuilder text = new StringBuilder();
		append(BitfasterCli.commandLine(), text);
		return "```text\n" + text.toString().strip() + "\n```\n"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static void append(CommandLine command, StringBuilder text) {
		if (command.getCommandSpec().usageMessage().hidden() || command.getCommand() instanceof CommandLine.HelpCommand) {
			return;
		}
		if (command.getParent() != null) {
			text.append("\n\n$ ").append(command.getCommandSpec().qualifiedName()).append(" --help\n"); //$NON-NLS-1$ //$NON-NLS-2$
		} else {
			text.append("$ bitfaster-cli --help\n"); //$NON-NLS-1$
		}
		text.append(command.getUsageMessage(Ansi.OFF).stripTrailing().replaceAll("(?m)[ \\t]+$", "")); //$NON-NLS-1$ //$NON-NLS-2$
		command.getSubcommands().values().stream().distinct().forEach(sub -> append(sub, text));
	}

	static String exitCodes() {
		ResourceBundle help = BitfasterCli.help();
		StringBuilder table = new StringBuilder("| code | meaning |\n|---|---|\n"); //$NON-NLS-1$
		for (ExitCode c : ExitCode.values()) {
			table.append("| ").append(c.code()).append(" | ").append(c.description(help)).append(" |\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		return table.toString();
	}

	/** Replaces what lies between {@code <!-- NAME:start -->} and {@code <!-- NAME:end -->}. */
	static String replaceSection(String text, String name, String content) {
		String start = "<!-- " + name + ":start -->\n"; //$NON-NLS-1$ //$NON-NLS-2$
		String end = "<!-- " + name + ":end -->"; //$NON-NLS-1$ //$NON-NLS-2$
		int from = text.indexOf(start);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("No section " + start.strip() + " ... " + end); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return text.substring(0, from + start.length()) + content + text.substring(to);
	}
}
