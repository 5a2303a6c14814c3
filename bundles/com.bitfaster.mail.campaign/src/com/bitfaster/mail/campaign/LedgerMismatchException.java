package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * The ledger beside a campaign file names another campaign (a new campaign saved over an old one's file): its records
 * cannot say who this campaign was sent to. Nothing is sent; {@link CampaignLedger#startFresh} keeps it aside.
 */
public final class LedgerMismatchException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path ledger;
	private final String ledgerCampaignId;
	private final String campaignId;

	LedgerMismatchException(Path ledger, String ledgerCampaignId, String campaignId) {
		super(NLS.bind(Messages.Ledger_otherCampaign,
				new Object[] { ledger, ledgerCampaignId, campaignId, CampaignLedger.asideName(ledger) }));
		this.ledger = ledger;
		this.ledgerCampaignId = ledgerCampaignId;
		this.campaignId = campaignId;
	}

	public Path ledger() {
		return ledger;
	}

	public String ledgerCampaignId() {
		return ledgerCampaignId;
	}

	public String campaignId() {
		return campaignId;
	}
}
