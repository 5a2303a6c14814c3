package com.bitfaster.mail.cli.internal;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code servers list|add|update|remove|activate|deactivate|test|discover|export|import|login|logout}: the declarations. */
@Command(name = "servers") //$NON-NLS-1$ subcommands: BitfasterCli.TREE
final class ServersCommand extends CliCommand.Group {

	/** The options {@code servers add} and {@code servers update} share. */
	static final class Settings {
		@Option(names = "--host", paramLabel = "HOST") //$NON-NLS-1$ //$NON-NLS-2$
		String host;
		@Option(names = "--port", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer port;
		@Option(names = "--encryption", paramLabel = "ID") //$NON-NLS-1$ //$NON-NLS-2$
		String encryption;
		@Option(names = "--transport", paramLabel = "ID") //$NON-NLS-1$ //$NON-NLS-2$
		String transport;
		@Option(names = "--username", paramLabel = "USER") //$NON-NLS-1$ //$NON-NLS-2$
		String username;
		@Option(names = "--password-stdin") //$NON-NLS-1$
		boolean passwordStdin;
		@Option(names = "--allow-plaintext-auth", negatable = true) //$NON-NLS-1$
		Boolean allowPlaintextAuth;
		@Option(names = "--timeout", paramLabel = "SECONDS") //$NON-NLS-1$ //$NON-NLS-2$
		Integer timeout;
		@Option(names = "--max-connections", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer maxConnections;
		@Option(names = "--messages-per-connection", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer messagesPerConnection;
		@Option(names = "--messages-per-hour", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer messagesPerHour;
		@Option(names = "--messages-per-day", paramLabel = "N") //$NON-NLS-1$ //$NON-NLS-2$
		Integer messagesPerDay;
		@Option(names = "--warm-up", paramLabel = "N,N,...") //$NON-NLS-1$ //$NON-NLS-2$
		String warmUp;
		@Option(names = "--helo", paramLabel = "NAME") //$NON-NLS-1$ //$NON-NLS-2$
		String helo;
		@Option(names = "--pin", paramLabel = "SHA256") //$NON-NLS-1$ //$NON-NLS-2$
		String pin;
		@Option(names = "--setting", paramLabel = "KEY=VALUE") //$NON-NLS-1$ //$NON-NLS-2$
		List<String> settings = new ArrayList<>();
		@Option(names = "--inactive") //$NON-NLS-1$
		boolean inactive;
		@Option(names = "--auth", paramLabel = "METHOD") //$NON-NLS-1$ //$NON-NLS-2$
		String auth;
		@Option(names = "--oauth-provider", paramLabel = "PROVIDER") //$NON-NLS-1$ //$NON-NLS-2$
		String oauthProvider;
		@Option(names = "--client-id", paramLabel = "ID") //$NON-NLS-1$ //$NON-NLS-2$
		String clientId;
		@Option(names = "--tenant", paramLabel = "TENANT") //$NON-NLS-1$ //$NON-NLS-2$
		String tenant;
		@Option(names = "--oauth-scope", paramLabel = "SCOPES") //$NON-NLS-1$ //$NON-NLS-2$
		String oauthScope;
		@Option(names = "--client-secret-stdin") //$NON-NLS-1$
		boolean clientSecretStdin;
	}

	/** {@code --json}: the command line's own, versioned shape instead of text. */
	static final class JsonOption {
		@Option(names = "--json") //$NON-NLS-1$
		boolean json;
	}

	abstract static class Action extends CliCommand {
		ServerActions actions() {
			return new ServerActions(services(), out());
		}
	}

	/** A subcommand that names one server. */
	abstract static class OneServer extends Action {
		@Parameters(index = "0", paramLabel = "NAME", descriptionKey = "server.name") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String name;
	}

	@Command(name = "list") //$NON-NLS-1$
	static final class ListServers extends Action {
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().list(json.json);
		}
	}

	@Command(name = "add") //$NON-NLS-1$
	static final class Add extends Action {
		@Option(names = "--name", paramLabel = "NAME", required = true, descriptionKey = "servers.add.name") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String name;
		@Mixin
		Settings settings;
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().add(name, settings, json.json);
		}
	}

	@Command(name = "update") //$NON-NLS-1$
	static final class Update extends OneServer {
		@Option(names = "--name", paramLabel = "NEW", descriptionKey = "servers.update.name") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String newName;
		@Mixin
		Settings settings;
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().update(name, newName, settings, json.json);
		}
	}

