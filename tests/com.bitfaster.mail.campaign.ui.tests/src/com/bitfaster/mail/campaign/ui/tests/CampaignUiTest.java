package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLock;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.DeliveryState;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.campaign.ui.internal.CampaignModel;
import com.bitfaster.mail.campaign.ui.internal.CampaignProgressView;
import com.bitfaster.mail.campaign.ui.internal.CampaignReportView;
import com.bitfaster.mail.campaign.ui.internal.FileChooser;
import com.bitfaster.mail.campaign.ui.internal.NewCampaignHandler;
import com.bitfaster.mail.campaign.ui.internal.OpenCampaignHandler;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.tests.support.CampaignLockHolder;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.ui.UserPrompts;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The campaign editor, progress view and report view in the running workbench, sending through the real sender
 * service and SMTP transport to GreenMail on a free loopback port, configured as a server in the registry.
 */
class CampaignUiTest {

	private static final int RECIPIENTS = 20;

	private GreenMail greenMail;
	private MailServer server;
	private MailServer spare;
	private Path dir;
	private Path answer;
	private ServiceRegistration<FileChooser> chooser;

	@BeforeEach
	void setUp() throws Exception {
		ErrorDialog.AUTOMATED_MODE = true;
		page().closeAllEditors(false);
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		int port = greenMail.getSmtp().getPort();
		server = registry().add(MailServer.builder().name("Campaign GreenMail").host("127.0.0.1").port(port) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").encryption("none") //$NON-NLS-1$ //$NON-NLS-2$
				.limits(new com.bitfaster.mail.core.ServerLimits(4, 100, 0)).build(), null);
		spare = registry().deactivate(registry().add(MailServer.builder().name("Spare Relay").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(1).transportType("smtp").encryption("none").build(), null).id()); //$NON-NLS-1$ //$NON-NLS-2$
		dir = Files.createTempDirectory(targetDir(), "campaign"); //$NON-NLS-1$
		// Answers where the user would pick a file in the native dialog, which is outside SWT's reach.
		FileChooser answering = (shell, save, extensions, suggested) -> Optional.ofNullable(answer);
		chooser = FrameworkUtil.getBundle(getClass()).getBundleContext().registerService(FileChooser.class, answering, null);
		flush();
	}

	@AfterEach
	void tearDown() {
		if (chooser != null) {
			chooser.unregister();
		}
		page().closeAllEditors(false);
		if (greenMail != null) {
			greenMail.stop();
		}
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
	}

	@Test
	void editorPreviewsSavesRunsAndTheViewsShowTheOutcome() throws Exception {
		Path list = list();
		Path file = dir.resolve("spring" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Spring", "news@company.com", "Offer for {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}, your code is {{code}}.", "<p>Hello {{first_name}}</p><p>Code {{code}}</p>", "", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				list.getFileName().toString(), List.of(CampaignFile.ServerRef.of(server)),
				"https://company.com/unsubscribe?u={{code}}", Throttle.NONE)); //$NON-NLS-1$

		CampaignEditor editor = CampaignEditor.open(page(), file);
		CampaignModel model = editor.model();
		waitUntil("the list is checked", () -> model.check() != null); //$NON-NLS-1$
		assertEquals(Map.of(), model.problems());
		assertFalse(editor.isDirty());

		// Recipients: the check's counts and the problem rows with their line numbers.
		RecipientsTab recipients = RecipientsTab.show(editor);
		assertTrue(recipients.summary().startsWith("22 rows: 20 valid, 1 duplicate, 1 invalid."), recipients.summary()); //$NON-NLS-1$
		assertEquals(List.of(new RecipientsTab.Row(6, "Invalid", "'not-an-address' is not a valid e-mail address."), //$NON-NLS-1$ //$NON-NLS-2$
				new RecipientsTab.Row(23, "Duplicate", "USER0@example.org appears earlier in the list; it is sent to once.")), //$NON-NLS-1$ //$NON-NLS-2$
				recipients.problemRows());
		screenshot(editor, "campaign-editor-recipients"); //$NON-NLS-1$

