package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command of {@code bitfaster-cli}: its options are declared as annotated fields, its help texts come from
 * {@code help.properties}. Declarations use only JDK and picocli types in fields and method signatures, so the build
 * can load them without OSGi to generate the completion script and the README's reference ({@link CliReference}); the
 * work is done by the {@code *Action(s)} classes.
 */
abstract class CliCommand implements Callable<Integer> {

	/** {@code -h}/{@code --help} on every command. */
	static final class HelpOption {
		@Option(names = { "-h", "--help" }, usageHelp = true, descriptionKey = "help") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		boolean help;
	}

	/** A command that only groups subcommands: called alone it is a usage error. */
	abstract static class Group extends CliCommand {
		@Override
		void run() throws CliException {
			throw CliException.usage(spec.qualifiedName().replaceFirst("^bitfaster-cli ", "") //$NON-NLS-1$ //$NON-NLS-2$
					+ " needs a subcommand: " + String.join(", ", spec.subcommands().keySet()) + "; see --help."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
	}

	@Spec
	CommandSpec spec;

	@Mixin
	HelpOption helpOption;

	@Override
	public Integer call() throws CliException {
		run();
		return ExitCode.OK.code();
	}

	abstract void run() throws CliException;

	Services services() {
		return root().services;
	}

	PrintStream out() {
		return root().out;
	}

	private BitfasterCli root() {
		return (BitfasterCli) spec.root().userObject();
	}
}
