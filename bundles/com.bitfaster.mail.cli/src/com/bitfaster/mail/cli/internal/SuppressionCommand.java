package com.bitfaster.mail.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code suppression list|add|remove|import|export}: the declarations. */
@Command(name = "suppression") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class SuppressionCommand extends CliCommand.Group {

	abstract static class Action extends CliCommand {
		SuppressionActions actions() {
			return new SuppressionActions(services(), out());
		}
	}

	@Command(name = "list") //$NON-NLS-1$
	static final class ListEntries extends Action {
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().list(json.json);
		}
	}

	@Command(name = "add") //$NON-NLS-1$
	static final class Add extends Action {
		@Parameters(paramLabel = "ADDRESS", arity = "1..*", descriptionKey = "suppression.addresses") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		java.util.List<String> addresses;
		@Option(names = "--reason", paramLabel = "REASON", defaultValue = "manual", descriptionKey = "suppression.reason") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		String reason;
		@Option(names = "--source", paramLabel = "TEXT", descriptionKey = "suppression.source") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String source;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().add(addresses, reason, source, json.json);
		}
	}

	@Command(name = "remove") //$NON-NLS-1$
	static final class Remove extends Action {
		@Parameters(paramLabel = "ADDRESS", arity = "1..*", descriptionKey = "suppression.addresses") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		java.util.List<String> addresses;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().remove(addresses, json.json);
		}
	}

	@Command(name = "import") //$NON-NLS-1$
	static final class Import extends Action {
		@Parameters(paramLabel = "FILE", descriptionKey = "suppression.importFile") //$NON-NLS-1$ //$NON-NLS-2$
		String file;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().importCsv(file, json.json);
		}
	}

	@Command(name = "export") //$NON-NLS-1$
	static final class Export extends Action {
		@Parameters(paramLabel = "FILE", descriptionKey = "suppression.exportFile") //$NON-NLS-1$ //$NON-NLS-2$
		String file;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().exportCsv(file, json.json);
		}
	}
}
