package com.bitfaster.mail.cli.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The exit codes of every command, in one place: the generated help ({@code bitfaster-cli --help}) and the README's
 * table are made from this list, so a script can rely on them across commands. Later codes are only ever added.
 */
enum ExitCode {
	OK(0), FAILED(1), USAGE(2),
	/** Another run of the same campaign holds its lock (the command line or the workbench). */
	LOCKED(3),
	/** A run ended with recipients still pending; {@code campaign resume} continues it. */
	PENDING(4),
	/** Reserved for the pre-flight check before a campaign (issue 16): declared now so scripts can know it. */
	BLOCKED(5);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	int code() {
		return code;
	}

	/** @return what the code means, one line from the help bundle ({@code exitCode.NAME}) */
	String description(ResourceBundle help) {
		return help.getString("exitCode." + name()); //$NON-NLS-1$
	}

	/** @return code to description in order, as picocli's exit code list wants it */
	static Map<String, String> list(ResourceBundle help) {
		Map<String, String> list = new LinkedHashMap<>();
		for (ExitCode c : values()) {
			list.put(String.format("%2d", c.code), c.description(help)); //$NON-NLS-1$
		}
		return list;
	}
}
