package com.bitfaster.mail.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible texts of the UI bundle. */
@SuppressWarnings("java:S3008")
public final class Messages extends NLS {

	private static final String BUNDLE_NAME = "com.bitfaster.mail.ui.internal.messages"; //$NON-NLS-1$

	public static String Action_pin;
	public static String Action_revert;
	public static String Action_save;
	public static String Action_testConnection;
	public static String Configurators_duplicate;
	public static String Configurators_failed;
	public static String Configurators_failedTitle;
	public static String Configurators_missingAttribute;
	public static String Configurators_wrongType;
	public static String DeactivateUntil_message;
	public static String DeactivateUntil_title;
	public static String Delete_confirmMany;
	public static String Delete_confirmOne;
	public static String Delete_title;
	public static String Diagnostics_detail;
	public static String Diagnostics_empty;
	public static String Diagnostics_failed;
	public static String Diagnostics_failedVerdict;
	public static String Diagnostics_message;
	public static String Diagnostics_notInstalled;
	public static String Diagnostics_notOk;
	public static String Diagnostics_ok;
	public static String Diagnostics_passed;
	public static String Diagnostics_sendNotInstalled;
	public static String Diagnostics_skipped;
	public static String Diagnostics_step;
	public static String Diagnostics_title;
	public static String Diagnostics_verdict;
	public static String Diagnostics_warning;
	public static String Editor_newServer;
	public static String Editor_oneProblem;
	public static String Editor_openFailed;
	public static String Editor_pageSettings;
	public static String Editor_problemCount;
	public static String Editor_problems;
	public static String Editor_saveFailed;
	public static String Editor_saveFailedTitle;
	public static String Editor_wrongInput;
	public static String Export_failed;
	public static String Export_job;
	public static String Field_active;
	public static String Field_encryption;
	public static String Field_encryptionItem;
	public static String Field_heloName;
	public static String Field_host;
	public static String Field_inactiveUntil;
	public static String Field_inactiveUntilHint;
	public static String Field_lastFingerprint;
	public static String Field_maxConnections;
	public static String Field_messagesPerConnection;
	public static String Field_messagesPerHour;
	public static String Field_name;
	public static String Field_noFingerprint;
	public static String Field_password;
	public static String Field_pinnedCertificate;
	public static String Field_port;
	public static String Field_timeout;
	public static String Field_transportType;
	public static String Field_username;
	public static String Handler_failed;
	public static String Handler_failedTitle;
	public static String Import_failed;
	public static String Import_job;
	public static String Import_result;
	public static String Import_title;
	public static String Inbox_address;
	public static String Inbox_addressHint;
	public static String Inbox_attachmentName;
	public static String Inbox_attachmentType;
	public static String Inbox_attachments;
	public static String Inbox_bytes;
	public static String Inbox_clear;
	public static String Inbox_clearJob;
	public static String Inbox_confirmClear;
	public static String Inbox_confirmDelete;
	public static String Inbox_count;
	public static String Inbox_countOne;
	public static String Inbox_date;
	public static String Inbox_delete;
	public static String Inbox_deleteJob;
	public static String Inbox_failed;
	public static String Inbox_from;
	public static String Inbox_headers;
	public static String Inbox_html;
	public static String Inbox_kilobytes;
	public static String Inbox_noAddress;
	public static String Inbox_notInstalled;
	public static String Inbox_notRunning;
	public static String Inbox_readJob;
	public static String Inbox_reading;
	public static String Inbox_refresh;
	public static String Inbox_size;
	public static String Inbox_start;
	public static String Inbox_startJob;
	public static String Inbox_starting;
	public static String Inbox_subject;
	public static String Inbox_text;
	public static String Inbox_to;
	public static String Job_sendTestMessage;
	public static String Job_testConnection;
	public static String LocalServerPreferences_autoStart;
	public static String LocalServerPreferences_description;
	public static String LocalServerPreferences_note;
	public static String LocalServerPreferences_pop3Port;
	public static String LocalServerPreferences_portRange;
	public static String LocalServerPreferences_smtpPort;
	public static String LocalServer_failed;
	public static String LocalServer_startJob;
	public static String LocalServer_stopJob;
	public static String Navigator_filter;
	public static String Navigator_inactive;
	public static String Navigator_inactiveUntil;
	public static String Navigator_openFailed;
	public static String Navigator_servers;
	public static String Navigator_testFailed;
	public static String Navigator_testPassed;
	public static String Preferences_description;
	public static String Preferences_notificationAddress;
	public static String Properties_gone;
	public static String Section_authentication;
	public static String Section_authenticationDescription;
	public static String Section_connection;
	public static String Section_connectionDescription;
	public static String Section_general;
	public static String Section_generalDescription;
	public static String Section_limits;
	public static String Section_limitsDescription;
	public static String Section_security;
	public static String Section_securityDescription;
	public static String Section_status;
	public static String Section_statusDescription;
	public static String Section_transport;
	public static String Section_transportDescription;
	public static String Section_transportNone;
	public static String SendTest_noAddress;
	public static String SendTest_title;
	public static String Services_noRegistry;
	public static String Validation_number;
	public static String Validation_until;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
