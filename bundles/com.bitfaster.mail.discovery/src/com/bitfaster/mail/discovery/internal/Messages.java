package com.bitfaster.mail.discovery.internal;

import org.eclipse.osgi.util.NLS;

/** Texts of the discovery steps. */
public final class Messages extends NLS {
	private static final String BUNDLE_NAME = "com.bitfaster.mail.discovery.internal.messages"; //$NON-NLS-1$

	public static String Step_address;
	public static String Step_resolver;
	public static String Step_autoconfig;
	public static String Step_wellKnown;
	public static String Step_srvSubmissions;
	public static String Step_srvSubmission;
	public static String Step_mx;
	public static String Step_guess;
	public static String Step_probe;
	public static String Step_proposal;
	public static String Step_foundAlready;
	public static String Step_cancelled;
	public static String Step_deadline;
	public static String Address_bad;
	public static String Address_ok;
	public static String Resolver_system;
	public static String Resolver_configured;
	public static String Resolver_bad;
	public static String Dns_error;
	public static String Autoconfig_status;
	public static String Autoconfig_noHost;
	public static String Autoconfig_failed;
	public static String Autoconfig_noSmtp;
	public static String Autoconfig_found;
	public static String Srv_none;
	public static String Srv_found;
	public static String Mx_none;
	public static String Mx_found;
	public static String Guess_noAddress;
	public static String Guess_address;
	public static String Probe_noTls;
	public static String Mode_plain;
	public static String Smtp_badGreeting;
	public static String Smtp_badEhlo;
	public static String Smtp_startTlsRefused;
	public static String Smtp_plain;
	public static String Smtp_tls;
	public static String Tls_session;
	public static String Tls_otherHost;
	public static String Tls_untrusted;
	public static String Tls_failed;
	public static String Net_timeout;
	public static String Net_refused;
	public static String Net_failed;
	public static String Proposal_found;
	public static String Proposal_password;
	public static String Proposal_oauth2;
	public static String Proposal_noAuth;
	public static String Proposal_plainOnly;
	public static String Proposal_none;

	static {
		NLS.initializeMessages(BUNDLE_NAME, Messages.class);
	}

	private Messages() {
	}
}
