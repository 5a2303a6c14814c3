package com.bitfaster.mail.localserver.ui.internal;

import org.eclipse.osgi.util.NLS;

/** Texts of the local server's user interface. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.localserver.ui.internal.messages"; //$NON-NLS-1$

	public static String View_search;
	public static String Start_noSubject;
	public static String Start_mailDetail;
	public static String View_readJob;
	public static String View_from;
	public static String View_to;
	public static String View_subject;
	public static String View_date;
	public static String View_size;
	public static String View_attachments;
	public static String View_save;
	public static String View_delete;
	public static String View_clear;
	public static String View_release;
	public static String View_confirmClear;
	public static String View_status;
	public static String View_running;
	public static String View_stopped;
	public static String View_notInstalled;
	public static String View_starting;
	public static String View_noSelection;
	public static String View_readFailed;
	public static String View_saveFailed;
	public static String View_deleteFailed;
	public static String View_noServers;
	public static String View_chooseServer;
	public static String View_releaseJob;
	public static String View_released;
	public static String View_releaseFailed;
	public static String View_bytes;
	public static String View_kilobytes;
	public static String View_megabytes;
	public static String Handler_startJob;
	public static String Handler_stopJob;
	public static String Handler_failed;
	public static String Preferences_description;
	public static String Preferences_smtpPort;
	public static String Preferences_pop3Port;
	public static String Preferences_portRange;
	public static String Preferences_autoStart;
	public static String Preferences_note;
	public static String Preferences_sizeCap;
	public static String Preferences_sizeCapRange;
	public static String Preferences_rules;
	public static String Preferences_rulesHint;
	public static String Preferences_rulesError;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
