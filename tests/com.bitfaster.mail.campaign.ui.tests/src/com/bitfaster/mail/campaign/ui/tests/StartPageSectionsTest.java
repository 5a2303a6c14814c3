package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.TIMEOUT_MS;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.targetDir;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignJournal;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.campaign.ui.internal.CampaignProgressView;
import com.bitfaster.mail.campaign.ui.internal.CampaignReportView;
import com.bitfaster.mail.campaign.ui.internal.CampaignRuns;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.localserver.ui.internal.LocalMailView;
import com.bitfaster.mail.tests.support.RejectingSmtpServer;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.start.StartPage;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The start page's sections contributed by the campaign and local server plug-ins: a finished campaign (sent to
 * SubEthaSMTP, which refuses one recipient, with a bounce read back for another) with its outcome counts, whose link
 * opens its report; the local server's newest mail (sent to it over SMTP), whose link shows it in the Local Mail view.
 * Also the "bounced" bar of the Report and Progress charts.
 */
class StartPageSectionsTest {

	private static final String CAMPAIGNS = "com.bitfaster.mail.campaign.ui.recentCampaigns"; //$NON-NLS-1$
	private static final String MAIL = "com.bitfaster.mail.localserver.ui.newestMail"; //$NON-NLS-1$

	private RejectingSmtpServer strict;
	private LocalMailServer local;
	private Point size;

	@BeforeEach
	void setUp() throws Exception {
		ErrorDialog.AUTOMATED_MODE = true;
		page().closeAllEditors(false);
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
		strict = new RejectingSmtpServer(List.of("reader3@autumn.test")); //$NON-NLS-1$
		local = MailServices.find(LocalMailServer.class).orElseThrow();
		local.start();
		local.store().clear();
		Shell shell = page().getWorkbenchWindow().getShell();
		size = shell.getSize();
		shell.setSize(1280, 800);
		flush();
	}

	@AfterEach
	void tearDown() throws Exception {
		// The 550 put reader3 on the organisation's suppression list: the other tests' campaigns must not meet it.
		MailServices.find(com.bitfaster.mail.suppression.SuppressionList.class).orElseThrow().remove("reader3@autumn.test"); //$NON-NLS-1$
		page().closeAllEditors(false);
		page().getWorkbenchWindow().getShell().setSize(size);
		strict.close();
		local.stop();
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
	}

