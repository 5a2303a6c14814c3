package com.bitfaster.mail.bounces.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.bitfaster.mail.bounces.internal.BounceServiceImpl;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.suppression.internal.DeliverabilitySettingsImpl;
import com.bitfaster.mail.suppression.internal.RecipientTokensImpl;
import com.bitfaster.mail.suppression.internal.SuppressionListImpl;
import com.bitfaster.mail.tests.support.SecureStores;

import org.eclipse.equinox.security.storage.ISecurePreferences;

/**
 * One organisation's data in a folder: the real token service, suppression list, campaign directory and bounce
 * service (their implementations, with a throwaway secure storage), and campaigns whose ledgers name their recipients.
 */
final class Organisation {

	final Path dir;
	final ISecurePreferences secure;
	final RecipientTokens tokens;
	final SuppressionList suppression;
	final CampaignDirectory directory;
	final BounceServiceImpl bounces;

	Organisation(Path dir) throws IOException {
		this.dir = dir;
		this.secure = SecureStores.throwaway(dir.resolve("secure")); //$NON-NLS-1$
		DeliverabilitySettingsImpl settings = new DeliverabilitySettingsImpl(dir.resolve("suppression")); //$NON-NLS-1$
		this.tokens = new RecipientTokensImpl(dir.resolve("suppression"), //$NON-NLS-1$
				new SecureSecrets(() -> secure, "com.bitfaster.mail/suppression")); //$NON-NLS-1$
		this.suppression = new SuppressionListImpl(dir.resolve("suppression"), settings, Clock.systemUTC()); //$NON-NLS-1$
		this.directory = new CampaignDirectory(dir.resolve("campaign").resolve(CampaignDirectory.FILE_NAME)); //$NON-NLS-1$
		this.bounces = new BounceServiceImpl(dir.resolve("bounces"), new SecureSecrets(() -> secure, "com.bitfaster.mail/bounces"), //$NON-NLS-1$ //$NON-NLS-2$
				tokens, suppression, directory);
	}

	/** @return the ledger of a campaign that was sent to {@code addresses} (all accepted), noted in the directory */
	Path campaign(String campaignId, List<String> addresses) throws IOException {
		Path ledger = dir.resolve(campaignId + ".ledger"); //$NON-NLS-1$
		try (CampaignLedger l = CampaignLedger.open(ledger, campaignId)) {
			l.begin(addresses);
			for (String a : addresses) {
				l.record(a, DeliveryState.ACCEPTED, 250, "2.0.0 Ok: queued"); //$NON-NLS-1$
			}
		}
		directory.record(campaignId, ledger);
		return ledger;
	}

	String bounceToken(String campaignId, String address) throws Exception {
		return tokens.issue(RecipientTokens.Purpose.BOUNCE, campaignId, address);
	}
}
