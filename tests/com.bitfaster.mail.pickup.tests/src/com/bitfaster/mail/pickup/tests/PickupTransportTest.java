package com.bitfaster.mail.pickup.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.pickup.internal.PickupTransportType;
import com.bitfaster.mail.pickup.internal.PickupWriter;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

class PickupTransportTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC); //$NON-NLS-1$
	private static final Session SESSION = Session.getInstance(new Properties());

	@TempDir
	Path dir;

	private static MailServer pickup(String directory) {
		MailServer.Builder b = MailServer.builder().name("Pickup").transportType("pickup").host("localhost"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		return directory == null ? b.build() : b.transportSetting(PickupTransportType.DIRECTORY, directory).build();
	}

	private static List<String> problems(MailServer server) {
		return new PickupTransportType().validateSettings(server).stream().map(FieldProblem::message).toList();
	}

	@Test
	void isContributedThroughTheExtensionPointAsAThirdPartyWould() throws CoreException {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceReference<MailExtensions> ref = context.getServiceReference(MailExtensions.class);
		MailExtensions extensions = context.getService(ref);
		try {
			TransportTypeDescriptor descriptor = extensions.transportType("pickup").orElseThrow(); //$NON-NLS-1$
			assertEquals("Pickup directory", descriptor.label()); //$NON-NLS-1$
			assertEquals("com.bitfaster.mail.pickup", descriptor.contributor()); //$NON-NLS-1$
			TransportType type = descriptor.transportType();
			assertInstanceOf(PickupTransportType.class, type);
			assertFalse(type.usesNetwork());
		} finally {
			context.ungetService(ref);
		}
	}

	/** Listings and messages name a server by what its type uses: the folder here, host:port by default. */
	@Test
	void describesAServerByItsFolder() {
		assertEquals(dir.toString(), new PickupTransportType().describe(pickup(dir.toString())));
		assertEquals("pickup", new PickupTransportType().describe(pickup(null))); //$NON-NLS-1$
		MailServer smtp = MailServer.builder().name("Relay").host("smtp.company.com").port(587).build(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("smtp.company.com:587", transportType(true).describe(smtp)); //$NON-NLS-1$
		// A third party's type without network and without its own describe: its settings, or its id.
		MailServer counter = MailServer.builder().name("Counter").transportType("counter").build(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("counter", transportType(false).describe(counter)); //$NON-NLS-1$
		assertEquals("queue=q1", transportType(false).describe(counter.toBuilder().transportSetting("queue", "q1").build())); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	private static TransportType transportType(boolean network) {
		return new TransportType() {
			@Override
			public List<FieldProblem> validateSettings(MailServer server) {
				return List.of();
			}

			@Override
			public boolean usesNetwork() {
				return network;
			}

			@Override
			public com.bitfaster.mail.core.TransportConnection connect(MailServer server, char[] password) {
				throw new UnsupportedOperationException();
			}
		};
	}

	@Test
	void theDirectorySettingIsValidated() throws IOException {
		assertEquals(List.of("Choose the pickup directory the relay reads, for example /var/spool/pickup."), //$NON-NLS-1$
				problems(pickup(null)));
		assertEquals(List.of("The pickup directory must be an absolute path, for example /var/spool/pickup."), //$NON-NLS-1$
				problems(pickup("spool/pickup"))); //$NON-NLS-1$
		Path file = Files.writeString(dir.resolve("a-file"), "x"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of("'" + file + "' is a file, not a directory."), problems(pickup(file.toString()))); //$NON-NLS-1$ //$NON-NLS-2$
		Path deep = dir.resolve("no/such/dir"); //$NON-NLS-1$
		assertEquals(List.of("Neither '" + deep + "' nor its parent folder exists."), problems(pickup(deep.toString()))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of(), problems(pickup(dir.toString())));
		assertEquals(List.of(), problems(pickup(dir.resolve("created-on-first-send").toString()))); //$NON-NLS-1$
		FieldProblem problem = new PickupTransportType().validateSettings(pickup(null)).get(0);
		assertEquals(ServerField.TRANSPORT_SETTING, problem.field());
		assertEquals(PickupTransportType.DIRECTORY, problem.settingKey());
	}

	@Test
	void eachMessageBecomesAWholeEmlFile() throws Exception {
		Path pickupDir = dir.resolve("pickup"); //$NON-NLS-1$
		PickupWriter writer = new PickupWriter(pickupDir, CLOCK);
		MimeMessage message = message("Spring campaign: 20 % off ✉"); //$NON-NLS-1$
		ByteArrayOutputStream expected = new ByteArrayOutputStream();

		Path first = writer.write(message);
		message.writeTo(expected);
		Path second = writer.write(message("Second")); //$NON-NLS-1$

		assertNotEquals(first, second);
		assertTrue(first.getFileName().toString().endsWith(".eml")); //$NON-NLS-1$
		assertEquals(List.of(first.getFileName().toString(), second.getFileName().toString()).stream().sorted().toList(),
				listing(pickupDir));
		byte[] written = Files.readAllBytes(first);
		assertEquals(expected.toString(StandardCharsets.ISO_8859_1), new String(written, StandardCharsets.ISO_8859_1));

		try (InputStream in = Files.newInputStream(first)) {
			MimeMessage read = new MimeMessage(SESSION, in);
			assertEquals("Spring campaign: 20 % off ✉", read.getSubject()); //$NON-NLS-1$
			assertEquals("news@company.com", ((InternetAddress) read.getFrom()[0]).getAddress()); //$NON-NLS-1$
			Multipart parts = (Multipart) read.getContent();
			assertEquals("Hello Ada,\r\nour spring offers are here.", ((String) parts.getBodyPart(0).getContent()).strip()); //$NON-NLS-1$
			assertEquals(Part.ATTACHMENT, parts.getBodyPart(1).getDisposition());
			assertEquals("prices.csv", parts.getBodyPart(1).getFileName()); //$NON-NLS-1$
		}
	}

	@Test
	void aFailedWriteLeavesNoFileBehind() throws Exception {
		Path pickupDir = Files.createDirectories(dir.resolve("pickup")); //$NON-NLS-1$
		MimeMessage failing = new MimeMessage(message("Dies half-way")) { //$NON-NLS-1$
			@Override
			public void writeTo(OutputStream os) throws IOException {
				os.write("Subject: half".getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
				throw new IOException("No space left on device (simulated)"); //$NON-NLS-1$
			}
		};
		assertThrows(IOException.class, () -> new PickupWriter(pickupDir, CLOCK).write(failing));
		assertEquals(List.of(), listing(pickupDir));
	}

	/** The sender service every caller uses reaches the pickup type only through the extension point. */
	@Test
	void theSenderServiceDeliversIntoThePickupDirectory() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceReference<SenderService> ref = context.getServiceReference(SenderService.class);
		SenderService sender = context.getService(ref);
		try {
			Path pickupDir = dir.resolve("outbox"); //$NON-NLS-1$
			SendResult result = sender.send(message("Through the sender"), pickup(pickupDir.toString()), //$NON-NLS-1$
					new NullProgressMonitor());
			assertTrue(result.allAccepted(), result.toString());
			RecipientOutcome outcome = result.outcome("ada@example.org"); //$NON-NLS-1$
			List<String> files = listing(pickupDir);
			assertEquals(1, files.size());
			assertEquals("Written to the pickup directory as " + files.get(0) + ".", outcome.reply()); //$NON-NLS-1$ //$NON-NLS-2$
			try (InputStream in = Files.newInputStream(pickupDir.resolve(files.get(0)))) {
				assertEquals("Through the sender", new MimeMessage(SESSION, in).getSubject()); //$NON-NLS-1$
			}
		} finally {
			context.ungetService(ref);
		}
	}

	private static List<String> listing(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static MimeMessage message(String subject) throws MessagingException {
		MimeMessage m = new MimeMessage(SESSION);
		m.setFrom(new InternetAddress("news@company.com")); //$NON-NLS-1$
		m.setRecipients(Message.RecipientType.TO, "ada@example.org"); //$NON-NLS-1$
		m.setSubject(subject, "UTF-8"); //$NON-NLS-1$
		MimeBodyPart text = new MimeBodyPart();
		text.setText("Hello Ada,\r\nour spring offers are here.", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		MimeBodyPart attachment = new MimeBodyPart();
		attachment.setContent("product,price\r\nTea,3.50\r\n", "text/csv"); //$NON-NLS-1$ //$NON-NLS-2$
		attachment.setFileName("prices.csv"); //$NON-NLS-1$
		attachment.setDisposition(Part.ATTACHMENT);
		m.setContent(new MimeMultipart(text, attachment));
		m.saveChanges();
		return m;
	}
}
