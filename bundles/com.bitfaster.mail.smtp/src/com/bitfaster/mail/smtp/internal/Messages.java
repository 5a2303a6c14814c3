package com.bitfaster.mail.smtp.internal;

import org.eclipse.osgi.util.NLS;

/** Texts shown to users by the SMTP bundle. */
@SuppressWarnings("java:S1444")
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.smtp.internal.messages"; //$NON-NLS-1$

	public static String Tls_pinMismatch;
	public static String Tls_untrusted;
	public static String Smtp_authFailed;
	public static String Smtp_unknownHost;
	public static String Smtp_refused;
	public static String Smtp_timeout;
	public static String Smtp_startTlsMissing;
	public static String Smtp_hostMismatch;
	public static String Smtp_notTls;
	public static String Smtp_badGreeting;
	public static String Smtp_tlsFailed;
	public static String Smtp_connectFailed;
	public static String Smtp_unknownEncryption;
	public static String Smtp_notConnected;
	public static String Smtp_lostAfterBody;
	public static String Smtp_lostBeforeBody;
	public static String Smtp_notSent;
	public static String Smtp_notReached;
	public static String Smtp_plaintextAuthRefused;
	public static String Smtp_m365SmtpAuthDisabled;
	public static String Smtp_noXOAuth2;
	public static String Smtp_tokenRefused;
	public static String Smtp_noToken;
	public static String Smtp_needsSmtpUtf8;
	public static String Smtp_badReply;
	public static String Smtp_viaAngusFactoryClass;
	public static String Smtp_viaAngusNoSocket;
	public static String Smtp_viaAngusOtherSocket;
	public static String Smtp_viaAngusLog;
	public static String Diag_task;
	public static String Diag_resolve;
	public static String Diag_resolved;
	public static String Diag_connect;
	public static String Diag_connected;
	public static String Diag_greeting;
	public static String Diag_ehlo;
	public static String Diag_ehloDetail;
	public static String Diag_none;
	public static String Diag_pipeliningUsed;
	public static String Diag_pipeliningOff;
	public static String Diag_pipeliningNotOffered;
	public static String Diag_pipeliningViaAngus;
	public static String Diag_tls;
	public static String Diag_tlsDetail;
	public static String Diag_tlsNotUsed;
	public static String Diag_hostMatch;
	public static String Diag_hostNoMatch;
	public static String Diag_auth;
	public static String Diag_authOk;
	public static String Diag_authPlaintext;
	public static String Diag_authPlaintextToken;
	public static String Diag_authNone;
	public static String Diag_testMessage;
	public static String Diag_testSubject;
	public static String Diag_testBody;
	public static String Diag_notReached;
	public static String Diag_notRequested;
	public static String Advice_startTlsOnImplicitPort;
	public static String Advice_sslOnPlainPort;
	public static String Advice_startTlsMissing;
	public static String Advice_hostMismatch;
	public static String Advice_untrusted;
	public static String Advice_timeout;
	public static String Advice_refused;
	public static String Advice_auth;
	public static String Advice_unknownHost;
	public static String Advice_passwordReadable;
	public static String Advice_tokenReadable;
	public static String Advice_offersStartTls;
	public static String Advice_offersSsl;
	public static String Advice_noTlsOffered;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
