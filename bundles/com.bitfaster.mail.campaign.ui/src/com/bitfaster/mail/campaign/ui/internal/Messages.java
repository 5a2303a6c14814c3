package com.bitfaster.mail.campaign.ui.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown by the campaign UI. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.campaign.ui.internal.messages"; //$NON-NLS-1$

	public static String Page_check;
	public static String Section_check;
	public static String Section_check_description;
	public static String Action_check;
	public static String Check_notYet;
	public static String Check_summary;
	public static String Action_cancel;
	public static String Action_pause;
	public static String Action_report;
	public static String Action_resume;
	public static String Action_retryFailed;
	public static String Action_resendUnknown;
	public static String Resend_title;
	public static String Resend_question;
	public static String Action_run;
	public static String Action_save;
	public static String Column_address;
	public static String Column_code;
	public static String Column_kind;
	public static String Column_line;
	public static String Column_outcome;
	public static String Column_problem;
	public static String Column_reply;
	public static String Editor_openFailed;
	public static String Editor_saveFailed;
	public static String Editor_saveFailedTitle;
	public static String Editor_wrongInput;
	public static String Field_batchSize;
	public static String Field_batchSize_hint;
	public static String Field_browse;
	public static String Field_from;
	public static String Field_html;
	public static String Field_list;
	public static String Field_name;
	public static String Field_perHour;
	public static String Field_perHour_hint;
	public static String Field_subject;
	public static String Field_text;
	public static String Field_unsubscribe;
	public static String Heading_problems;
	public static String Outcome_accepted;
	public static String Outcome_deferred;
	public static String Outcome_pending;
	public static String Outcome_rejected;
	public static String Outcome_sending;
	public static String Outcome_unknown;
	public static String Outcome_suppressed;
	public static String Page_campaign;
	public static String Page_recipients;
	public static String Page_template;
	public static String Preview_noList;
	public static String Preview_noRecipients;
	public static String Preview_recipient;
	public static String Problem_badFrom;
	public static String Problem_badUnsubscribe;
	public static String Problem_listEmpty;
	public static String Problem_missingFields;
	public static String Problem_noBody;
	public static String Problem_noFrom;
	public static String Problem_noList;
	public static String Problem_noServer;
	public static String Problem_noSubject;
	public static String Problem_serverGone;
	public static String Progress_empty;
	public static String Recipients_checking;
	public static String Recipients_duplicate;
	public static String Recipients_invalid;
	public static String Recipients_none;
	public static String Recipients_notChecked;
	public static String Recipients_problemsKept;
	public static String Recipients_summary;
	public static String Report_allOutcomes;
	public static String Report_counts;
	public static String Report_export;
	public static String Report_exportFailed;
	public static String Report_exportFailedTitle;
	public static String Report_loading;
	public static String Report_none;
	public static String Report_open;
	public static String Report_outcome;
	public static String Report_refresh;
	public static String Report_search;
	public static String Run_refused;
	public static String Run_refusedTitle;
	public static String Section_general;
	public static String Section_general_description;
	public static String Section_list;
	public static String Section_list_description;
	public static String Section_message;
	public static String Section_message_description;
	public static String Section_preview;
	public static String Section_preview_description;
	public static String Section_sending;
	public static String Section_sending_description;
	public static String Section_servers;
	public static String Section_servers_description;
	public static String Section_throttles;
	public static String Section_throttles_description;
	public static String Servers_down;
	public static String Servers_inactive;
	public static String Servers_up;
	public static String Services_missing;
	public static String Status_cancelled;
	public static String Status_failed;
	public static String Status_notRun;
	public static String Report_damaged;
	public static String Report_page;
	public static String Run_lockedTitle;
	public static String Run_locked;
	public static String Run_otherCampaignTitle;
	public static String Run_otherCampaign;
	public static String Run_keptAside;
	public static String Status_finished;
	public static String Status_notStarted;
	public static String Status_paused;
	public static String Status_running;
	public static String Status_starting;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
