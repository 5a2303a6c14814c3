package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.campaign.ui.internal.CampaignReportView;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalServerPreferences;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.ui.MailServices;

/**
 * A campaign run from the campaign editor through the local server with rehearsal rules (set as the preference page
 * stores them): the Campaign Report's counts and its chart's bars are the rules' effects, and only the accepted
 * recipients' mail is in the local server's store. The retries' first wait is 1 s here (the build sets
 * {@code bitfaster.retry.firstWaitSeconds}), so "defer twice" costs 3 s, not 90 s.
 */
class CampaignRehearsalUiTest {

	private static final String RULES = String.join("\n", //$NON-NLS-1$
			"*@bounce.test reject 550 at RCPT", //$NON-NLS-1$
			"slow@* defer 451 times 2", //$NON-NLS-1$
			"drop@* close after DATA", //$NON-NLS-1$
			""); //$NON-NLS-1$

	private LocalMailServer server;
	private IEclipsePreferences preferences;
	private Path dir;

	@BeforeEach
	void setUp() throws Exception {
		ErrorDialog.AUTOMATED_MODE = true;
		page().closeAllEditors(false);
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
		server = MailServices.find(LocalMailServer.class).orElseThrow(() -> new AssertionError("no local mail server")); //$NON-NLS-1$
		preferences = InstanceScope.INSTANCE.getNode(LocalServerPreferences.NODE);
		preferences.put(LocalServerPreferences.RULES, RULES);
		server.start();
		server.store().clear();
		dir = Files.createTempDirectory(targetDir(), "rehearsal"); //$NON-NLS-1$
	}

	@AfterEach
	void tearDown() {
		page().closeAllEditors(false);
		preferences.remove(LocalServerPreferences.RULES);
		if (server != null) {
			server.stop();
		}
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
	}

	@Test
	void theReportCountsWhatTheRulesDid() throws Exception {
		assertTrue(System.getProperty("bitfaster.retry.firstWaitSeconds") != null, "the build sets a short retry wait"); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer local = registry().add(MailServer.builder().name("Rehearsal").host(LocalMailServer.HOST) //$NON-NLS-1$
				.port(server.smtpPort()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		// A new bounce address each run: a 550 puts the address on the suppression list, which outlives a run.
		String bounced = "x" + System.nanoTime() + "@bounce.test"; //$NON-NLS-1$ //$NON-NLS-2$
		Path list = dir.resolve("list.csv"); //$NON-NLS-1$
		Files.writeString(list, "email,first_name\nann@example.org,Ann\nslow@example.org,Sam\n" + bounced //$NON-NLS-1$
				+ ",Xavier\ndrop@example.org,Dora\n", StandardCharsets.UTF_8); //$NON-NLS-1$
		Path file = dir.resolve("rehearsal" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Rehearsal", "news@company.test", "Hello {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}.", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(local)), "https://company.test/unsubscribe", Throttle.NONE)); //$NON-NLS-1$

		CampaignEditor editor = CampaignEditor.open(page(), file);
		waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
		assertEquals(Map.of(), editor.model().problems());
		long start = System.nanoTime();
		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		waitUntil("the run ends", () -> job.getResult() != null); //$NON-NLS-1$
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("CampaignRehearsalUiTest: the run took %d ms%n", millis); //$NON-NLS-1$
		// slow@ was deferred twice: the sender waited 1 s, then 2 s, before the attempt that was accepted.
		assertTrue(millis >= 3_000, "the run took " + millis + " ms, less than its two retry waits"); //$NON-NLS-1$ //$NON-NLS-2$

		editor.showReport();
		CampaignReportView view = (CampaignReportView) page().findView(CampaignReportView.ID);
		assertNotNull(view);
		CampaignReportPage report = new CampaignReportPage(view);
		// ann: accepted; slow: two 451s, then accepted on the third attempt; x@bounce.test: 550 at RCPT; drop: the
		// connection closed after the final dot, so nobody knows whether it was delivered.
		waitUntil(() -> "the report counts the rules' effects: " + report.counts(), //$NON-NLS-1$
				() -> report.counts().startsWith("4 recipients: 2 accepted, 0 deferred, 1 rejected, 1 unknown, 0 pending")); //$NON-NLS-1$
		waitUntil(() -> "the chart shows them: " + view.chartCounts(), //$NON-NLS-1$
				() -> view.chartCounts().get(DeliveryState.ACCEPTED) == 2);
		assertEquals(2L, view.chartCounts().get(DeliveryState.ACCEPTED));
		assertEquals(0L, view.chartCounts().get(DeliveryState.DEFERRED));
		assertEquals(1L, view.chartCounts().get(DeliveryState.REJECTED));
		assertEquals(1L, view.chartCounts().get(DeliveryState.UNKNOWN));
		assertEquals(0L, view.chartCounts().get(DeliveryState.PENDING));
		assertEquals(4L, view.chartCounts().values().stream().mapToLong(Long::longValue).sum());
		report.filterByOutcome("Rejected"); //$NON-NLS-1$
		waitUntil(() -> "the rejected row: " + report.addresses(), () -> report.addresses().equals(List.of(bounced)));
		report.filterByOutcome("Unknown"); //$NON-NLS-1$
		waitUntil(() -> "the unknown row: " + report.addresses(), //$NON-NLS-1$
				() -> report.addresses().equals(List.of("drop@example.org"))); //$NON-NLS-1$
		report.filterByOutcome("All outcomes"); //$NON-NLS-1$
		screenshot(view, "campaign-report-rehearsal"); //$NON-NLS-1$

		// The accepted mail is what the local server kept.
		assertEquals(List.of("ann@example.org", "slow@example.org"), server.store().list().stream() //$NON-NLS-1$ //$NON-NLS-2$
				.map(StoredMessage::mailbox).sorted().toList());
	}

	private static ServerRegistry registry() {
		return MailServices.registry();
	}
}