	@Test
	void listsTheLastCampaignAndTheNewestLocalMail() throws Exception {
		MailServer relay = registry().add(MailServer.builder().name("Strict Relay").host("127.0.0.1").port(strict.port()) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		Path dir = Files.createTempDirectory(targetDir(), "start"); //$NON-NLS-1$
		Path list = dir.resolve("list.csv"); //$NON-NLS-1$
		Files.writeString(list, "email\nreader1@autumn.test\nreader2@autumn.test\nreader3@autumn.test\nreader4@autumn.test\n"); //$NON-NLS-1$
		Path file = dir.resolve("autumn" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Autumn Letter", "news@company.com", "Autumn", "Hello.", "", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"", "list.csv", List.of(CampaignFile.ServerRef.of(relay)), "", Throttle.NONE)); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		CampaignJob job = CampaignRuns.get().start(file, CampaignFile.load(file, registry()), CampaignRunner.Mode.PENDING);
		job.join(TIMEOUT_MS, null);
		assertTrue(job.getResult() != null && job.getResult().isOK(), String.valueOf(job.getResult()));
		int delivered = strict.delivered().stream().mapToInt(List::size).sum();
		assertEquals(3, delivered, "SubEthaSMTP took three of the four"); //$NON-NLS-1$
		// What the bounce reader records when a DSN for user2 comes back.
		CampaignJournal.recordBounce(CampaignFile.ledgerFile(file), "reader2@autumn.test", "hard", "5.1.1", "User unknown"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$

		// Two mails to the local server over SMTP, through the sender service.
		MailServer localEntry = registry().add(MailServer.builder().name("Local Test").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(local.smtpPort()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		for (String subject : List.of("First arrival", "Second arrival")) { //$NON-NLS-1$ //$NON-NLS-2$
			MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()));
			m.setFrom(new InternetAddress("ann@example.org")); //$NON-NLS-1$
			m.addRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.org")); //$NON-NLS-1$
			m.setSubject(subject);
			m.setText("Kept by the local server."); //$NON-NLS-1$
			SendResult r = MailServices.sender().orElseThrow().send(m, localEntry, new NullProgressMonitor());
			assertTrue(r.allAccepted(), r::toString);
		}
		List<StoredMessage> stored = local.store().list();
		assertEquals(2, stored.size(), stored::toString);
		List<String> newestFirst = stored.stream()
				.sorted(java.util.Comparator.comparing(StoredMessage::date).reversed()).map(StoredMessage::subject).toList();

		StartPage start = StartPage.open(page());
		waitUntil(() -> "both sections are read: " + start.sectionLines(CAMPAIGNS) + " " + start.sectionLines(MAIL), //$NON-NLS-1$ //$NON-NLS-2$
				() -> start.isSectionShown(CAMPAIGNS) && start.isSectionShown(MAIL));
		List<String> campaigns = start.sectionLines(CAMPAIGNS);
		assertTrue(campaigns.get(0).startsWith("Autumn Letter  3 accepted \u00b7 0 deferred \u00b7 1 rejected \u00b7 0 unknown \u00b7 1 bounced \u00b7 0 suppressed"), //$NON-NLS-1$
				campaigns::toString);
		List<String> mail = start.sectionLines(MAIL);
		assertEquals(2, mail.size(), mail::toString);
		assertEquals(newestFirst, mail.stream().map(l -> l.substring(0, l.indexOf("  "))).toList()); //$NON-NLS-1$
		assertTrue(mail.stream().allMatch(l -> l.contains("  from ann@example.org to bob@example.org")), mail::toString); //$NON-NLS-1$
		screenshot(start.getSite().getShell(), "start-page"); //$NON-NLS-1$

		// The mail link shows the message in the Local Mail view.
		start.openSectionEntry(MAIL, newestFirst.indexOf("First arrival")); //$NON-NLS-1$
		LocalMailView localMail = (LocalMailView) page().findView(LocalMailView.ID);
		waitUntil(() -> "the Local Mail view selects the first arrival: " + localMail.selectedMessage(), //$NON-NLS-1$
				() -> localMail.selectedMessage().map(StoredMessage::subject).orElse("").equals("First arrival")); //$NON-NLS-1$ //$NON-NLS-2$

		// The campaign link opens its report, whose chart has the bounced bar; so has the progress view's.
		start.openSectionEntry(CAMPAIGNS, 0);
		CampaignReportView report = (CampaignReportView) page().findView(CampaignReportView.ID);
		waitUntil(() -> "the report chart shows the outcomes: " + report.chartCounts() + ", bounced " + report.chartBounced(), //$NON-NLS-1$ //$NON-NLS-2$
				() -> report.chartCounts().getOrDefault(DeliveryState.ACCEPTED, 0L) == 3 && report.chartBounced() == 1);
		assertEquals(1L, report.chartCounts().get(DeliveryState.REJECTED));
		CampaignProgressView progress = (CampaignProgressView) page().showView(CampaignProgressView.ID);
		waitUntil(() -> "the progress chart shows the outcomes: " + progress.chartCounts(file), //$NON-NLS-1$
				() -> progress.chartCounts(file).getOrDefault(DeliveryState.ACCEPTED, 0L) == 3 && progress.chartBounced(file) == 1);
		assertEquals(1L, progress.chartCounts(file).get(DeliveryState.REJECTED));
		screenshot(report, "campaign-report-bounced"); //$NON-NLS-1$
	}

	private static ServerRegistry registry() {
		return MailServices.registry();
	}
}