		// Template: the preview of recipient 3, its values HTML-escaped in the HTML body only.
		TemplateTab template = TemplateTab.show(editor);
		assertEquals(CampaignModel.PREVIEW_RECIPIENTS > RECIPIENTS ? RECIPIENTS : CampaignModel.PREVIEW_RECIPIENTS,
				template.offeredCount());
		template.previewRecipient(2);
		assertEquals("user2@example.org", template.previewAddress()); //$NON-NLS-1$
		assertEquals("Offer for Ann <2> & Co", template.previewSubject()); //$NON-NLS-1$
		assertEquals("Hello Ann <2> & Co, your code is C2.", template.previewText()); //$NON-NLS-1$
		assertEquals("<p>Hello Ann &lt;2&gt; &amp; Co</p><p>Code C2</p>", template.previewHtml()); //$NON-NLS-1$
		assertEquals("", template.previewProblem()); //$NON-NLS-1$
		screenshot(editor, "campaign-editor"); //$NON-NLS-1$

		// A merge field the list lacks: an error at the preview and in the heading; the preview is empty.
		Text subject = template.field("SUBJECT"); //$NON-NLS-1$
		subject.setText("Offer for {{nickname}}"); //$NON-NLS-1$
		flush();
		String missing = "The template uses fields the list does not have: nickname."; //$NON-NLS-1$
		assertEquals(missing, model.problems().get(CampaignModel.TEMPLATE));
		assertEquals(missing, template.previewProblem());
		assertEquals(missing, template.headingMessage());
		assertEquals("", template.previewSubject()); //$NON-NLS-1$
		screenshot(editor, "campaign-editor-missing-field"); //$NON-NLS-1$
		subject.setText("Offer for {{first_name}}"); //$NON-NLS-1$
		flush();
		assertEquals(Map.of(), model.problems());

		// The From field is checked as typed; the editor is dirty until saved, and Save writes the file.
		CampaignTab campaign = CampaignTab.show(editor);
		Text from = campaign.field("FROM"); //$NON-NLS-1$
		from.setText("news@"); //$NON-NLS-1$
		assertEquals("'news@' is not a valid sender address.", model.problems().get(CampaignModel.Field.FROM)); //$NON-NLS-1$
		from.setText("Spring News <news@company.com>"); //$NON-NLS-1$
		Text name = campaign.field("NAME"); //$NON-NLS-1$
		name.setText("Spring 2026"); //$NON-NLS-1$
		campaign.setThrottle(0, 5);
		assertTrue(editor.isDirty());
		assertTrue(campaign.serverRows().contains("[ ] Spare Relay \u2014 " + spare.address() + " (inactive)"), //$NON-NLS-1$ //$NON-NLS-2$
				campaign.serverRows().toString());
		screenshot(editor, "campaign-editor-campaign"); //$NON-NLS-1$
		editor.doSave(new org.eclipse.core.runtime.NullProgressMonitor());
		assertFalse(editor.isDirty());
		String json = Files.readString(file);
		assertTrue(json.contains("\"name\": \"Spring 2026\""), json); //$NON-NLS-1$
		assertTrue(json.contains("\"from\": \"Spring News <news@company.com>\""), json); //$NON-NLS-1$
		assertTrue(json.contains("\"batchSize\": 5"), json); //$NON-NLS-1$
		assertTrue(json.contains("\"list\": \"list.csv\""), json); //$NON-NLS-1$
		assertTrue(json.contains("\"id\": \"" + server.id() + "\""), json); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("Spring 2026", CampaignFile.read(file).name()); //$NON-NLS-1$

