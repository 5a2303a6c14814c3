package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;
import com.bitfaster.mail.tests.support.TestRegistries;

/** The campaign file the command line and the editor share: round trip, hand-written files, errors. */
class CampaignFileTest {

	@TempDir
	Path dir;
	private ServerRegistryImpl registry;
	private MailServer relay;
	private MailServer backup;

	@BeforeEach
	void setUp() {
		MailExtensionsImpl extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		registry = TestRegistries.onFolder(dir, extensions);
		relay = registry.add(MailServer.builder().name("Relay").host("127.0.0.1").port(2525).encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		backup = registry.add(MailServer.builder().name("Backup").host("127.0.0.1").port(2526).encryption("none").build(), null); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	@Test
	void writtenContentsReadBackTheSame() throws Exception {
		Path file = dir.resolve("spring" + CampaignFile.EXTENSION); //$NON-NLS-1$
		CampaignFile.Contents contents = new CampaignFile.Contents("Spring", "news@company.com", //$NON-NLS-1$ //$NON-NLS-2$
				"Hello {{first_name}}", "Hi {{first_name}},\nbye.", "<p>Hi {{first_name}} & co</p>", "", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				dir.resolve("lists/list.csv").toString(), //$NON-NLS-1$
				List.of(CampaignFile.ServerRef.of(backup), CampaignFile.ServerRef.of(relay)),
				"https://company.com/u?e={{email}}", new Throttle(1200, 25)); //$NON-NLS-1$
		CampaignFile.write(file, contents);

		String json = Files.readString(file);
		assertTrue(json.contains("\"list\": \"lists/list.csv\""), "the list is relative to the file: " + json); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(json.contains("\"id\": \"" + backup.id() + "\""), json); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(json.contains("\"name\": \"Backup\""), json); //$NON-NLS-1$
		assertTrue(json.contains("<p>Hi {{first_name}} & co</p>"), "HTML is kept readable: " + json); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(json.contains("\"messagesPerHour\": 1200"), json); //$NON-NLS-1$
		try (var files = Files.list(dir)) {
			assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left"); //$NON-NLS-1$ //$NON-NLS-2$
		}

		CampaignFile.Contents read = CampaignFile.read(file);
		assertEquals(new CampaignFile.Contents("Spring", "news@company.com", "Hello {{first_name}}", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Hi {{first_name}},\nbye.", "<p>Hi {{first_name}} & co</p>", "", "", "lists/list.csv", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
				contents.servers(), "https://company.com/u?e={{email}}", new Throttle(1200, 25)), read); //$NON-NLS-1$

		Campaign campaign = CampaignFile.toCampaign(file, read, registry);
		assertEquals(List.of(backup.id(), relay.id()), campaign.serverIds(), "pool order kept"); //$NON-NLS-1$
		assertEquals(dir.resolve("lists/list.csv"), campaign.recipientList()); //$NON-NLS-1$
		assertEquals(new Throttle(1200, 25), campaign.throttle());
		assertEquals("news@company.com", campaign.from().getAddress()); //$NON-NLS-1$
	}

	@Test
	void theSendingPolicyKeysAreReadAsWrittenByHandAndWrittenBack() throws Exception {
		Path file = dir.resolve("policy.json"); //$NON-NLS-1$
		Files.writeString(file, """
				{"name": "P", "from": "news@company.com", "subject": "Hi", "text": "x", "list": "list.csv",
				 "servers": ["Relay"], "domainLimits": {"Gmail.com": 100, "*": 600},
				 "sendWindow": {"days": "Mon-Fri", "from": "09:00", "to": "17:00", "zone": "Europe/Berlin"},
				 "startAt": "2026-12-01T09:30:00+01:00"}
				"""); //$NON-NLS-1$
		com.bitfaster.mail.campaign.SendingPolicy policy = CampaignFile.read(file).policy();
		assertEquals(java.util.Map.of("gmail.com", 100, "*", 600), policy.domainLimits()); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(100, policy.limitFor("gmail.com")); //$NON-NLS-1$
		assertEquals(600, policy.limitFor("web.de")); //$NON-NLS-1$
		assertEquals("Mon-Fri", policy.sendWindow().daysText()); //$NON-NLS-1$
		assertEquals(java.time.Instant.parse("2026-12-01T08:30:00Z"), policy.startAt()); //$NON-NLS-1$
		CampaignFile.write(file, CampaignFile.read(file));
		assertEquals(policy, CampaignFile.read(file).policy());
		String json = Files.readString(file);
		assertTrue(json.contains("\"startAt\": \"2026-12-01T08:30:00Z\""), json); //$NON-NLS-1$
		assertEquals(CampaignFile.load(file, registry).policy(), policy);

		// A bad value is one line naming the file and the key.
		Files.writeString(file, Files.readString(file).replace("\"Europe/Berlin\"", "\"Europe/Berln\"")); //$NON-NLS-1$ //$NON-NLS-2$
		CampaignFileException e = assertThrows(CampaignFileException.class, () -> CampaignFile.read(file));
		assertEquals(file + ": \"Europe/Berln\" is not a time zone: use an IANA id such as Europe/Berlin, or \"recipient\".", //$NON-NLS-1$
				e.getMessage());
		Files.writeString(file, Files.readString(file).replace("\"Europe/Berln\"", "\"Europe/Berlin\"") //$NON-NLS-1$ //$NON-NLS-2$
				.replace("\"*\": 600", "\"*\": 0")); //$NON-NLS-1$ //$NON-NLS-2$
		e = assertThrows(CampaignFileException.class, () -> CampaignFile.read(file));
		assertTrue(e.getMessage().startsWith(file + ": \"domainLimits\" must map domains"), e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aSendWindowFollowsTheZonesDaylightSavingRules() {
		com.bitfaster.mail.campaign.SendWindow w = com.bitfaster.mail.campaign.SendWindow.parse("Sun", "01:59", "03:01", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Europe/Berlin"); //$NON-NLS-1$
		java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin"); //$NON-NLS-1$
		// 29 March 2026: 02:00 CET is 03:00 CEST. The window is open 00:59Z-01:01Z, two real minutes.
		assertFalse(w.isOpen(java.time.Instant.parse("2026-03-29T00:58:59Z"), berlin)); //$NON-NLS-1$
		assertTrue(w.isOpen(java.time.Instant.parse("2026-03-29T00:59:00Z"), berlin)); //$NON-NLS-1$
		assertTrue(w.isOpen(java.time.Instant.parse("2026-03-29T01:00:59Z"), berlin)); //$NON-NLS-1$
		assertFalse(w.isOpen(java.time.Instant.parse("2026-03-29T01:01:00Z"), berlin)); //$NON-NLS-1$
		assertEquals(java.time.Instant.parse("2026-04-04T23:59:00Z"), // Sun 5 April 01:59 CEST //$NON-NLS-1$
				w.nextOpen(java.time.Instant.parse("2026-03-29T01:01:00Z"), berlin).toInstant());
		// A window opening inside the skipped hour opens at its end, 03:00 CEST, as isOpen says.
		com.bitfaster.mail.campaign.SendWindow gap = com.bitfaster.mail.campaign.SendWindow.parse("Sun", "02:30", "04:00", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"Europe/Berlin"); //$NON-NLS-1$
		assertEquals(java.time.Instant.parse("2026-03-29T01:00:00Z"), //$NON-NLS-1$
				gap.nextOpen(java.time.Instant.parse("2026-03-28T12:00:00Z"), berlin).toInstant()); //$NON-NLS-1$
		assertTrue(gap.isOpen(java.time.Instant.parse("2026-03-29T01:00:00Z"), berlin)); //$NON-NLS-1$
		assertFalse(gap.isOpen(java.time.Instant.parse("2026-03-29T00:59:59Z"), berlin)); //$NON-NLS-1$
	}

	@Test
	void aHandWrittenCommandLineFileWithBodyFilesAndServerNamesIsReadAndWrittenBack() throws Exception {
		Files.writeString(dir.resolve("body.txt"), "Hello {{first_name}}", StandardCharsets.UTF_8); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(dir.resolve("body.html"), "<b>Hello</b>", StandardCharsets.UTF_8); //$NON-NLS-1$ //$NON-NLS-2$
		Path file = dir.resolve("campaign.json"); //$NON-NLS-1$
		Files.writeString(file, """
				{"name": "Autumn", "from": "news@company.com", "subject": "Hi", "textFile": "body.txt",
				 "htmlFile": "body.html", "list": "list.csv", "servers": ["Relay"]}
				"""); //$NON-NLS-1$
		CampaignFile.Contents read = CampaignFile.read(file);
		assertEquals("Hello {{first_name}}", read.text()); //$NON-NLS-1$
		assertEquals(Throttle.NONE, read.throttle());
		Campaign campaign = CampaignFile.load(file, registry);
		assertEquals(List.of(relay.id()), campaign.serverIds());

		// Saved again (as the editor does): the bodies stay in their files, the server gains its id.
		CampaignFile.write(file, new CampaignFile.Contents(read.name(), read.from(), read.subject(), "Changed", //$NON-NLS-1$
				read.html(), read.textFile(), read.htmlFile(), read.list(), List.of(CampaignFile.ServerRef.of(relay)),
				read.listUnsubscribe(), read.throttle()));
		assertEquals("Changed", Files.readString(dir.resolve("body.txt"))); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(Files.readString(file).contains("\"textFile\": \"body.txt\"")); //$NON-NLS-1$

		// Renamed in the registry: found by its id.
		registry.update(relay.toBuilder().name("Relay 2").build()); //$NON-NLS-1$
		assertEquals(List.of(relay.id()), CampaignFile.load(file, registry).serverIds());
	}

	@Test
	void problemsAreExplained() throws Exception {
		Path file = dir.resolve("bad.json"); //$NON-NLS-1$
		Files.writeString(file, "[1]"); //$NON-NLS-1$
		CampaignFileException notObject = assertThrows(CampaignFileException.class, () -> CampaignFile.read(file));
		assertEquals(file + " is not a campaign: expected a JSON object; see campaign --help.", notObject.getMessage()); //$NON-NLS-1$

		Files.writeString(file, "{\"from\": \"news@company.com\", \"list\": \"l.csv\", \"servers\": []}"); //$NON-NLS-1$
		assertEquals("The campaign file needs \"subject\"; see campaign --help.", //$NON-NLS-1$
				assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).getMessage());

		Files.writeString(file, "{\"from\": \"news@\", \"subject\": \"s\", \"list\": \"l.csv\", \"servers\": []}"); //$NON-NLS-1$
		assertEquals(file + ": \"from\" is not a valid address.", //$NON-NLS-1$
				assertThrows(CampaignFileException.class, () -> CampaignFile.load(file, registry)).getMessage());

		Files.writeString(file, "{\"from\": \"a@b.org\", \"subject\": \"s\", \"list\": \"l.csv\", \"servers\": [\"Nope\"]}"); //$NON-NLS-1$
		CampaignFileException noServer = assertThrows(CampaignFileException.class, () -> CampaignFile.load(file, registry));
		assertEquals(CampaignFileException.Kind.SERVER, noServer.kind());
		assertEquals("There is no server named 'Nope'. Known: Backup, Relay.", noServer.getMessage()); //$NON-NLS-1$

		Files.writeString(file, "{\"from\": \"a@b.org\", \"subject\": \"s\", \"list\": \"l.csv\", \"servers\": [], \"batchSize\": -1}"); //$NON-NLS-1$
		assertEquals(CampaignFileException.Kind.FORMAT,
				assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).kind());
	}

	@Test
	void aCampaignFileOrBodyThatIsNotARegularFileIsRefusedWithItsPath() throws Exception {
		String notRegular = " is not a regular file but a device, a pipe or a socket; choose a file."; //$NON-NLS-1$
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> { // a pipe opened for reading would block: bounded
			CampaignFileException device = assertThrows(CampaignFileException.class, () -> CampaignFile.read(Path.of("/dev/zero"))); //$NON-NLS-1$
			assertEquals("/dev/zero" + notRegular, device.getMessage()); //$NON-NLS-1$
			assertEquals(CampaignFileException.Kind.FORMAT, device.kind());

			Path fifo = dir.resolve("body.fifo"); //$NON-NLS-1$
			Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start(); //$NON-NLS-1$
			assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes()));
			Path folder = Files.createDirectory(dir.resolve("body.html")); //$NON-NLS-1$
			Path file = dir.resolve("campaign.json"); //$NON-NLS-1$
			String campaign = "{\"from\": \"a@b.org\", \"subject\": \"s\", \"list\": \"l.csv\", \"servers\": [], %s}"; //$NON-NLS-1$
			Files.writeString(file, campaign.formatted("\"textFile\": \"body.fifo\"")); //$NON-NLS-1$
			assertEquals(fifo + notRegular, assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).getMessage());
			Files.writeString(file, campaign.formatted("\"textFile\": \"/dev/zero\"")); //$NON-NLS-1$
			assertEquals("/dev/zero" + notRegular, assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).getMessage()); //$NON-NLS-1$
			Files.writeString(file, campaign.formatted("\"htmlFile\": \"body.html\"")); //$NON-NLS-1$
			assertEquals(folder + " is a folder; choose a file.", //$NON-NLS-1$
					assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).getMessage());
			Files.writeString(file, campaign.formatted("\"htmlFile\": \"missing.html\"")); //$NON-NLS-1$
			assertEquals(dir.resolve("missing.html") + " does not exist.", //$NON-NLS-1$ //$NON-NLS-2$
					assertThrows(CampaignFileException.class, () -> CampaignFile.read(file)).getMessage());
		});
	}

	@Test
	void aBodyIsNeverWrittenOverAFolder() throws Exception {
		Path file = dir.resolve("campaign.json"); //$NON-NLS-1$
		Files.writeString(dir.resolve("body.txt"), "Hello"); //$NON-NLS-1$ //$NON-NLS-2$
		Files.writeString(file, "{\"from\": \"a@b.org\", \"subject\": \"s\", \"list\": \"l.csv\", \"servers\": [], \"textFile\": \"body.txt\"}"); //$NON-NLS-1$
		CampaignFile.Contents read = CampaignFile.read(file);
		String before = Files.readString(file);
		Files.delete(dir.resolve("body.txt")); //$NON-NLS-1$
		Path folder = Files.createDirectory(dir.resolve("body.txt")); //$NON-NLS-1$
		IOException e = assertThrows(IOException.class, () -> CampaignFile.write(file, read));
		assertEquals(folder + " is a folder; choose a file.", e.getMessage()); //$NON-NLS-1$
		assertTrue(Files.isDirectory(folder));
		assertEquals(before, Files.readString(file), "the campaign file is left as it was"); //$NON-NLS-1$
	}
}
