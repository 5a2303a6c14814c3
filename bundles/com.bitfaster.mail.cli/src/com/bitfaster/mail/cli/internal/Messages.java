package com.bitfaster.mail.cli.internal;

import org.eclipse.osgi.util.NLS;

/** Texts the command line prints. */
final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.cli.internal.messages"; //$NON-NLS-1$

	public static String Preflight_summary;
	public static String Preflight_fix;
	public static String Preflight_where;
	public static String Preflight_blocks;
	public static String Preflight_runBlocked;
	public static String Preflight_forced;
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
	public static String Campaign_crontab;
	public static String Campaign_stopped;
	public static String Server_limits;
	public static String Server_perHour;
	public static String Server_perDay;
	public static String Server_warmUp;
	public static String Server_warmUpDay;
	public static String Server_sentToday;
	public static String Server_remainingNow;
	public static String Cli_warning;
	public static String Server_removed;
	public static String Dkim_algorithm;
	public static String Dkim_generated;
	public static String Dkim_imported;
	public static String Dkim_publish;
	public static String Dkim_zoneFile;
	public static String Dkim_none;
	public static String Dkim_removed;
	public static String Dkim_stdinEmpty;
	public static String Dkim_stdinUnreadable;
	public static String Server_active;
	public static String Server_none;
	public static String Server_added;
	public static String Server_plaintextRefused;
	public static String Server_plaintextWarning;
	public static String Server_updated;
	public static String Server_settingFormat;
	public static String Server_warmUpFormat;
	public static String Server_passwordEmpty;
	public static String Server_twoSecretsStdin;
	public static String Server_oauthProvider;
	public static String OAuth_notOAuth;
	public static String OAuth_openUrl;
	public static String OAuth_orUrl;
	public static String OAuth_openBrowser;
	public static String OAuth_waiting;
	public static String OAuth_signedIn;
	public static String OAuth_signedOut;
	public static String Server_passwordUnreadable;
	public static String Server_untilFormat;
	public static String Server_inactiveUntil;
	public static String Server_inactive;
	public static String Server_advice;
	public static String Server_certificate;
	public static String Server_testFailed;
	public static String Server_testFailedAdvice;
	public static String Server_exportFailed;
	public static String Server_exported;
	public static String Server_importFailed;
	public static String Server_imported;
	public static String Server_unknown;
	public static String Send_toRequired;
	public static String Send_notAllAccepted;
	public static String Send_oneBody;
	public static String Send_attachUnreadable;
	public static String Send_composeFailed;
	public static String Send_oneAddress;
	public static String Send_cannotRead;
	public static String Campaign_batchSize;
	public static String Campaign_ledgerKept;
	public static String Campaign_startFresh;
	public static String Campaign_ledgerUnusable;
	public static String Campaign_damaged;
	public static String Campaign_moreDamaged;
	public static String Campaign_damageNote;
	public static String Campaign_listChanged;
	public static String Campaign_listChangedCounts;
	public static String Campaign_notInList;
	public static String Campaign_summary;
	public static String Campaign_unknownRow;
	public static String Campaign_moreUnknown;
	public static String LocalServer_listening;
	public static String LocalServer_rulesUnreadable;
	public static String Services_unavailable;
	public static String Discover_proposal;
	public static String Discover_user;
	public static String Discover_plainOnly;
	public static String Discover_oauth2;
	public static String Discover_oauth2Options;
	public static String Discover_signIn;
	public static String Discover_none;
	public static String Discover_badAddress;
	public static String Discover_added;
	public static String Discover_setPassword;
	public static String Discover_nameTaken;
	public static String Services_interrupted;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