		// Run from the editor: every valid recipient gets one message.
		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		job.join(TIMEOUT_MS, null);
		if (job.getResult() == null) {
			Thread.getAllStackTraces().forEach((t, stack) -> {
				System.err.println("THREAD " + t.getName()); //$NON-NLS-1$
				for (StackTraceElement e : stack) {
					System.err.println("    at " + e); //$NON-NLS-1$
				}
			});
		}
		assertTrue(job.getResult() != null && job.getResult().isOK(), String.valueOf(job.getResult()));
		assertEquals(RECIPIENTS, greenMail.getReceivedMessages().length);
		Map<String, Integer> perRecipient = new HashMap<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			perRecipient.merge(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress(), 1, Integer::sum);
		}
		assertEquals(RECIPIENTS, perRecipient.size());
		assertTrue(perRecipient.values().stream().allMatch(n -> n == 1));

		// The progress view: finished, the bar full.
		CampaignProgressView progressView = (CampaignProgressView) page().showView(CampaignProgressView.ID);
		CampaignProgressPage progress = new CampaignProgressPage(progressView);
		waitUntil(() -> "progress view shows the campaign finished: " + progress.status(file), //$NON-NLS-1$
				() -> progress.status(file).orElse("").startsWith("Finished: 20 sent, 0 failed")); //$NON-NLS-1$ //$NON-NLS-2$
		CampaignProgressPage.Bar bar = progress.bar(file).orElseThrow();
		assertEquals(bar.maximum(), bar.selection(), "the bar is full"); //$NON-NLS-1$
		screenshot(progressView, "campaign-progress"); //$NON-NLS-1$

		// The report view: 20 accepted, filtered by text and by outcome, exported as CSV.
		editor.showReport();
		CampaignReportView reportView = (CampaignReportView) page().findView(CampaignReportView.ID);
		assertNotNull(reportView);
		CampaignReportPage report = new CampaignReportPage(reportView);
		// The view reads the ledger in the background, and again when a filter changes: wait until it shows the rows.
		waitUntil(() -> "report shows 20 accepted: " + report.counts(), //$NON-NLS-1$
				() -> report.counts().startsWith("20 recipients: 20 accepted, 0 deferred, 0 rejected, 0 unknown, 0 pending")); //$NON-NLS-1$
		assertChartIsTheLedger(reportView, file, RECIPIENTS);
		assertEquals(RECIPIENTS, reportView.chartCounts().get(DeliveryState.ACCEPTED).intValue());
		assertShows(report, "all 20", addresses -> addresses.size() == RECIPIENTS); //$NON-NLS-1$
		report.filterByText("user7@"); //$NON-NLS-1$
		assertShows(report, "user7 only", List.of("user7@example.org")::equals); //$NON-NLS-1$ //$NON-NLS-2$
		report.filterByText(""); //$NON-NLS-1$
		report.filterByOutcome("Rejected"); //$NON-NLS-1$
		assertShows(report, "no row", List.of()::equals); //$NON-NLS-1$
		report.filterByOutcome("Accepted"); //$NON-NLS-1$
		assertShows(report, "all 20", addresses -> addresses.size() == RECIPIENTS); //$NON-NLS-1$
		report.filterByText("user1"); //$NON-NLS-1$
		assertShows(report, "user1 and user10 to user19", addresses -> addresses.size() == 11); //$NON-NLS-1$
		screenshot(reportView, "campaign-report"); //$NON-NLS-1$
		answer = dir.resolve("report.csv"); //$NON-NLS-1$
		report.exportCsv();
		List<String> csv = Files.readAllLines(answer);
		assertEquals(RECIPIENTS + 1, csv.size());
		assertEquals("address,state,code,reply", csv.get(0)); //$NON-NLS-1$
	}

	@Test
	void newCampaignCommandWritesTheFileAndTheEditorSaysWhatIsMissing() throws Exception {
		answer = dir.resolve("autumn"); //$NON-NLS-1$
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(NewCampaignHandler.COMMAND_ID, null);
		flush();
		Path file = dir.resolve("autumn" + CampaignFile.EXTENSION); //$NON-NLS-1$
		assertTrue(Files.exists(file));
		assertTrue(page().getActiveEditor() instanceof CampaignEditor);
		CampaignEditor editor = (CampaignEditor) page().getActiveEditor();
		assertEquals("autumn", editor.getPartName()); //$NON-NLS-1$
		CampaignTab campaign = CampaignTab.show(editor);
		assertEquals(List.of(CampaignModel.Field.FROM, CampaignModel.Field.LIST, CampaignModel.Field.SUBJECT,
				CampaignModel.BODY, CampaignModel.SERVERS), List.copyOf(editor.model().problems().keySet()));
		assertEquals(List.of("[ ] Campaign GreenMail \u2014 " + server.address(), //$NON-NLS-1$
				"[ ] Spare Relay \u2014 " + spare.address() + " (inactive)"), campaign.serverRows()); //$NON-NLS-1$ //$NON-NLS-2$
		campaign.choose(server, true);
		assertFalse(editor.model().problems().containsKey(CampaignModel.SERVERS));
		assertTrue(editor.isDirty());
		editor.doSave(new org.eclipse.core.runtime.NullProgressMonitor());
		assertEquals(List.of(CampaignFile.ServerRef.of(server)), CampaignFile.read(file).servers());

		// Open Campaign... on the same file activates the editor that has it.
		page().closeAllEditors(false);
		answer = file;
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(OpenCampaignHandler.COMMAND_ID, null);
		flush();
		assertTrue(page().getActiveEditor() instanceof CampaignEditor reopened && reopened.model().file().equals(file));
		assertEquals(List.of(CampaignFile.ServerRef.of(server)), ((CampaignEditor) page().getActiveEditor()).model().servers());
	}

	@Test
	void theListFieldSaysWhyAFolderADeviceOrAPipeIsNoList() throws Exception {
		Path folder = Files.createDirectory(dir.resolve("a-folder")); //$NON-NLS-1$
		Path fifo = dir.resolve("list.fifo"); //$NON-NLS-1$
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start(); //$NON-NLS-1$
		assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes()));
		Path file = dir.resolve("odd" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Odd", "news@company.com", "Hi", "Hello", "", "", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
				folder.toString(), List.of(CampaignFile.ServerRef.of(server)), "", Throttle.NONE)); //$NON-NLS-1$

		CampaignEditor editor = CampaignEditor.open(page(), file);
		RecipientsTab recipients = RecipientsTab.show(editor);
		// The same words as the runner and the command line, at the field and in the heading.
		String notRegular = " is not a regular file but a device, a pipe or a socket; choose a file."; //$NON-NLS-1$
		assertListProblem(editor, recipients, folder + " is a folder; choose a file."); //$NON-NLS-1$
		Text list = recipients.field("LIST"); //$NON-NLS-1$
		list.setText("/dev/zero"); //$NON-NLS-1$
		flush();
		assertListProblem(editor, recipients, "/dev/zero" + notRegular); //$NON-NLS-1$
		list.setText(fifo.toString());
		flush();
		assertListProblem(editor, recipients, fifo + notRegular);
		screenshot(editor, "campaign-editor-list-not-a-file"); //$NON-NLS-1$
		assertEquals(null, editor.model().checkJob(), "no check is started on a file that is not a list"); //$NON-NLS-1$
	}

	private static void assertListProblem(CampaignEditor editor, RecipientsTab recipients, String message) {
		assertEquals(Map.of(CampaignModel.Field.LIST, message), editor.model().problems());
		assertEquals(message, recipients.headingMessage());
		assertEquals(message, recipients.summary(), "instead of 'Checking the list...'"); //$NON-NLS-1$
	}

	@Test
	void aCampaignPausedInTheProgressViewResumesWithoutSendingTwice() throws Exception {
		Path list = list();
		Path file = dir.resolve("paced" + CampaignFile.EXTENSION); //$NON-NLS-1$
		// 36,000 an hour, two at a time: a batch every 0.2 s, so there is time to pause.
		CampaignFile.write(file, new CampaignFile.Contents("Paced", "news@company.com", "Hi {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(server)), "", new Throttle(36_000, 2))); //$NON-NLS-1$
		CampaignEditor editor = CampaignEditor.open(page(), file);
		waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		CampaignProgressPage progress = new CampaignProgressPage(
				(CampaignProgressView) page().showView(CampaignProgressView.ID));
		waitUntil("the first batch is sent", () -> greenMail.getReceivedMessages().length >= 2); //$NON-NLS-1$
		waitUntil("Pause pressed in the progress view", () -> progress.pause(file)); //$NON-NLS-1$
		job.join(TIMEOUT_MS, null);
		assertTrue(job.isPaused());
		int sent = greenMail.getReceivedMessages().length;
		assertTrue(sent < RECIPIENTS, "paused before the end: " + sent); //$NON-NLS-1$
		waitUntil(() -> "the view says paused: " + progress.status(file), //$NON-NLS-1$
				() -> progress.status(file).orElse("").startsWith("Paused: ")); //$NON-NLS-1$ //$NON-NLS-2$

		waitUntil("Resume pressed in the progress view", () -> progress.resume(file)); //$NON-NLS-1$
		CampaignJob resumed = com.bitfaster.mail.campaign.ui.internal.CampaignRuns.get().find(file).orElseThrow();
		resumed.join(TIMEOUT_MS, null);
		assertTrue(resumed.getResult() != null && resumed.getResult().isOK(), String.valueOf(resumed.getResult()));
		Map<String, Integer> perRecipient = new HashMap<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			perRecipient.merge(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress(), 1, Integer::sum);
		}
		assertEquals(RECIPIENTS, perRecipient.size(), "no one skipped"); //$NON-NLS-1$
		assertTrue(perRecipient.values().stream().allMatch(n -> n == 1), "no one twice: " + perRecipient); //$NON-NLS-1$
		waitUntil(() -> "the view says finished: " + progress.status(file), //$NON-NLS-1$
				() -> progress.status(file).orElse("").startsWith("Finished: ")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void thePolicyFieldsAreCheckedAsTypedAndACampaignOutsideItsWindowSaysUntilWhenInTheProgressView() throws Exception {
		Path list = list();
		Path file = dir.resolve("window" + CampaignFile.EXTENSION); //$NON-NLS-1$
		// A window on tomorrow only (in Berlin): closed now.
		String tomorrow = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin")).getDayOfWeek().plus(1) //$NON-NLS-1$
				.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
		CampaignFile.write(file, new CampaignFile.Contents("Windowed", "news@company.com", "Hi {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(server)), "", Throttle.NONE, //$NON-NLS-1$
				new com.bitfaster.mail.campaign.SendingPolicy(Map.of("gmail.com", 100, "*", 600), //$NON-NLS-1$ //$NON-NLS-2$
						com.bitfaster.mail.campaign.SendWindow.parse(tomorrow, "09:00", "17:00", "Europe/Berlin"), null))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		CampaignEditor editor = CampaignEditor.open(page(), file);
		waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
		CampaignTab campaign = CampaignTab.show(editor);
		Text limits = campaign.field("DOMAIN_LIMITS"); //$NON-NLS-1$
		assertTrue(limits.getText().contains("gmail.com=100"), limits.getText()); //$NON-NLS-1$
		limits.setText("gmail.com=lots"); //$NON-NLS-1$
		assertEquals("\"gmail.com=lots\" is not a domain limit: write domain=messages per minute, for example gmail.com=100, *=600.", //$NON-NLS-1$
				editor.model().problems().get(CampaignModel.Field.DOMAIN_LIMITS));
		limits.setText("gmail.com=100, *=600"); //$NON-NLS-1$
		Text zone = campaign.field("WINDOW_ZONE"); //$NON-NLS-1$
		zone.setText("Europe/Berln"); //$NON-NLS-1$
		assertEquals("\"Europe/Berln\" is not a time zone: use an IANA id such as Europe/Berlin, or \"recipient\".", //$NON-NLS-1$
				editor.model().problems().get(CampaignModel.Field.WINDOW_ZONE));
		zone.setText("Europe/Berlin"); //$NON-NLS-1$
		Text start = campaign.field("START_AT"); //$NON-NLS-1$
		start.setText("tomorrow"); //$NON-NLS-1$
		assertEquals("\"startAt\" must be an ISO-8601 instant such as 2026-12-01T08:30:00Z, not \"tomorrow\".", //$NON-NLS-1$
				editor.model().problems().get(CampaignModel.Field.START_AT));
		start.setText(""); //$NON-NLS-1$
		flush();
		assertEquals(Map.of(), editor.model().problems());
		assertFalse(editor.isDirty(), "the same policy as saved"); //$NON-NLS-1$
		screenshot(editor, "campaign-editor-policy"); //$NON-NLS-1$

		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		CampaignProgressView progressView = (CampaignProgressView) page().showView(CampaignProgressView.ID);
		CampaignProgressPage progress = new CampaignProgressPage(progressView);
		waitUntil(() -> "the view says until when it waits: " + progress.status(file), //$NON-NLS-1$
				() -> progress.status(file).orElse("").contains("Waiting for the send window: " + tomorrow + " 09:00 Europe/Berlin (in ")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		screenshot(progressView, "campaign-progress-waiting-for-window"); //$NON-NLS-1$
		assertEquals(0, greenMail.getReceivedMessages().length);
		job.pause();
		job.join(TIMEOUT_MS, null);
		assertTrue(job.isPaused());
		assertEquals(0, greenMail.getReceivedMessages().length);
	}

	@Test
	void theReportFollowsARunningCampaign() throws Exception {
		Path list = list();
		Path file = dir.resolve("slow" + CampaignFile.EXTENSION); //$NON-NLS-1$
		// 3,600 an hour, one at a time: a message a second, so the run is still going while the report is read.
		CampaignFile.write(file, new CampaignFile.Contents("Slow", "news@company.com", "Hi {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(server)), "", new Throttle(3_600, 1))); //$NON-NLS-1$
		CampaignEditor editor = CampaignEditor.open(page(), file);
		waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		try {
			editor.showReport();
			CampaignReportPage report = new CampaignReportPage((CampaignReportView) page().findView(CampaignReportView.ID));
			waitUntil(() -> "the report counts sends while the run goes on: " + report.counts(), //$NON-NLS-1$
					() -> job.getState() == org.eclipse.core.runtime.jobs.Job.RUNNING && report.accepted() >= 2);
			assertTrue(report.accepted() < RECIPIENTS, report.counts());
		} finally {
			job.cancel();
			job.join(TIMEOUT_MS, null);
		}
	}

	/**
	 * Another process runs the campaign (the command line): it holds the campaign's operating-system lock. The editor
	 * says so before it starts anything, and a run started anyway ends at once, "Not started", naming the holder;
	 * nothing reaches the server.
	 */
	@Test
	void aCampaignAnotherProcessIsSendingIsNotStartedAndTheEditorSaysWhoHasIt() throws Exception {
		Path list = list();
		Path file = dir.resolve("locked" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Locked", "news@company.com", "Hi {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(server)), "", Throttle.NONE)); //$NON-NLS-1$
		Path lockFile = CampaignLock.lockFile(CampaignFile.ledgerFile(file));
		CampaignLockHolder holder = CampaignLockHolder.start(lockFile, dir);
		try {
			CampaignEditor editor = CampaignEditor.open(page(), file);
			waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
			String[] said = new String[1];
			Display display = display();
			display.timerExec(100, new Runnable() {
				@Override
				public void run() {
					for (Shell shell : display.getShells()) {
						if ("Campaign Already Running".equals(shell.getText())) { //$NON-NLS-1$
							said[0] = labels(shell);
							try {
								screenshot(shell, "campaign-locked-dialog"); //$NON-NLS-1$
							} catch (Exception e) {
								said[0] += e;
							}
							shell.close();
							return;
						}
					}
					display.timerExec(100, this);
				}
			});
			assertEquals(null, editor.run(CampaignRunner.Mode.PENDING));
			assertNotNull(said[0], "no dialog said why"); //$NON-NLS-1$
			assertTrue(said[0].contains("process " + holder.pid() + " on "), said[0]); //$NON-NLS-1$ //$NON-NLS-2$

			// A run that got past the check (started a moment before the other): the job itself refuses.
			Campaign campaign = CampaignFile.load(file, registry());
			CampaignJob job = com.bitfaster.mail.campaign.ui.internal.CampaignRuns.get().start(file, campaign,
					CampaignRunner.Mode.PENDING);
			job.join(TIMEOUT_MS, null);
			assertEquals(CampaignJob.LOCKED, job.getResult().getCode(), String.valueOf(job.getResult()));
			CampaignTab campaignTab = CampaignTab.show(editor);
			waitUntil(() -> "the editor says who holds it: " + campaignTab.status(), //$NON-NLS-1$
					() -> campaignTab.status().startsWith("Not started: The campaign is being sent by another run: process " //$NON-NLS-1$
							+ holder.pid()));
			screenshot(editor.getSite().getShell(), "campaign-locked-editor"); //$NON-NLS-1$
			assertEquals(0, greenMail.getReceivedMessages().length);
		} finally {
			holder.close();
		}
		// The holder is gone (its lock with it): the campaign runs.
		CampaignJob job = CampaignEditor.open(page(), file).run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		job.join(TIMEOUT_MS, null);
		assertTrue(job.getResult().isOK(), String.valueOf(job.getResult()));
		assertEquals(RECIPIENTS, greenMail.getReceivedMessages().length);
	}

	/**
	 * Resend Unknown... in the report view: enabled while recipients are unknown; it asks first, saying how many and
	 * that some may get a second copy (the real dialog, closed: nothing is sent; the prompts service answering no:
	 * nothing either), and once the user says yes it sends to the unknown recipients, each once, and to no one else.
	 */
	@Test
	void resendUnknownAsksFirstThenSendsToTheUnknownRecipientsOnly() throws Exception {
		Path list = list();
		Path file = dir.resolve("unknown" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Unknown", "news@company.com", "Hi {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello {{first_name}}", "", "", "", list.getFileName().toString(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(CampaignFile.ServerRef.of(server)), "", Throttle.NONE)); //$NON-NLS-1$
		// A run that died with five intents written and no outcome for them, after three recipients were accepted.
		List<String> accepted = List.of("user0@example.org", "user1@example.org", "user2@example.org"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		List<String> unknown = List.of("user3@example.org", "user4@example.org", "user5@example.org", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"user6@example.org", "user7@example.org"); //$NON-NLS-1$ //$NON-NLS-2$
		try (CampaignLedger ledger = CampaignLedger.forCampaign(file)) {
			ledger.beginRun(CampaignRunner.Mode.PENDING.name(), null, RECIPIENTS);
			ledger.begin(accepted);
			ledger.sync();
			for (String a : accepted) {
				ledger.record(a, DeliveryState.ACCEPTED, 250, "Ok"); //$NON-NLS-1$
			}
			ledger.begin(unknown);
			ledger.sync();
		}
		CampaignReportView view = (CampaignReportView) page().showView(CampaignReportView.ID);
		view.show(file);
		CampaignReportPage report = new CampaignReportPage(view);
		waitUntil(() -> "the report counts five unknown: " + report.counts(), //$NON-NLS-1$
				() -> report.counts().startsWith("20 recipients: 3 accepted, 0 deferred, 0 rejected, 5 unknown, 12 pending")); //$NON-NLS-1$
		assertChartIsTheLedger(view, file, 20);
		assertEquals(5L, view.chartCounts().get(DeliveryState.UNKNOWN).longValue());
		assertTrue(report.canResendUnknown());
		report.filterByText(""); //$NON-NLS-1$
		report.filterByOutcome("Unknown"); //$NON-NLS-1$
		assertShows(report, "the five unknown", addresses -> Set.copyOf(addresses).equals(Set.copyOf(unknown))); //$NON-NLS-1$
		screenshot(view, "campaign-report-unknown"); //$NON-NLS-1$

		// The dialog a user sees, closed without saying yes.
		String[] said = new String[1];
		Display display = display();
		display.timerExec(100, new Runnable() {
			@Override
			public void run() {
				for (Shell shell : display.getShells()) {
					if ("Resend to Unknown Recipients".equals(shell.getText())) { //$NON-NLS-1$
						said[0] = labels(shell);
						try {
							screenshot(shell, "campaign-resend-unknown-dialog"); //$NON-NLS-1$
						} catch (Exception e) {
							said[0] += e;
						}
						shell.close();
						return;
					}
				}
				display.timerExec(100, this);
			}
		});
		report.resendUnknown();
		assertNotNull(said[0], "no dialog asked"); //$NON-NLS-1$
		assertTrue(said[0].contains("5 recipients are unknown") && said[0].contains("some of them may get a second copy"), //$NON-NLS-1$ //$NON-NLS-2$
				said[0]);
		assertTrue(com.bitfaster.mail.campaign.ui.internal.CampaignRuns.get().find(file).isEmpty(), "a run started"); //$NON-NLS-1$

		AnsweringPrompts prompts = new AnsweringPrompts();
		ServiceRegistration<UserPrompts> registration = FrameworkUtil.getBundle(getClass()).getBundleContext()
				.registerService(UserPrompts.class, prompts, null);
		try {
			prompts.answer = false;
			report.resendUnknown();
			assertEquals(1, prompts.questions.size());
			assertTrue(com.bitfaster.mail.campaign.ui.internal.CampaignRuns.get().find(file).isEmpty(), "a run started"); //$NON-NLS-1$
			assertEquals(0, greenMail.getReceivedMessages().length);

			prompts.answer = true;
			report.resendUnknown();
			assertEquals(2, prompts.questions.size());
			assertTrue(prompts.questions.get(1).contains("5 recipients are unknown"), prompts.questions.get(1)); //$NON-NLS-1$
		} finally {
			registration.unregister();
		}
		CampaignJob job = com.bitfaster.mail.campaign.ui.internal.CampaignRuns.get().find(file).orElseThrow();
		job.join(TIMEOUT_MS, null);
		assertTrue(job.getResult() != null && job.getResult().isOK(), String.valueOf(job.getResult()));
		Map<String, Integer> perRecipient = new java.util.TreeMap<>();
		for (MimeMessage m : greenMail.getReceivedMessages()) {
			perRecipient.merge(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress(), 1, Integer::sum);
		}
		Map<String, Integer> once = new java.util.TreeMap<>();
		unknown.forEach(a -> once.put(a, 1));
		assertEquals(once, perRecipient, "the unknown recipients, once each, and no one else"); //$NON-NLS-1$
		waitUntil(() -> "the report follows the run: " + report.counts(), //$NON-NLS-1$
				() -> report.counts().startsWith("20 recipients: 8 accepted, 0 deferred, 0 rejected, 0 unknown, 12 pending")); //$NON-NLS-1$
		assertFalse(report.canResendUnknown(), "no one is unknown any more"); //$NON-NLS-1$
	}

	/** Answers every confirmation with {@link #answer} and keeps the questions asked. */
	private static final class AnsweringPrompts implements UserPrompts {
		volatile boolean answer;
		final List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public boolean confirm(Shell shell, String title, String message) {
			questions.add(title + ": " + message); //$NON-NLS-1$
			return answer;
		}

		@Override
		public Optional<java.time.Instant> askInstant(Shell shell, String title, String message, java.time.Instant initial) {
			throw new AssertionError("not asked here: " + title); //$NON-NLS-1$
		}

		@Override
		public Optional<Path> askFile(Shell shell, boolean save, String suggestedName) {
			throw new AssertionError("not asked here: " + suggestedName); //$NON-NLS-1$
		}

		@Override
		public void inform(Shell shell, String title, String message, List<String> details) {
			throw new AssertionError("not told here: " + title + ": " + message); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	private static String labels(Composite parent) {
		StringBuilder sb = new StringBuilder();
		for (Control c : parent.getChildren()) {
			if (c instanceof org.eclipse.swt.widgets.Label label) {
				sb.append(label.getText()).append('\n');
			} else if (c instanceof Composite composite) {
				sb.append(labels(composite));
			}
		}
		return sb.toString();
	}

	// --- support ---

	private Path list() throws IOException {
		Path file = dir.resolve("list.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("email,first_name,code\n"); //$NON-NLS-1$
			for (int i = 0; i < RECIPIENTS; i++) {
				if (i == 4) {
					w.write("not-an-address,Nobody,X\n"); // line 6 //$NON-NLS-1$
				}
				String first = i == 2 ? "\"Ann <2> & Co\"" : "Reader " + i; //$NON-NLS-1$ //$NON-NLS-2$
				w.write("user" + i + "@example.org," + first + ",C" + i + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
			w.write("USER0@example.org,Again,C0\n"); // line 23 //$NON-NLS-1$
		}
		return file;
	}

	private static ServerRegistry registry() {
		return com.bitfaster.mail.ui.MailServices.registry();
	}

	/**
	 * Waits until the report's table shows rows that {@code expected} accepts (the view reads them in the background
	 * when a filter changes); fails with the rows it shows.
	 */
	private static void assertShows(CampaignReportPage report, String what, Predicate<List<String>> expected) {
		waitUntil(() -> "the report shows " + what + ", not " + report.addresses(), //$NON-NLS-1$ //$NON-NLS-2$
				() -> expected.test(report.addresses()));
	}

	/** The report's chart shows, state by state, what the campaign's ledger holds. */
	private static void assertChartIsTheLedger(CampaignReportView view, Path file, long recipients) throws Exception {
		com.bitfaster.mail.campaign.CampaignReport ledger = com.bitfaster.mail.campaign.CampaignReport
				.read(com.bitfaster.mail.campaign.CampaignFile.ledgerFile(file), recipients);
		waitUntil(() -> "the chart shows the ledger's counts " + ledger.counts() + ": " + view.chartCounts(), //$NON-NLS-1$ //$NON-NLS-2$
				() -> view.chartCounts().entrySet().stream().allMatch(e -> e.getValue() == ledger.count(e.getKey())));
		assertEquals(recipients, view.chartCounts().values().stream().mapToLong(Long::longValue).sum());
	}
}
