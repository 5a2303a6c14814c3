package com.bitfaster.mail.cli.internal;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code send}: the declarations. */
@Command(name = "send") //$NON-NLS-1$
final class SendCommand extends CliCommand {

	@Option(names = "--server", paramLabel = "NAME", required = true) //$NON-NLS-1$ //$NON-NLS-2$
	String server;
	@Option(names = "--from", paramLabel = "ADDRESS", required = true) //$NON-NLS-1$ //$NON-NLS-2$
	String from;
	@Option(names = "--to", paramLabel = "ADDRESS") //$NON-NLS-1$ //$NON-NLS-2$
	List<String> to = new ArrayList<>();
	@Option(names = "--cc", paramLabel = "ADDRESS") //$NON-NLS-1$ //$NON-NLS-2$
	List<String> cc = new ArrayList<>();
	@Option(names = "--bcc", paramLabel = "ADDRESS") //$NON-NLS-1$ //$NON-NLS-2$
	List<String> bcc = new ArrayList<>();
	@Option(names = "--subject", paramLabel = "TEXT", required = true) //$NON-NLS-1$ //$NON-NLS-2$
	String subject;
	@Option(names = "--body", paramLabel = "TEXT") //$NON-NLS-1$ //$NON-NLS-2$
	String body;
	@Option(names = "--body-file", paramLabel = "FILE") //$NON-NLS-1$ //$NON-NLS-2$
	String bodyFile;
	@Option(names = "--html-file", paramLabel = "FILE") //$NON-NLS-1$ //$NON-NLS-2$
	String htmlFile;
	@Option(names = "--attach", paramLabel = "FILE") //$NON-NLS-1$ //$NON-NLS-2$
	List<String> attach = new ArrayList<>();
	@Mixin
	ServersCommand.JsonOption json;

	@Override
	void run() throws CliException {
		new SendAction(services(), out()).send(this);
	}
}
