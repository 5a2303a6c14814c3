package com.bitfaster.mail.ui.internal.handlers;

/** Ids of the server commands declared in plugin.xml. */
public final class CommandIds {

	private static final String PREFIX = "com.bitfaster.mail.ui.commands."; //$NON-NLS-1$
	public static final String NEW = PREFIX + "newServer"; //$NON-NLS-1$
	public static final String OPEN = PREFIX + "openServer"; //$NON-NLS-1$
	public static final String DUPLICATE = PREFIX + "duplicateServer"; //$NON-NLS-1$
	public static final String DELETE = PREFIX + "deleteServer"; //$NON-NLS-1$
	public static final String ACTIVATE = PREFIX + "activateServer"; //$NON-NLS-1$
	public static final String DEACTIVATE = PREFIX + "deactivateServer"; //$NON-NLS-1$
	public static final String DEACTIVATE_FOR = PREFIX + "deactivateServerFor"; //$NON-NLS-1$
	public static final String DEACTIVATE_FOR_DURATION = "com.bitfaster.mail.ui.duration"; //$NON-NLS-1$
	public static final String DEACTIVATE_UNTIL = PREFIX + "deactivateServerUntil"; //$NON-NLS-1$
	public static final String TEST_CONNECTION = PREFIX + "testConnection"; //$NON-NLS-1$
	public static final String SEND_TEST_MESSAGE = PREFIX + "sendTestMessage"; //$NON-NLS-1$
	public static final String IMPORT = PREFIX + "importServers"; //$NON-NLS-1$
	public static final String EXPORT = PREFIX + "exportServers"; //$NON-NLS-1$
	public static final String PROPERTIES = PREFIX + "serverProperties"; //$NON-NLS-1$
	public static final String NEW_MAIL = PREFIX + "newMail"; //$NON-NLS-1$

	private CommandIds() {
	}
}
