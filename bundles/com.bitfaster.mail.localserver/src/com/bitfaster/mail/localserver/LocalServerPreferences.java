package com.bitfaster.mail.localserver;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * Where the local mail server's settings live: the instance-scope preference node and its keys, with their defaults.
 * The local server reads them at its next start; a preference page edits them.
 */
public final class LocalServerPreferences {

	/** The instance-scope preference node. */
	public static final String NODE = "com.bitfaster.mail.localserver"; //$NON-NLS-1$
	/** The SMTP port it prefers (another free one when it is busy). */
	public static final String SMTP_PORT = "smtpPort"; //$NON-NLS-1$
	/** The POP3 port it prefers (another free one when it is busy). */
	public static final String POP3_PORT = "pop3Port"; //$NON-NLS-1$
	/** Whether it starts with the workbench (after its window, see {@link #autoStart()}). */
	public static final String AUTO_START = "autoStart"; //$NON-NLS-1$
	/** The rehearsal rules' text ({@link RehearsalRules#parse(String)}), applied when it changes. */
	public static final String RULES = "rehearsalRules"; //$NON-NLS-1$
	/** The most the kept mail may take, in megabytes; the oldest messages go first. 0: no cap. */
	public static final String SIZE_CAP_MB = "sizeCapMegabytes"; //$NON-NLS-1$
	/** The folder holding the Maildirs; empty: the bundle's state location in the workspace. */
	public static final String MAIL_FOLDER = "mailFolder"; //$NON-NLS-1$
	public static final int DEFAULT_SIZE_CAP_MB = 200;
	public static final int DEFAULT_SMTP_PORT = 2525;
	public static final int DEFAULT_POP3_PORT = 2110;

	/** The system property that keeps the server stopped whatever {@link #AUTO_START} says (the command line sets it). */
	public static final String AUTO_START_PROPERTY = "bitfaster.localserver.autostart"; //$NON-NLS-1$

	private LocalServerPreferences() {
	}

	/** @return whether the application should start the server once it is up */
	public static boolean autoStart() {
		return Platform.isRunning() && !"false".equalsIgnoreCase(System.getProperty(AUTO_START_PROPERTY)) //$NON-NLS-1$
				&& InstanceScope.INSTANCE.getNode(NODE).getBoolean(AUTO_START, true);
	}
}
