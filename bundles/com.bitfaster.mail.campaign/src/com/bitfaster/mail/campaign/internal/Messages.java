package com.bitfaster.mail.campaign.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the campaign bundle. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.campaign.internal.messages"; //$NON-NLS-1$

	public static String List_noAddressColumn;
	public static String List_notUtf8;
	public static String List_unreadable;
	public static String List_noAddress;
	public static String List_invalidAddress;
	public static String List_duplicate;
	public static String List_lineTooLong;
	public static String List_rowTooLong;
	public static String Input_missing;
	public static String Input_denied;
	public static String Input_unreadable;
	public static String Input_folder;
	public static String Input_notRegular;
	public static String Template_missingFields;
	public static String Window_noZone;
	public static String Window_badZone;
	public static String Window_badTime;
	public static String Window_badDays;
	public static String Window_badRecipientZone;
	public static String Window_noZoneColumn;
	public static String Window_waiting;
	public static String Window_waitingRecipients;
	public static String Window_closed;
	public static String Domain_waiting;
	public static String Domain_expired;
	public static String Start_waiting;
	public static String File_badPolicy;
	public static String File_badDomainLimits;
	public static String File_badStartAt;
	public static String File_badSendWindow;
	public static String Runner_task;
	public static String Runner_progress;
	public static String Runner_noSubject;
	public static String Runner_noServer;
	public static String Runner_noActiveServer;
	public static String Runner_ledgerFailed;
	public static String Runner_composeFailed;
	public static String Runner_unsubscribeNotHttps;
	public static String Runner_unsubscribeInvalid;
	public static String Runner_suppressionFailed;
	public static String Job_paused;
	public static String File_notObject;
	public static String File_unreadable;
	public static String File_serversNotList;
	public static String File_noServer;
	public static String File_badFrom;
	public static String File_missing;
	public static String File_bodyUnreadable;
	public static String File_badNumber;
	public static String Ledger_damageChecksum;
	public static String Ledger_damageGap;
	public static String Ledger_damageOrder;
	public static String Ledger_damageZeros;
	public static String Ledger_damageCut;
	public static String Ledger_locked;
	public static String Ledger_lockedHere;
	public static String Ledger_otherCampaign;
	public static String Ledger_newerFormat;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
