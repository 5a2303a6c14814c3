package com.bitfaster.mail.preflight;

import java.util.EnumSet;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;

import com.bitfaster.mail.campaign.Campaign;

/**
 * The pre-flight check: what would make a campaign or a mail land in spam or be refused, found before it is sent. It
 * reads the From domain's DNS (SPF evaluated with its includes, the DKIM record of each key the product signs with,
 * DMARC and its alignment, MX), the bulk-sender rules (one-click List-Unsubscribe, a Reply-To that works), the message
 * (size, parts, images without alt text, links over http, the subject, merge fields empty for some recipients, counted
 * over the whole list) and asks SpamAssassin's {@code spamd} for a score when it runs. An OSGi service (Declarative
 * Services).
 *
 * <p>
 * DNS goes to the resolver server discovery uses ({@link com.bitfaster.mail.discovery.DnsResolvers}): the system
 * property {@code bitfaster.dns.server}, else the preference, else the system's; each question has a timeout. spamd
 * is asked at {@value #SPAMD_PROPERTY} ({@code HOST:PORT}), by default {@value #SPAMD_DEFAULT}.
 *
 * <p>
 * A campaign of {@value #BULK_RECIPIENTS} recipients or more is bulk mail as Gmail counts it: then a missing SPF,
 * DKIM, DMARC or one-click unsubscribe blocks; below, it warns.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface PreflightCheck {

	/** The system property naming spamd's address, {@code HOST:PORT}. */
	String SPAMD_PROPERTY = "bitfaster.spamd"; //$NON-NLS-1$
	/** Where spamd listens unless configured: Debian's default. */
	String SPAMD_DEFAULT = "127.0.0.1:783"; //$NON-NLS-1$
	/** Gmail's bulk-sender threshold: 5,000 messages a day to its users. */
	int BULK_RECIPIENTS = 5000;

	/** What to check. */
	enum Area {
		/** The From domain's DNS (SPF, DKIM, DMARC, MX) and the Reply-To's: needs the resolver. */
		DNS,
		/** The message, the headers and the list: needs no network. */
		MESSAGE,
		/** The spam score from spamd. */
		SPAM;

		public static Set<Area> all() {
			return EnumSet.allOf(Area.class);
		}
	}

	/**
	 * Checks a campaign: its From domain, its List-Unsubscribe, its message rendered for its recipients and its whole
	 * list (merge fields). Blocks until done; never throws for what it finds (a list that cannot be read is a
	 * finding).
	 *
	 * @param monitor cancellation; may be {@code null}
	 */
	PreflightReport check(Campaign campaign, Set<Area> areas, IProgressMonitor monitor);

	/** Checks a single mail (not bulk unless it has a List-Unsubscribe). */
	PreflightReport checkDraft(Draft draft, Set<Area> areas, IProgressMonitor monitor);
}
