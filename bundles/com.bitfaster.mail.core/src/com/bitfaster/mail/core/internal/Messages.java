package com.bitfaster.mail.core.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the core bundle. */
@SuppressWarnings("java:S1444")
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.core.internal.messages"; //$NON-NLS-1$

	public static String Field_name;
	public static String Field_username;
	public static String Field_transportType;
	public static String Field_encryption;
	public static String Validation_unknownAuthMethod;
	public static String Sender_unknownAuthMethod;
	public static String Validation_nameEmpty;
	public static String Validation_nameSpaces;
	public static String Validation_nameTaken;
	public static String Validation_control;
	public static String Validation_tooLong;
	public static String Validation_id;
	public static String Validation_hostEmpty;
	public static String Validation_hostControl;
	public static String Validation_hostSpaces;
	public static String Validation_hostIpv6;
	public static String Validation_hostIpv4;
	public static String Validation_hostName;
	public static String Validation_heloName;
	public static String Validation_port;
	public static String Validation_timeout;
	public static String Validation_fingerprint;
	public static String Validation_plaintextAuth;
	public static String Validation_maxConnections;
	public static String Validation_messagesPerConnection;
	public static String Validation_messagesPerHour;
	public static String Validation_messagesPerDay;
	public static String Validation_warmUp;
	public static String Validation_transportSetting;
	public static String Validation_unknownEncryption;
	public static String Validation_unknownTransport;
	public static String Validation_brokenTransport;
	public static String Header_lineBreak;
	public static String Header_badAddress;
	public static String Registry_readOnly;
	public static String Registry_noServer;
	public static String Registry_copyName;
	public static String Registry_copyNameN;
	public static String Registry_importConflict;
	public static String Registry_importRenamed;
	public static String Registry_importInvalid;
	public static String Registry_importNotExport;
	public static String Store_corrupt;
	public static String Store_corruptEmpty;
	public static String Store_corruptBackup;
	public static String Store_newerSchema;
	public static String Store_unreadable;
	public static String Store_cannotLock;
	public static String Secrets_failed;
	public static String Secrets_readFailed;
	public static String Extension_missingAttribute;
	public static String Extension_badPort;
	public static String Extension_duplicate;
	public static String Extension_createFailed;
	public static String Extension_wrongType;
	public static String KeyFile_failed;
	public static String Secrets_notEncrypted;
	public static String KeyFile_otherOwner;
	public static String KeyFile_loose;
	public static String KeyFile_empty;
	public static String Sender_task;
	public static String Sender_noActiveServer;
	public static String Sender_noServer;
	public static String Sender_cancelled;
	public static String Sender_summary;
	public static String Sender_noRecipients;
	public static String Sender_badMessage;
	public static String Sender_unknownTransport;
	public static String Sender_serverFailed;
	public static String Sender_connectionClosed;
	public static String Sender_noOAuth2;
	public static String Sender_transportFailed;
	public static String Sender_transportFailedAfterHandover;
	public static String Sender_serverGone;
	public static String Sender_noReport;
	public static String Statistics_damaged;
	public static String Statistics_unwritable;
	public static String Quota_damaged;
	public static String Quota_unavailable;
	public static String Quota_blockExpired;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
