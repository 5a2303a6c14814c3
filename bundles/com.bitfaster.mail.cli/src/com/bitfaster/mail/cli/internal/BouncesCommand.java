package com.bitfaster.mail.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bounces fetch|settings}: the declarations. */
@Command(name = "bounces") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class BouncesCommand extends CliCommand.Group {

	abstract static class Action extends CliCommand {
		BouncesActions actions() {
			return new BouncesActions(services(), out());
		}
	}

	@Command(name = "fetch") //$NON-NLS-1$
	static final class Fetch extends Action {
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().fetch(json.json);
		}
	}

	@Command(name = "login") //$NON-NLS-1$
	static final class Login extends Action {
		@Option(names = "--wait", paramLabel = "SECONDS", descriptionKey = "wait") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Integer wait;
		@Option(names = "--browser", descriptionKey = "browser") //$NON-NLS-1$ //$NON-NLS-2$
		boolean browser;

		@Override
		void run() throws CliException {
			actions().login(wait, browser);
		}
	}

	@Command(name = "logout") //$NON-NLS-1$
	static final class Logout extends Action {
		@Override
		void run() throws CliException {
			actions().logout();
		}
	}

	@Command(name = "settings") //$NON-NLS-1$
	static final class Settings extends Action {
		@Option(names = "--protocol", paramLabel = "imap|pop3", descriptionKey = "bounces.protocol") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String protocol;
		@Option(names = "--host", paramLabel = "HOST", descriptionKey = "bounces.host") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String host;
		@Option(names = "--port", paramLabel = "PORT", descriptionKey = "bounces.port") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Integer port;
		@Option(names = "--security", paramLabel = "tls|starttls", descriptionKey = "bounces.security") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String security;
		@Option(names = "--user", paramLabel = "USER", descriptionKey = "bounces.user") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String user;
		@Option(names = "--password-stdin", descriptionKey = "bounces.passwordStdin") //$NON-NLS-1$ //$NON-NLS-2$
		boolean passwordStdin;
		@Option(names = "--auth", paramLabel = "password|oauth2", descriptionKey = "bounces.auth") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String auth;
		@Option(names = "--oauth-provider", paramLabel = "PROVIDER", descriptionKey = "bounces.oauthProvider") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String oauthProvider;
		@Option(names = "--client-id", paramLabel = "ID", descriptionKey = "client-id") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String clientId;
		@Option(names = "--tenant", paramLabel = "TENANT", descriptionKey = "tenant") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String tenant;
		@Option(names = "--oauth-scope", paramLabel = "SCOPES", descriptionKey = "bounces.oauthScope") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String oauthScope;
		@Option(names = "--client-secret-stdin", descriptionKey = "client-secret-stdin") //$NON-NLS-1$ //$NON-NLS-2$
		boolean clientSecretStdin;
		@Option(names = "--pin", paramLabel = "SHA256", descriptionKey = "bounces.pin") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String pin;
		@Option(names = "--interval", paramLabel = "MINUTES", descriptionKey = "bounces.interval") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Integer interval;
		@Option(names = "--return-path-domain", paramLabel = "DOMAIN", descriptionKey = "bounces.returnPathDomain") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String returnPathDomain;
		@Option(names = "--unsubscribe-domain", paramLabel = "DOMAIN", descriptionKey = "bounces.unsubscribeDomain") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String unsubscribeDomain;
		@Option(names = "--soft-bounce-limit", paramLabel = "N", descriptionKey = "bounces.softBounceLimit") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Integer softBounceLimit;
		@Option(names = "--soft-bounce-days", paramLabel = "DAYS", descriptionKey = "bounces.softBounceDays") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		Integer softBounceDays;
		@Mixin
		ServersCommand.JsonOption json;

		@Override
		void run() throws CliException {
			actions().settings(this, json.json);
		}
	}
}