	@Command(name = "remove") //$NON-NLS-1$
	static final class Remove extends OneServer {
		@Override
		void run() throws CliException {
			actions().remove(name);
		}
	}

	@Command(name = "activate") //$NON-NLS-1$
	static final class Activate extends OneServer {
		@Override
		void run() throws CliException {
			actions().activate(name);
		}
	}

	@Command(name = "deactivate") //$NON-NLS-1$
	static final class Deactivate extends OneServer {
		@Option(names = "--until", paramLabel = "INSTANT") //$NON-NLS-1$ //$NON-NLS-2$
		String until;

		@Override
		void run() throws CliException {
			actions().deactivate(name, until);
		}
	}

	@Command(name = "test") //$NON-NLS-1$
	static final class Test extends OneServer {
		@Option(names = "--to", paramLabel = "ADDRESS") //$NON-NLS-1$ //$NON-NLS-2$
		String to;
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().test(name, to, json.json);
		}
	}

	@Command(name = "discover") //$NON-NLS-1$
	static final class Discover extends Action {
		@Parameters(index = "0", paramLabel = "ADDRESS", descriptionKey = "servers.discover.address") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String address;
		@Option(names = "--add", paramLabel = "NAME") //$NON-NLS-1$ //$NON-NLS-2$
		String add;
		@Option(names = "--oauth-provider", paramLabel = "PROVIDER", descriptionKey = "servers.discover.oauth-provider") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String oauthProvider;
		@Option(names = "--client-id", paramLabel = "ID") //$NON-NLS-1$ //$NON-NLS-2$
		String clientId;
		@Option(names = "--tenant", paramLabel = "TENANT") //$NON-NLS-1$ //$NON-NLS-2$
		String tenant;
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			new DiscoverAction(services(), out()).discover(address, add,
					new DiscoverAction.OAuthOptions(oauthProvider, clientId, tenant), json.json);
		}
	}

	@Command(name = "export") //$NON-NLS-1$
	static final class Export extends Action {
		@Parameters(index = "0", paramLabel = "FILE", descriptionKey = "servers.export.file") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String file;
		@Parameters(index = "1..*", paramLabel = "NAME", descriptionKey = "servers.export.names") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<String> names = new ArrayList<>();
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().export(file, names, json.json);
		}
	}

	@Command(name = "import") //$NON-NLS-1$
	static final class Import extends Action {
		@Parameters(index = "0", paramLabel = "FILE", descriptionKey = "servers.import.file") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String file;
		@Option(names = "--rename") //$NON-NLS-1$
		boolean rename;
		@Mixin
		JsonOption json;

		@Override
		void run() throws CliException {
			actions().importServers(file, rename, json.json);
		}
	}

	@Command(name = "login") //$NON-NLS-1$
	static final class Login extends OneServer {
		@Option(names = "--wait", paramLabel = "SECONDS") //$NON-NLS-1$ //$NON-NLS-2$
		Integer wait;
		@Option(names = "--browser") //$NON-NLS-1$
		boolean browser;

		@Override
		void run() throws CliException {
			new OAuthActions(services(), out()).login(name, wait, browser);
		}
	}

	@Command(name = "logout") //$NON-NLS-1$
	static final class Logout extends OneServer {
		@Override
		void run() throws CliException {
			new OAuthActions(services(), out()).logout(name);
		}
	}
}
