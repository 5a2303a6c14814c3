package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static com.bitfaster.mail.ui.tests.UiTestSupport.registry;
import static com.bitfaster.mail.ui.tests.UiTestSupport.reset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.bitfaster.mail.tests.support.RejectingSmtpServer;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.overview.ServerOverviewRow;
import com.bitfaster.mail.ui.internal.overview.ServersOverviewView;
import com.bitfaster.mail.ui.internal.start.StartPage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The Servers overview after real sends through two servers: GreenMail accepting everything, SubEthaSMTP refusing two
 * recipients with 550. Its counts and success rates are what the peers saw; its last test is the connection test run.
 */
class ServersOverviewTest {

	private GreenMail greenMail;
	private RejectingSmtpServer strict;
	private Point size;

	@BeforeEach
	void setUp() {
		reset();
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		strict = new RejectingSmtpServer(List.of("bad1@example.org", "bad2@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
		Shell shell = page().getWorkbenchWindow().getShell();
		size = shell.getSize();
		shell.setSize(1280, 800);
		flush();
	}

	@AfterEach
	void tearDown() {
		Optional.ofNullable(page().findView(ServersOverviewView.ID)).ifPresent(v -> page().hideView(v));
		page().getWorkbenchWindow().getShell().setSize(size);
		strict.close();
		greenMail.stop();
		reset();
	}

	@Test
	void showsWhatThePeersSawAndTheLastTest() throws Exception {
		MailServer accepting = registry().add(MailServer.builder().name("Accepting Relay").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(greenMail.getSmtp().getPort()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer refusing = registry().add(MailServer.builder().name("Refusing Relay").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(strict.port()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		SenderService sender = MailServices.sender().orElseThrow();

		List<MimeMessage> toAccepting = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			toAccepting.add(message("a" + i + "@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
		}
		List<SendResult> accepted = sender.sendAll(toAccepting, List.of(accepting), null, new NullProgressMonitor());
		assertTrue(accepted.stream().allMatch(SendResult::allAccepted), accepted::toString);
		// One refused among two, one accepted alone, one refused alone (never reaches DATA), two accepted together.
		List<SendResult> mixed = sender.sendAll(List.of(message("ok1@example.org", "bad1@example.org"), //$NON-NLS-1$ //$NON-NLS-2$
				message("ok2@example.org"), message("bad2@example.org"), //$NON-NLS-1$ //$NON-NLS-2$
				message("ok3@example.org", "ok4@example.org")), List.of(refusing), null, new NullProgressMonitor()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(6, mixed.stream().mapToInt(r -> r.outcomes().size()).sum(), mixed::toString);
		DiagnosticReport test = MailServices.connectionTester().orElseThrow().test(accepting, null, null,
				new NullProgressMonitor());
		assertTrue(test.ok(), test::toString);

		// Opened from the start page's link, as a user would.
		StartPage start = StartPage.open(page());
		waitUntil("the start page is filled", start::isFilled); //$NON-NLS-1$
		start.openServersOverview();
		ServersOverviewView view = (ServersOverviewView) page().findView(ServersOverviewView.ID);
		// Window > Show View lists it, and it opens as a tab beside Local Mail, not as a new part of the window.
		assertTrue(java.util.Arrays.asList(page().getShowViewShortcuts()).contains(ServersOverviewView.ID));
		assertTrue(java.util.Arrays.stream(page().getViewStack(view))
				.anyMatch(v -> v.getViewSite().getId().equals("com.bitfaster.mail.localserver.ui.localMail")), //$NON-NLS-1$
				() -> "stacked with " + java.util.Arrays.toString(page().getViewStack(view))); //$NON-NLS-1$
		int peerAccepting = greenMail.getReceivedMessages().length;
		int peerRefusingAccepted = strict.delivered().stream().mapToInt(List::size).sum();
		assertEquals(4, peerAccepting);
		assertEquals(4, peerRefusingAccepted);
		waitUntil(() -> "the overview shows both servers' sends and the test: " + describe(view), //$NON-NLS-1$
				() -> row(view, "Accepting Relay").filter(r -> r.stats().accepted() == peerAccepting //$NON-NLS-1$
						&& r.stats().lastTest() != null).isPresent()
						&& row(view, "Refusing Relay").filter(r -> r.stats().recipients() == 6).isPresent()); //$NON-NLS-1$
		ServerOverviewRow good = row(view, "Accepting Relay").orElseThrow(); //$NON-NLS-1$
		ServerOverviewRow bad = row(view, "Refusing Relay").orElseThrow(); //$NON-NLS-1$
		assertEquals(0, good.stats().rejected());
		assertEquals(String.format("%.1f %%", 100.0), good.successRateText()); //$NON-NLS-1$
		assertTrue(good.testResultText().startsWith("passed"), good.testResultText()); //$NON-NLS-1$
		assertTrue(!good.lastTestText().equals("never"), good.lastTestText()); //$NON-NLS-1$
		assertTrue(good.stats().meanLatencyMillis() >= 0);
		assertEquals(peerRefusingAccepted, bad.stats().accepted(), "accepted as SubEthaSMTP delivered them"); //$NON-NLS-1$
		assertEquals(2, bad.stats().rejected(), "the two refused at RCPT"); //$NON-NLS-1$
		assertEquals(String.format("%.1f %%", 100.0 * 4 / 6), bad.successRateText()); //$NON-NLS-1$
		assertEquals("never", bad.lastTestText()); //$NON-NLS-1$
		assertEquals(4, bad.stats().recentSends().size(), "one attempt per message"); //$NON-NLS-1$
		screenshot(view, "servers-overview"); //$NON-NLS-1$

		// A new send shows up without reopening: the view follows the record's listener.
		int before = view.shownReadings();
		sender.sendAll(List.of(message("late@example.org")), List.of(accepting), null, new NullProgressMonitor()); //$NON-NLS-1$
		waitUntil(() -> "the new send is shown: " + describe(view), //$NON-NLS-1$
				() -> view.shownReadings() > before && row(view, "Accepting Relay") //$NON-NLS-1$
						.filter(r -> r.stats().accepted() == greenMail.getReceivedMessages().length).isPresent());
		assertEquals(5, greenMail.getReceivedMessages().length);
	}

	private static Optional<ServerOverviewRow> row(ServersOverviewView view, String name) {
		return view.rows().stream().filter(r -> r.name().equals(name)).findFirst();
	}

	private static String describe(ServersOverviewView view) {
		return view.rows().stream().map(r -> r.name() + ": " + r.stats().accepted() + "/" + r.stats().recipients() //$NON-NLS-1$ //$NON-NLS-2$
				+ " test " + r.testResultText()).toList() + " (" + view.statusText() + ")"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private static MimeMessage message(String... to) throws Exception {
		MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()));
		m.setFrom(new InternetAddress("sender@example.org")); //$NON-NLS-1$
		for (String address : to) {
			m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
		}
		m.setSubject("Overview " + String.join(",", to)); //$NON-NLS-1$ //$NON-NLS-2$
		m.setText("Counted by the Servers overview."); //$NON-NLS-1$
		return m;
	}
}
