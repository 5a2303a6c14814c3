package com.bitfaster.mail.cli.internal;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plugins list|install|update|uninstall}: the declarations; the p2 work is in {@link PluginsAction}. */
@Command(name = "plugins") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class PluginsCommand extends CliCommand.Group {

	@Command(name = "list") //$NON-NLS-1$
	static final class ListPlugins extends CliCommand {
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			new PluginsAction(out()).list(json.json);
		}
	}

	@Command(name = "install") //$NON-NLS-1$
	static final class Install extends CliCommand {
		@Option(names = "--repository", paramLabel = "URL", required = true) //$NON-NLS-1$ //$NON-NLS-2$
		String repository;

		@Option(names = "--iu", paramLabel = "ID", required = true) //$NON-NLS-1$ //$NON-NLS-2$
		String iu;

		@Override
		void run() throws CliException {
			new PluginsAction(out()).install(repository, iu);
		}
	}

	@Command(name = "update") //$NON-NLS-1$
	static final class Update extends CliCommand {
		@Option(names = "--repository", paramLabel = "URL", required = true) //$NON-NLS-1$ //$NON-NLS-2$
		String repository;

		@Parameters(paramLabel = "ID", arity = "0..*", descriptionKey = "plugins.update.ids") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<String> ius = List.of();

		@Override
		void run() throws CliException {
			new PluginsAction(out()).update(repository, ius);
		}
	}

	@Command(name = "uninstall") //$NON-NLS-1$
	static final class Uninstall extends CliCommand {
		@Parameters(paramLabel = "ID", descriptionKey = "plugins.uninstall.id") //$NON-NLS-1$ //$NON-NLS-2$
		String iu;

		@Override
		void run() throws CliException {
			new PluginsAction(out()).uninstall(iu);
		}
	}
}
