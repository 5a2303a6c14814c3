package com.bitfaster.mail.preflight.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.preflight.Draft;
import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.preflight.Severity;

import jakarta.mail.internet.InternetAddress;

/** The message, header and list checks: no network (only {@link PreflightCheck.Area#MESSAGE}). */
class MessageChecksTest {

	private static final Set<PreflightCheck.Area> MESSAGE = EnumSet.of(PreflightCheck.Area.MESSAGE);
	private static PreflightCheck check;

	@TempDir
	Path dir;

	@BeforeAll
	static void service() throws InterruptedException {
		check = Services.get(PreflightCheck.class);
	}

	private static Set<String> notInfo(PreflightReport r) {
		return r.findings().stream().filter(f -> f.severity() != Severity.INFO).map(Finding::id)
				.collect(Collectors.toCollection(TreeSet::new));
	}

	private static PreflightReport draft(String subject, String text, String html) {
		return check.checkDraft(new Draft("news@good.pf.test", "", subject, text, html, "", List.of()), MESSAGE, null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void aCleanMessageOnlyInforms() {
		PreflightReport r = draft("Our spring offers", "Hello,\nsee https://shop.example/spring", //$NON-NLS-1$ //$NON-NLS-2$
				"<p>Hello, see <a href=\"https://shop.example/spring\">the offers</a> <img src=\"https://shop.example/a.png\" alt=\"A tulip\"></p>"); //$NON-NLS-1$
		assertEquals(Set.of(), notInfo(r), r.findings().toString());
		Finding size = r.withId("msg.size").get(0); //$NON-NLS-1$
		assertTrue(size.sentence().matches("The message is [0-9.]+ (KB|bytes) as sent \\([0-9.]+ (KB|bytes) HTML, [0-9.]+ (KB|bytes) text\\)\\."), size.sentence()); //$NON-NLS-1$
	}

	@Test
	void eachProblemOfAMessage() {
		String big = "<p>" + "Lorem ipsum dolor sit amet. ".repeat(4000) + "</p>"; // about 110 KB //$NON-NLS-1$ //$NON-NLS-2$
		String html = "<html><body>\n<img src=\"https://x.example/logo.png\">\n<a href=\"http://x.example/offer\">offer</a>\n" //$NON-NLS-1$
				+ "<IMG SRC='https://x.example/b.png' ALT='b'>\n" + big + "</body></html>"; //$NON-NLS-1$ //$NON-NLS-2$
		PreflightReport r = draft("BUY NOW {{first_name}}", "", html); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(new TreeSet<>(Set.of("msg.subject-caps", "msg.no-text", "msg.html-clipped", "msg.image-no-alt", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"msg.http-link")), notInfo(r), r.findings().toString()); //$NON-NLS-1$
		Finding alt = r.withId("msg.image-no-alt").get(0); //$NON-NLS-1$
		assertTrue(alt.sentence().startsWith("1 image"), alt.sentence()); //$NON-NLS-1$
		assertEquals("HTML part, line 2", alt.where()); //$NON-NLS-1$
		Finding http = r.withId("msg.http-link").get(0); //$NON-NLS-1$
		assertTrue(http.sentence().contains("http://x.example/offer"), http.sentence()); //$NON-NLS-1$
		assertEquals("HTML part, line 3", http.where()); //$NON-NLS-1$
		assertTrue(r.withId("msg.html-clipped").get(0).sentence().contains("102 KB"), r.toString()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void emptySubjectAndEmptyMessageBlock() {
		PreflightReport r = draft("  ", "", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Set.of("msg.subject-empty", "msg.empty"), notInfo(r)); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(r.blocks());
		assertFalse(draft("Hi", "text", "").blocks()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Set.of(), notInfo(draft("Q3 ROI", "text", ""))); // fewer than 6 letters: an acronym, not shouting //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private Campaign campaign(int recipients, String unsubscribe, int emptyEvery) throws Exception {
		Path list = dir.resolve("list-" + recipients + ".csv"); //$NON-NLS-1$ //$NON-NLS-2$
		StringBuilder b = new StringBuilder("email,first_name,city\n"); //$NON-NLS-1$
		for (int i = 0; i < recipients; i++) {
			b.append("r").append(i).append("@example.org,").append(emptyEvery > 0 && i % emptyEvery == 3 ? "" : "Ann" + i) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					.append(",Graz\n"); //$NON-NLS-1$
		}
		Files.writeString(list, b, StandardCharsets.UTF_8);
		return new Campaign("Spring", new InternetAddress("news@good.pf.test"), //$NON-NLS-1$ //$NON-NLS-2$
				new MessageTemplate("Hello {{first_name}}", "Dear {{first_name}} in {{city}}", ""), list, List.of(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				unsubscribe);
	}

	@Test
	void mergeFieldsEmptyForSomeRecipientsAreCountedOverTheWholeList() throws Exception {
		PreflightReport r = check.check(campaign(1000, "https://good.pf.test/u?e={{email}}", 100), MESSAGE, null); //$NON-NLS-1$
		assertEquals(Set.of("merge.empty"), notInfo(r), r.findings().toString()); //$NON-NLS-1$
		Finding f = r.withId("merge.empty").get(0); //$NON-NLS-1$
		assertEquals("{{first_name}} is empty for 10 of 1,000 recipients, so they get the text around it with nothing in its place.", //$NON-NLS-1$
				f.sentence());
		assertEquals("list-1000.csv, column first_name, first on line 5", f.where()); //$NON-NLS-1$
		assertEquals(1000, r.recipients());
		assertEquals(1, r.withId("unsub.ok").size(), r.findings().toString()); //$NON-NLS-1$
	}

	@Test
	void listUnsubscribeForCampaigns() throws Exception {
		assertEquals(Set.of("unsub.none"), notInfo(check.check(campaign(10, "", 0), MESSAGE, null))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Severity.WARNS, check.check(campaign(10, "", 0), MESSAGE, null).withId("unsub.none").get(0).severity()); //$NON-NLS-1$ //$NON-NLS-2$
		// At Gmail's bulk threshold the missing one-click unsubscribe blocks.
		PreflightReport bulk = check.check(campaign(PreflightCheck.BULK_RECIPIENTS, "", 0), MESSAGE, null); //$NON-NLS-1$
		assertEquals(Severity.BLOCKS, bulk.withId("unsub.none").get(0).severity()); //$NON-NLS-1$
		// Plain http blocks at any size: the campaign runner refuses it, so the campaign could not start.
		PreflightReport http = check.check(campaign(10, "http://good.pf.test/u", 0), MESSAGE, null); //$NON-NLS-1$
		assertEquals(Set.of("unsub.http"), notInfo(http)); //$NON-NLS-1$
		Finding httpFinding = http.withId("unsub.http").get(0); //$NON-NLS-1$
		assertEquals(Severity.BLOCKS, httpFinding.severity());
		assertTrue(httpFinding.sentence().contains("campaign runner refuses"), httpFinding.sentence()); //$NON-NLS-1$
		assertTrue(httpFinding.fix().contains("https://"), httpFinding.fix()); //$NON-NLS-1$
		assertEquals("List-Unsubscribe", httpFinding.where()); //$NON-NLS-1$
		// A single mail with an http List-Unsubscribe is not refused by anyone: it warns.
		PreflightReport draft = check.checkDraft(new Draft("news@good.pf.test", "", "Hello", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hello there", "", "http://good.pf.test/u", List.of()), MESSAGE, null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(Severity.WARNS, draft.withId("unsub.not-https").get(0).severity(), draft.findings().toString()); //$NON-NLS-1$
		assertEquals(Set.of("unsub.not-https"), notInfo(check.check(campaign(10, "mailto:u@good.pf.test", 0), MESSAGE, null))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Set.of("unsub.invalid"), notInfo(check.check(campaign(10, "https://good.pf.test/u?a=1,2", 0), MESSAGE, null))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Set.of("unsub.invalid"), notInfo(check.check(campaign(10, "good.pf.test/u", 0), MESSAGE, null))); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void aFieldTheListLacksBlocks() throws Exception {
		Campaign c = campaign(10, "https://good.pf.test/u", 0); //$NON-NLS-1$
		Campaign missing = new Campaign(c.name(), c.from(), new MessageTemplate("Hi {{nickname}}", "x", ""), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				c.recipientList(), List.of(), c.listUnsubscribe());
		PreflightReport r = check.check(missing, MESSAGE, null);
		assertEquals(Set.of("merge.missing"), notInfo(r)); //$NON-NLS-1$
		assertTrue(r.blocks());
	}

	@Test
	void aListThatCannotBeReadBlocks() throws Exception {
		Campaign c = campaign(1, "https://good.pf.test/u", 0); //$NON-NLS-1$
		Campaign gone = new Campaign(c.name(), c.from(), c.template(), dir.resolve("nowhere.csv"), List.of(), //$NON-NLS-1$
				c.listUnsubscribe());
		assertEquals(Set.of("list.unreadable"), notInfo(check.check(gone, MESSAGE, null))); //$NON-NLS-1$
	}
}
