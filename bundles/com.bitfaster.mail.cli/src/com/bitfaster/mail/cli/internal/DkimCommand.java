package com.bitfaster.mail.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dkim generate|import|list|remove}: the declarations. */
@Command(name = "dkim") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class DkimCommand extends CliCommand.Group {

	/** The key a command is about: its From domain and selector. */
	static final class KeyName {
		@Option(names = "--domain", paramLabel = "DOMAIN", required = true, descriptionKey = "dkim.domain") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String domain;
		@Option(names = "--selector", paramLabel = "SELECTOR", required = true, descriptionKey = "dkim.selector") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String selector;
	}

	abstract static class Action extends CliCommand {
		DkimActions actions() {
			return new DkimActions(services(), out());
		}
	}

	@Command(name = "generate") //$NON-NLS-1$
	static final class Generate extends Action {
		@Mixin
		KeyName key;
		@Option(names = "--algorithm", paramLabel = "rsa|ed25519", defaultValue = "rsa", descriptionKey = "dkim.algorithm") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		String algorithm;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().generate(key.domain, key.selector, algorithm, json.json);
		}
	}

	@Command(name = "import") //$NON-NLS-1$
	static final class Import extends Action {
		@Mixin
		KeyName key;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().importKey(key.domain, key.selector, json.json);
		}
	}

	@Command(name = "list") //$NON-NLS-1$
	static final class ListKeys extends Action {
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().list(json.json);
		}
	}

	@Command(name = "remove") //$NON-NLS-1$
	static final class Remove extends Action {
		@Mixin
		KeyName key;

		@Override
		void run() throws CliException {
			actions().remove(key.domain, key.selector);
		}
	}
}
