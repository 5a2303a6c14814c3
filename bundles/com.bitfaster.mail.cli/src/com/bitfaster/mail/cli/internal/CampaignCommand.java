package com.bitfaster.mail.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code campaign check|run|resume|retry-failed|resend-unknown|report CAMPAIGN.json}: the declarations. */
@Command(name = "campaign") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class CampaignCommand extends CliCommand.Group {

	/** What every campaign subcommand takes: the file, {@code --json} and {@code --report-csv}. */
	abstract static class Action extends CliCommand {
		@Parameters(index = "0", paramLabel = "CAMPAIGN", descriptionKey = "campaign.file") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String file;
		@Option(names = "--report-csv", paramLabel = "FILE") //$NON-NLS-1$ //$NON-NLS-2$
		String reportCsv;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			new CampaignActions(services(), out()).run(this);
		}

	}

	/** The subcommands that send. */
	abstract static class Sending extends Action {
		@Option(names = "--batch-size", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer batchSize;
		@Option(names = "--start-fresh") //$NON-NLS-1$
		boolean startFresh;
	}

	@Command(name = "run") //$NON-NLS-1$
	static final class Run extends Sending {
		@Option(names = "--force") //$NON-NLS-1$
		boolean force;
	}

	/** The pre-flight check alone: sends nothing. */
	@Command(name = "check") //$NON-NLS-1$
	static final class Check extends CliCommand {
		@Parameters(index = "0", paramLabel = "CAMPAIGN", descriptionKey = "campaign.file") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String file;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			new PreflightAction(services(), out()).check(this);
		}
	}

	@Command(name = "resume") //$NON-NLS-1$
	static final class Resume extends Sending {
	}

	@Command(name = "retry-failed") //$NON-NLS-1$
	static final class RetryFailed extends Sending {
	}

	@Command(name = "resend-unknown") //$NON-NLS-1$
	static final class ResendUnknown extends Sending {
		@Option(names = "--yes") //$NON-NLS-1$
		boolean yes;
	}

	@Command(name = "report") //$NON-NLS-1$
	static final class Report extends Action {
	}
}
