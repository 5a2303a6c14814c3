package com.bitfaster.mail.cli.internal;

/** Ends a command with a one-line message on standard error and an {@link ExitCode}. */
final class CliException extends Exception {
	private static final long serialVersionUID = 1L;

	private final ExitCode exitCode;

	CliException(String message, ExitCode exitCode) {
		super(message.replaceAll("[\\r\\n]+", " ")); //$NON-NLS-1$ //$NON-NLS-2$
		this.exitCode = exitCode;
	}

	static CliException usage(String message) {
		return new CliException(message, ExitCode.USAGE);
	}

	static CliException failed(String message) {
		return new CliException(message, ExitCode.FAILED);
	}

	ExitCode exitCode() {
		return exitCode;
	}
}
