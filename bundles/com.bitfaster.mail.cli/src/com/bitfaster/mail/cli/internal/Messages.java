package com.bitfaster.mail.cli.internal;

import org.eclipse.osgi.util.NLS;

/** Texts the command line prints. */
final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.cli.internal.messages"; //$NON-NLS-1$

	public static String Cli_outOfMemory;
	public static String Cli_internalError;
	public static String Cli_seeLog;
	public static String Cli_usageProblem;
	public static String Campaign_listProblems;
	public static String Campaign_invalidRow;
	public static String Campaign_duplicateRow;
	public static String Campaign_moreInvalid;
	public static String Campaign_moreDuplicates;
	public static String Campaign_unknownCount;
	public static String Campaign_noUnknown;
	public static String Campaign_resendNeedsYes;
	public static String Campaign_resendHint;
	public static String Campaign_pending;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
