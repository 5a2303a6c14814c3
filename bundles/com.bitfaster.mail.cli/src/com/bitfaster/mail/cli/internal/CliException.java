package com.bitfaster.mail.cli.internal;

/** Ends a command with a one-line message on standard error and an exit code. */
final class CliException extends Exception {
	private static final long serialVersionUID = 1L;

	static final int FAILED = 1;
	static final int USAGE = 2;
	/** Another run of the same campaign holds its lock (the command line or the workbench). */
	static final int LOCKED = 3;

	private final int exitCode;

	CliException(String message, int exitCode) {
		super(message.replaceAll("[\\r\\n]+", " ")); //$NON-NLS-1$ //$NON-NLS-2$
		this.exitCode = exitCode;
	}

	static CliException usage(String message) {
		return new CliException(message, USAGE);
	}

	static CliException failed(String message) {
		return new CliException(message, FAILED);
	}

	int exitCode() {
		return exitCode;
	}
}
