package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import com.bitfaster.mail.campaign.CampaignBounce;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.CampaignReport;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.ui.StartPageSection;

/**
 * The start page's "Recent campaigns": the campaigns run last on this data folder (by the workbench or the command
 * line, from the campaign directory), each with its outcome counts; a link opens its report.
 */
public class RecentCampaignsSection implements StartPageSection {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
			.withZone(ZoneId.systemDefault());
	private static final String LEDGER_SUFFIX = ".ledger"; //$NON-NLS-1$

	@Override
	public List<Entry> entries(int max, IProgressMonitor monitor) throws Exception {
		List<Entry> entries = new ArrayList<>();
		for (Path ledger : CampaignDirectory.ofDefault().ledgersNewestFirst()) {
			if (entries.size() >= max || monitor.isCanceled()) {
				break;
			}
			String name = ledger.getFileName().toString();
			if (!name.endsWith(LEDGER_SUFFIX)) {
				continue;
			}
			Path file = ledger.resolveSibling(name.substring(0, name.length() - LEDGER_SUFFIX.length()));
			entries.add(new Entry(title(file), detail(ledger), page -> openReport(page, file)));
		}
		return entries;
	}

	private static String title(Path file) {
		try {
			if (Files.exists(file)) {
				String name = CampaignFile.read(file).name();
				if (!name.isBlank()) {
					return name;
				}
			}
		} catch (CampaignFileException e) {
			// the file's name says which campaign it was
		}
		return file.getFileName().toString();
	}

	/** @return the outcome counts as the report's chart shows them, and when the ledger last changed */
	static String detail(Path ledger) throws java.io.IOException {
		CampaignReport report = CampaignReport.read(ledger, 0);
		int bounced = CampaignBounce.latestByAddress(ledger).size();
		return NLS.bind(Messages.Start_campaignCounts, new Object[] { report.count(DeliveryState.ACCEPTED),
				report.count(DeliveryState.DEFERRED), report.count(DeliveryState.REJECTED),
				report.count(DeliveryState.UNKNOWN), bounced, report.count(DeliveryState.SUPPRESSED),
				TIME.format(Instant.ofEpochMilli(Files.getLastModifiedTime(ledger).toMillis())) });
	}

	private static void openReport(IWorkbenchPage page, Path file) {
		try {
			CampaignReportView view = (CampaignReportView) page.showView(CampaignReportView.ID);
			view.show(file);
		} catch (PartInitException e) {
			ILog.of(RecentCampaignsSection.class).error(e.getMessage(), e);
		}
	}
}
