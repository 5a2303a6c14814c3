package com.bitfaster.mail.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code local-server run}: the declarations. */
@Command(name = "local-server") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class LocalServerCommand extends CliCommand.Group {

	@Command(name = "run") //$NON-NLS-1$
	static final class Run extends CliCommand {
		@Option(names = "--rules", paramLabel = "FILE") //$NON-NLS-1$ //$NON-NLS-2$
		String rules;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			new LocalServerAction(services(), out()).run(json.json, rules);
		}
	}
}
