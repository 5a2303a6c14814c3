package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bitfaster.mail.campaign.internal.LedgerRecord;

/**
 * A bounce read back after the send (or a complaint, an unsubscribe), as the campaign's side journal records it: shown
 * beside the immediate outcome, which it does not change.
 *
 * @param address the recipient
 * @param kind    {@code hard}, {@code soft}, {@code complaint} or {@code unsubscribe}
 * @param status  the status code the report gave ({@code 5.1.1}), may be empty
 * @param text    the remote server's text, one line
 * @param time    when it was recorded
 */
public record CampaignBounce(String address, String kind, String status, String text, Instant time) {

	/** @return the bounces recorded in the side journal of {@code ledger}, in order; empty when there are none */
	public static List<CampaignBounce> read(Path ledger) throws IOException {
		List<CampaignBounce> bounces = new ArrayList<>();
		for (LedgerRecord r : CampaignJournal.read(CampaignJournal.journalFile(ledger))) {
			if (r.type() == LedgerRecord.Type.BOUNCED && r.fields().size() >= 4) {
				bounces.add(new CampaignBounce(r.field(0), r.field(1), r.field(2), r.field(3), Instant.ofEpochMilli(r.millis())));
			}
		}
		return bounces;
	}

	/** @return the last bounce of each address, in the order addresses first bounced */
	public static Map<String, CampaignBounce> latestByAddress(Path ledger) throws IOException {
		Map<String, CampaignBounce> latest = new LinkedHashMap<>();
		for (CampaignBounce b : read(ledger)) {
			latest.put(b.address(), b);
		}
		return latest;
	}
}
