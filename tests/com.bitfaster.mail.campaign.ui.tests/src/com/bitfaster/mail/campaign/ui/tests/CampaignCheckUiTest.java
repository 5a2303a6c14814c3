package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jface.dialogs.ErrorDialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.tests.support.Dnsmasq;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.LoopbackGreenMail;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The campaign editor's Check page and the check before Run, in the running workbench: the From domain served by
 * dnsmasq on loopback (an SPF record needing 11 lookups, which blocks), spamd not running (the finding says how to
 * start it), GreenMail on loopback as the server. Run with the blocking finding asks; "Don't Send" sends nothing,
 * "Send Anyway" sends to every recipient.
 */
class CampaignCheckUiTest {

	private static final int RECIPIENTS = 12;

	private GreenMail greenMail;
	private Dnsmasq dns;
	private MailServer server;
	private Path dir;

	@BeforeEach
	void setUp() throws Exception {
		ErrorDialog.AUTOMATED_MODE = true;
		page().closeAllEditors(false);
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
		greenMail = LoopbackGreenMail.start(ServerSetup.PROTOCOL_SMTP);
		server = registry().add(MailServer.builder().name("Check GreenMail").host("127.0.0.1") //$NON-NLS-1$ //$NON-NLS-2$
				.port(greenMail.getSmtp().getPort()).transportType("smtp").encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		dir = Files.createTempDirectory(targetDir(), "check"); //$NON-NLS-1$
		List<String> records = new ArrayList<>();
		StringBuilder spf = new StringBuilder("v=spf1"); //$NON-NLS-1$
		for (int i = 1; i <= 11; i++) {
			spf.append(" include:inc").append(i).append(".pf.test"); //$NON-NLS-1$ //$NON-NLS-2$
			records.add(Dnsmasq.txt("inc" + i + ".pf.test", "v=spf1 ip4:192.0.2." + (100 + i) + " -all")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
		records.add(Dnsmasq.txt("shop.pf.test", spf.append(" -all").toString())); //$NON-NLS-1$ //$NON-NLS-2$
		records.add(Dnsmasq.txt("_dmarc.shop.pf.test", "v=DMARC1; p=none; rua=mailto:dmarc@shop.pf.test")); //$NON-NLS-1$ //$NON-NLS-2$
		records.add("--mx-host=shop.pf.test,mx.shop.pf.test,10"); //$NON-NLS-1$
		records.add("--host-record=mx.shop.pf.test,192.0.2.10"); //$NON-NLS-1$
		dns = Dnsmasq.start(dir, "test", records); //$NON-NLS-1$
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, dns.server());
		System.setProperty(PreflightCheck.SPAMD_PROPERTY, Loopback.HOST + ":" + Loopback.freePort()); //$NON-NLS-1$
		flush();
	}

	@AfterEach
	void tearDown() throws Exception {
		System.clearProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		System.clearProperty(PreflightCheck.SPAMD_PROPERTY);
		page().closeAllEditors(false);
		if (greenMail != null) {
			greenMail.stop();
		}
		if (dns != null) {
			dns.close();
		}
		for (MailServer s : registry().servers()) {
			registry().delete(s.id());
		}
	}

	@Test
	void theCheckPageListsFindingsAndRunAsksBeforeSending() throws Exception {
		Path list = dir.resolve("list.csv"); //$NON-NLS-1$
		StringBuilder csv = new StringBuilder("email,first_name\n"); //$NON-NLS-1$
		for (int i = 0; i < RECIPIENTS; i++) {
			csv.append("reader").append(i).append("@example.org,").append(i % 4 == 1 ? "" : "Reader " + i).append('\n'); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		}
		Files.writeString(list, csv);
		Path file = dir.resolve("spring" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.write(file, new CampaignFile.Contents("Spring Sale", "news@shop.pf.test", "Spring offers for {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"", "<p>Hello {{first_name}}, see <a href=\"http://shop.pf.test/spring\">our offers</a>.</p><img src=\"https://shop.pf.test/tulip.png\">", //$NON-NLS-1$ //$NON-NLS-2$
				"", "", "list.csv", List.of(CampaignFile.ServerRef.of(server)), "https://shop.pf.test/u?e={{email}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				Throttle.NONE));

		CampaignEditor editor = CampaignEditor.open(page(), file);
		waitUntil("the list is checked", () -> editor.model().check() != null); //$NON-NLS-1$
		CheckTab check = CheckTab.show(editor);
		assertTrue(check.summary().startsWith("Not checked yet"), check.summary()); //$NON-NLS-1$
		check.checkNow();
		waitUntil(() -> "the check is shown: " + check.summary(), () -> editor.lastCheck() != null //$NON-NLS-1$
				&& check.summary().startsWith("1 block,")); //$NON-NLS-1$
		List<CheckTab.Row> rows = check.rows();
		assertEquals("Blocks", rows.get(0).severity(), rows.toString()); //$NON-NLS-1$
		assertTrue(rows.get(0).finding().startsWith("The SPF record of shop.pf.test needs 11 DNS lookups"), rows.toString()); //$NON-NLS-1$
		assertEquals("TXT shop.pf.test", rows.get(0).where()); //$NON-NLS-1$
		assertTrue(rows.stream().allMatch(CheckTab.Row::hasIcon), "every row has its severity icon"); //$NON-NLS-1$
		assertTrue(rows.stream().anyMatch(r -> r.severity().equals("Warns") //$NON-NLS-1$
				&& r.finding().equals("{{first_name}} is empty for 3 of 12 recipients, so they get the text around it with nothing in its place.") //$NON-NLS-1$
				&& r.where().equals("list.csv, column first_name, first on line 3")), rows.toString()); //$NON-NLS-1$
		assertTrue(rows.stream().anyMatch(r -> r.finding().startsWith("1 link(s) use http instead of https")), rows.toString()); //$NON-NLS-1$
		assertTrue(rows.stream().anyMatch(r -> r.finding().startsWith("1 image(s) have no alt text")), rows.toString()); //$NON-NLS-1$
		assertTrue(rows.stream().anyMatch(r -> r.severity().equals("Info") && r.fix().contains("systemctl enable --now spamd")), //$NON-NLS-1$ //$NON-NLS-2$
				rows.toString());
		// The first finding in full below the table, where the cells cut it.
		assertEquals("Blocks: " + rows.get(0).finding() + "\nHow to fix it: " + rows.get(0).fix() + "\nWhere: TXT shop.pf.test", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				check.detail());
		assertTrue(check.detail().contains("more than 10 is an error (permerror), so SPF fails for every message."), check.detail()); //$NON-NLS-1$
		screenshot(editor, "campaign-editor-check"); //$NON-NLS-1$

		// Run: the check blocks, the editor asks; "Don't Send" sends nothing and shows the Check page.
		AtomicInteger asked = new AtomicInteger();
		editor.answerBlockedCheck(report -> {
			asked.incrementAndGet();
			return false;
		});
		CampaignTab.show(editor);
		assertNull(editor.run(CampaignRunner.Mode.PENDING));
		assertEquals(1, asked.get());
		assertEquals("check", editor.getActivePageInstance().getId()); //$NON-NLS-1$
		assertEquals(0, greenMail.getReceivedMessages().length);
		assertTrue(!Files.exists(CampaignFile.ledgerFile(file)), "nothing was recorded"); //$NON-NLS-1$

		// "Send Anyway": every recipient gets one message.
		editor.answerBlockedCheck(report -> {
			asked.incrementAndGet();
			return true;
		});
		CampaignJob job = editor.run(CampaignRunner.Mode.PENDING);
		assertNotNull(job);
		assertEquals(2, asked.get());
		job.join(TIMEOUT_MS, null);
		assertTrue(job.getResult() != null && job.getResult().isOK(), String.valueOf(job.getResult()));
		assertEquals(RECIPIENTS, greenMail.getReceivedMessages().length);
	}

	private static ServerRegistry registry() {
		return com.bitfaster.mail.ui.MailServices.registry();
	}
}
