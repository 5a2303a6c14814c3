package com.bitfaster.mail.preflight.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.preflight.Draft;
import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.preflight.Severity;
import com.bitfaster.mail.tests.support.Loopback;

/**
 * The spam score from SpamAssassin's spamd (Debian's {@code spamd}), started here in the foreground on a free
 * loopback port with local tests only: GTUBE must block, an ordinary message must not, and without spamd the finding
 * says how to start it.
 */
class SpamdTest {

	static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"; //$NON-NLS-1$
	private static final Set<PreflightCheck.Area> SPAM = EnumSet.of(PreflightCheck.Area.SPAM);

	@TempDir
	static Path dir;
	private static Process spamd;
	private static int port;
	private static PreflightCheck check;

	@BeforeAll
	static void start() throws Exception {
		check = Services.get(PreflightCheck.class);
		Path executable = Path.of("/usr/sbin/spamd"); //$NON-NLS-1$
		Assumptions.assumeTrue(Files.isExecutable(executable), "skipped: spamd is not installed (apt-get install spamd)"); //$NON-NLS-1$
		port = Loopback.freePort();
		List<String> command = new ArrayList<>(List.of(executable.toString(), "--listen=" + Loopback.HOST + ":" + port, //$NON-NLS-1$ //$NON-NLS-2$
				"--max-children=1", "--local", "--nouser-config", "--syslog=stderr", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"--pidfile=" + dir.resolve("spamd.pid"))); //$NON-NLS-1$ //$NON-NLS-2$
		if ("root".equals(System.getProperty("user.name"))) { //$NON-NLS-1$ //$NON-NLS-2$
			command.add("--username=nobody"); // spamd will not run its children as root //$NON-NLS-1$
		}
		spamd = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("spamd.log").toFile()) //$NON-NLS-1$
				.start();
		try {
			Loopback.awaitListening(port, Duration.ofSeconds(60), spamd);
		} catch (java.io.IOException e) {
			throw new java.io.IOException("spamd did not start: " + Files.readString(dir.resolve("spamd.log")), e); //$NON-NLS-1$ //$NON-NLS-2$
		}
		System.setProperty(PreflightCheck.SPAMD_PROPERTY, Loopback.HOST + ":" + port); //$NON-NLS-1$
	}

	@AfterAll
	static void stop() throws InterruptedException {
		System.clearProperty(PreflightCheck.SPAMD_PROPERTY);
		if (spamd != null) {
			spamd.destroy();
			if (!spamd.waitFor(20, TimeUnit.SECONDS)) {
				spamd.destroyForcibly().waitFor();
			}
		}
	}

	private static PreflightReport spam(String text) {
		return check.checkDraft(new Draft("Ann Example <ann@example.org>", "", "Minutes of Tuesday's meeting", text, "", "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				List.of()), SPAM, null);
	}

	@Test
	void gtubeIsSpamAndBlocks() {
		PreflightReport r = spam("Hello,\n\n" + GTUBE + "\n"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(1, r.findings().size(), r.findings().toString());
		Finding f = r.findings().get(0);
		assertEquals("spam.spam", f.id(), f.toString()); //$NON-NLS-1$
		assertEquals(Severity.BLOCKS, f.severity());
		assertTrue(f.sentence().contains("GTUBE"), "the rules that fired are named: " + f.sentence()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(f.sentence().matches("SpamAssassin scores the message 1[0-9]{3}\\.[0-9], spam from 5\\.0: GTUBE 1000\\.0 .*"), //$NON-NLS-1$
				f.sentence());
		assertEquals("spamd " + Loopback.HOST + ":" + port, f.where()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void anOrdinaryMessageIsNotSpam() {
		PreflightReport r = spam("Hello team,\n\nthe minutes of Tuesday's meeting are in the shared folder.\n\nAnn\n"); //$NON-NLS-1$
		assertEquals(1, r.findings().size(), r.findings().toString());
		assertEquals("spam.ok", r.findings().get(0).id(), r.findings().toString()); //$NON-NLS-1$
		assertTrue(!r.blocks());
	}

	@Test
	void withoutSpamdTheFindingSaysHowToStartIt() throws Exception {
		String previous = System.getProperty(PreflightCheck.SPAMD_PROPERTY);
		System.setProperty(PreflightCheck.SPAMD_PROPERTY, Loopback.HOST + ":" + Loopback.freePort()); //$NON-NLS-1$
		try {
			PreflightReport r = spam("Hello"); //$NON-NLS-1$
			Finding f = r.findings().get(0);
			assertEquals("spam.unavailable", f.id()); //$NON-NLS-1$
			assertEquals(Severity.INFO, f.severity());
			assertTrue(f.fix().contains("systemctl enable --now spamd") && f.fix().contains("apt-get install spamd"), f.fix()); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			System.setProperty(PreflightCheck.SPAMD_PROPERTY, previous);
		}
	}
}
