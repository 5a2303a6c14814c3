package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerValidation;

class ServerValidationTest {

	private static MailServer.Builder valid() {
		return MailServer.builder().name("Campaign Server").host("smtp.company.com"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static List<ServerField> fields(MailServer server) {
		return ServerValidation.validate(server).stream().map(FieldProblem::field).toList();
	}

	private static String message(MailServer server, ServerField field) {
		return ServerValidation.validate(server).stream().filter(p -> p.field() == field).map(FieldProblem::message)
				.findFirst().orElse(null);
	}

	@Test
	void aTypicalServerIsValid() {
		assertEquals(List.of(), ServerValidation.validate(valid().build()));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 25, 465, 587, 65535 })
	void portsInRangeAreAccepted(int port) {
		assertEquals(List.of(), fields(valid().port(port).build()));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65536, Integer.MAX_VALUE })
	void portsOutOfRangeAreRefusedWithAMessage(int port) {
		assertEquals("Port must be between 1 and 65535.", message(valid().port(port).build(), ServerField.PORT)); //$NON-NLS-1$
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 20, 30, 600 })
	void timeoutsInRangeAreAccepted(int seconds) {
		assertEquals(List.of(), fields(valid().timeoutSeconds(seconds).build()));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -5, 601 })
	void timeoutsOutOfRangeAreRefused(int seconds) {
		assertEquals("Server timeout must be between 1 and 600 seconds.", //$NON-NLS-1$
				message(valid().timeoutSeconds(seconds).build(), ServerField.TIMEOUT));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "   ", "\t" })
	void emptyAndWhitespaceNamesAreRefused(String name) {
		assertEquals("Enter a server name.", message(valid().name(name).build(), ServerField.NAME)); //$NON-NLS-1$
	}

	@ParameterizedTest
	@ValueSource(strings = { "Campaign\nServer", "Campaign\rServer", "Campaign\u0000", "Bell\u0007" })
	void namesWithControlCharactersAreRefused(String name) {
		assertEquals("Server Name must not contain line breaks, tabs or other control characters.", //$NON-NLS-1$
				message(valid().name(name).build(), ServerField.NAME));
	}

	@Test
	void nameWithLeadingSpaceIsRefusedAndOverlongNameIsRefused() {
		assertTrue(fields(valid().name(" Campaign").build()).contains(ServerField.NAME)); //$NON-NLS-1$
		assertEquals(List.of(), fields(valid().name("x".repeat(100)).build())); //$NON-NLS-1$
		assertEquals("Server Name must be at most 100 characters long.", //$NON-NLS-1$
				message(valid().name("x".repeat(101)).build(), ServerField.NAME)); //$NON-NLS-1$
	}

	@ParameterizedTest
	@ValueSource(strings = { "smtp.company.com", "localhost", "mail-1.example.org", "smtp.company.com.", "127.0.0.1",
			"10.0.0.255", "::1", "[::1]", "2001:db8::25", "fe80::1%eth0", "::ffff:192.0.2.1", "internal_relay" })
	void hostNamesAndLiteralsAreAccepted(String host) {
		assertEquals(List.of(), fields(valid().host(host).build()), host);
	}

	@Test
	void hostsWithSpacesOrLineBreaksAreRefused() {
		assertEquals("The host address must not contain spaces.", //$NON-NLS-1$
				message(valid().host("smtp company.com").build(), ServerField.HOST)); //$NON-NLS-1$
		assertEquals("The host address must not contain line breaks, tabs or other control characters.", //$NON-NLS-1$
				message(valid().host("smtp.company.com\r\nRCPT TO:<x@y>").build(), ServerField.HOST)); //$NON-NLS-1$
		assertEquals("The host address must not contain line breaks, tabs or other control characters.", //$NON-NLS-1$
				message(valid().host("smtp.company.com\n").build(), ServerField.HOST)); //$NON-NLS-1$
		assertEquals("Enter the host address, for example smtp.company.com.", //$NON-NLS-1$
				message(valid().host("").build(), ServerField.HOST)); //$NON-NLS-1$
	}

	@ParameterizedTest
	@ValueSource(strings = { "256.1.1.1", "1.2.3", "1.2.3.4.5", ":::", "2001:db8:::1", "[::1", "smtp..company.com",
			"-smtp.company.com", "smtp.company.com/x", "smtp@company.com" })
	void malformedHostsAreRefused(String host) {
		assertTrue(fields(valid().host(host).build()).contains(ServerField.HOST), host);
	}

	@Test
	void usernameAndTransportSettingsRefuseControlCharacters() {
		assertTrue(fields(valid().username("me\r\nMAIL FROM:<x>").build()).contains(ServerField.USERNAME)); //$NON-NLS-1$
		assertTrue(fields(valid().transportSetting("folder", "/tmp\n").build()).contains(ServerField.TRANSPORT_SETTING)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void limitsAreCheckedAtTheirBounds() {
		assertEquals(List.of(), fields(valid().limits(new ServerLimits(1, 0, 0)).build()));
		assertEquals(List.of(), fields(valid().limits(new ServerLimits(100, 1_000_000, 100_000_000)).build()));
		assertEquals(List.of(ServerField.MAX_CONNECTIONS), fields(valid().limits(new ServerLimits(0, 0, 0)).build()));
		assertEquals(List.of(ServerField.MAX_CONNECTIONS), fields(valid().limits(new ServerLimits(101, 0, 0)).build()));
		assertEquals(List.of(ServerField.MESSAGES_PER_CONNECTION), fields(valid().limits(new ServerLimits(1, -1, 0)).build()));
		assertEquals(List.of(ServerField.MESSAGES_PER_HOUR), fields(valid().limits(new ServerLimits(1, 0, -1)).build()));
		assertEquals(List.of(), fields(valid().limits(new ServerLimits(1, 0, 0, 1_000_000_000, List.of(1, 5))).build()));
		assertEquals(List.of(ServerField.MESSAGES_PER_DAY),
				fields(valid().limits(new ServerLimits(1, 0, 0, -1, List.of())).build()));
		assertEquals(List.of(ServerField.MESSAGES_PER_DAY),
				fields(valid().limits(new ServerLimits(1, 0, 0, 1_000_000_001, List.of())).build()));
		assertEquals(List.of(ServerField.WARM_UP), fields(valid().limits(new ServerLimits(1, 0, 0, 0, List.of(50, 0))).build()));
		assertEquals(List.of(ServerField.WARM_UP), fields(valid().limits(new ServerLimits(1, 0, 0, 0,
				java.util.Collections.nCopies(ServerLimits.MAX_WARM_UP_DAYS + 1, 10))).build()));
		assertEquals(List.of(), fields(valid().limits(new ServerLimits(1, 0, 0, 0,
				java.util.Collections.nCopies(ServerLimits.MAX_WARM_UP_DAYS, 10))).build()));
	}

	@Test
	void pinnedFingerprintMustBeSha256() {
		String colons = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"; //$NON-NLS-1$
		assertEquals(List.of(), fields(valid().pinnedCertificate(colons).build()));
		assertEquals(List.of(), fields(valid().pinnedCertificate(colons.replace(":", "").toLowerCase()).build())); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(ServerField.PINNED_CERTIFICATE), fields(valid().pinnedCertificate("AB:CD").build())); //$NON-NLS-1$
		assertEquals(colons, ServerValidation.normalizeFingerprint(colons.replace(":", "").toLowerCase())); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		MailServer bad = valid().name("").host("a b").port(0).timeoutSeconds(601).build(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(ServerField.NAME, ServerField.HOST, ServerField.PORT, ServerField.TIMEOUT), fields(bad));
	}
}
