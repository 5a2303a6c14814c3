package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.ListProblem;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.campaign.RecipientListSummary;

class RecipientListTest {

	@TempDir
	Path dir;

	private RecipientList list(String content) throws IOException {
		return new RecipientList(Files.writeString(dir.resolve("list.csv"), content, StandardCharsets.UTF_8)); //$NON-NLS-1$
	}

	private static List<Recipient> all(RecipientList list) throws IOException {
		try (Stream<Recipient> s = list.recipients()) {
			return s.toList();
		}
	}

	@Test
	void headerGivesMergeFieldsAndAByteOrderMarkIsIgnored() throws IOException {
		RecipientList list = list("\uFEFFEmail,First Name,City\r\nada@example.org,Ada,London\r\n"); //$NON-NLS-1$
		RecipientListSummary summary = list.check();
		assertEquals(List.of("Email", "First Name", "City"), summary.fieldNames()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals("Email", summary.addressColumn()); //$NON-NLS-1$
		Recipient ada = all(list).get(0);
		assertEquals("ada@example.org", ada.address()); //$NON-NLS-1$
		assertEquals("Ada", ada.fields().get("First Name")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(2, ada.line());
	}

	@Test
	void quotedCommasEmptyLinesAndQuotesInsideValues() throws IOException {
		RecipientList list = list("email,name,company\n" //$NON-NLS-1$
				+ "\n" //$NON-NLS-1$
				+ "ada@example.org,\"Lovelace, Ada\",\"Analytical \"\"Engines\"\" Ltd\"\n" //$NON-NLS-1$
				+ "\n\n" //$NON-NLS-1$
				+ "grace@example.org,Grace,Navy\n"); //$NON-NLS-1$
		List<Recipient> recipients = all(list);
		assertEquals(2, recipients.size());
		assertEquals("Lovelace, Ada", recipients.get(0).fields().get("name")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("Analytical \"Engines\" Ltd", recipients.get(0).fields().get("company")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(3, recipients.get(0).line());
		assertEquals(6, recipients.get(1).line());
	}

	@Test
	void invalidAddressesAreListedWithTheirLineNumbers() throws IOException {
		RecipientList list = list("email,name\n" //$NON-NLS-1$
				+ "ada@example.org,Ada\n" //$NON-NLS-1$
				+ "not-an-address,X\n" //$NON-NLS-1$
				+ ",Nobody\n" //$NON-NLS-1$
				+ "two@example.org three@example.org,Y\n" //$NON-NLS-1$
				+ "bob@,Bob\n"); //$NON-NLS-1$
		RecipientListSummary summary = list.check();
		assertEquals(1, summary.recipients());
		assertEquals(List.of(new ListProblem(3, "'not-an-address' is not a valid e-mail address."), //$NON-NLS-1$
				new ListProblem(4, "The address is empty."), //$NON-NLS-1$
				new ListProblem(5, "'two@example.org three@example.org' is not a valid e-mail address."), //$NON-NLS-1$
				new ListProblem(6, "'bob@' is not a valid e-mail address.")), summary.invalid()); //$NON-NLS-1$
	}

	@Test
	void duplicatesAreRemovedIgnoringCase() throws IOException {
		RecipientList list = list("E-Mail;Name\nAda@Example.org;Ada\nada@example.ORG;Ada again\ngrace@example.org;Grace\n"); //$NON-NLS-1$
		RecipientListSummary summary = list.check();
		assertEquals(2, summary.recipients());
		assertEquals(List.of(new ListProblem(3, "ada@example.ORG appears earlier in the list; it is sent to once.")), //$NON-NLS-1$
				summary.duplicates());
		assertEquals(List.of("Ada@Example.org", "grace@example.org"), all(list).stream().map(Recipient::address).toList()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void onlyTheFirstThousandProblemRowsOfEachKindAreKeptButAllAreCounted() throws IOException {
		StringBuilder csv = new StringBuilder("email,name\n"); //$NON-NLS-1$
		for (int i = 0; i < 1500; i++) {
			csv.append("bad").append(i).append(",X\n"); //$NON-NLS-1$ //$NON-NLS-2$
			csv.append("same@example.org,Y\n"); //$NON-NLS-1$
		}
		RecipientListSummary summary = list(csv.toString()).check();
		assertEquals(1, summary.recipients());
		assertEquals(1500, summary.invalidRows());
		assertEquals(1499, summary.duplicateRows());
		assertEquals(RecipientList.PROBLEMS_KEPT, summary.invalid().size());
		assertEquals(RecipientList.PROBLEMS_KEPT, summary.duplicates().size());
		assertEquals(new ListProblem(2, "'bad0' is not a valid e-mail address."), summary.invalid().get(0)); //$NON-NLS-1$
		assertEquals(1 + 1500 + 1499, summary.rows());
	}

	@Test
	void aListWithoutAnAddressColumnOrNotInUtf8IsRefusedClearly() throws IOException {
		IOException noColumn = assertThrows(IOException.class, () -> list("name,city\nAda,London\n").check()); //$NON-NLS-1$
		assertEquals("list.csv has no address column: name one column Email (found: name, city).", noColumn.getMessage()); //$NON-NLS-1$
		Path latin1 = dir.resolve("latin1.csv"); //$NON-NLS-1$
		Files.write(latin1, "email,name\nz@example.org,Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1)); //$NON-NLS-1$
		IOException notUtf8 = assertThrows(IOException.class, () -> new RecipientList(latin1).check());
		assertTrue(notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aHundredThousandRowsStream() throws IOException {
		Path big = dir.resolve("big.csv"); //$NON-NLS-1$
		try (Writer w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
			w.write("email,first_name,plan\n"); //$NON-NLS-1$
			for (int i = 0; i < 100_000; i++) {
				w.write("user" + i + "@example.org,User " + i + ",\"Pro, yearly\"\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
			w.write("USER7@example.org,dup,x\n"); //$NON-NLS-1$
		}
		long t0 = System.nanoTime();
		RecipientListSummary summary = new RecipientList(big).check();
		long t1 = System.nanoTime();
		assertEquals(100_000, summary.recipients());
		assertEquals(List.of(new ListProblem(100_002, "USER7@example.org appears earlier in the list; it is sent to once.")), //$NON-NLS-1$
				summary.duplicates());
		try (Stream<Recipient> s = new RecipientList(big).recipients()) {
			assertEquals(100_000, s.filter(r -> "Pro, yearly".equals(r.fields().get("plan"))).count()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		System.out.printf("100,000-row list checked in %d ms%n", (t1 - t0) / 1_000_000); //$NON-NLS-1$
	}

	@Test
	void aPipeAFolderADeviceOrAMissingFileIsRefusedBeforeItIsOpenedWithThePathNamed() throws Exception {
		Path fifo = dir.resolve("list.fifo"); //$NON-NLS-1$
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start(); //$NON-NLS-1$
		assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes()));
		Path folder = Files.createDirectory(dir.resolve("lists")); //$NON-NLS-1$
		// Opening a pipe for reading blocks until a writer comes: a regression would hang, so it is bounded.
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			assertRefused(fifo, fifo + " is not a regular file but a device, a pipe or a socket; choose a file."); //$NON-NLS-1$
			assertRefused(Path.of("/dev/zero"), "/dev/zero is not a regular file but a device, a pipe or a socket; choose a file."); //$NON-NLS-1$ //$NON-NLS-2$
			assertRefused(folder, folder + " is a folder; choose a file."); //$NON-NLS-1$
			assertRefused(dir.resolve("nowhere.csv"), dir.resolve("nowhere.csv") + " does not exist."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		});
	}

	private static void assertRefused(Path file, String message) {
		assertEquals(message, assertThrows(IOException.class, () -> new RecipientList(file).check()).getMessage());
		assertEquals(message, assertThrows(IOException.class, () -> new RecipientList(file).recipients()).getMessage());
	}

	@Test
	void aLineOverOneMebibyteIsRefusedWithItsLineNumberAfterTheRowsBeforeIt() throws IOException {
		for (String lineBreak : List.of("\n", "\r\n", "\r")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			String huge = "x".repeat(1_500_000); // 1.5 MB //$NON-NLS-1$
			RecipientList list = list(String.join(lineBreak, "email,note", "ada@example.org,a", "grace@example.org,b", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					"huge@example.org," + huge, "late@example.org,c") + lineBreak); //$NON-NLS-1$ //$NON-NLS-2$
			String expected = "list.csv: line 4 is longer than 1 MiB; a recipient list has one recipient per line."; //$NON-NLS-1$
			assertEquals(expected, assertThrows(IOException.class, list::check).getMessage(), "line break " + lineBreak.replace("\r", "CR").replace("\n", "LF")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			try (Stream<Recipient> s = list.recipients()) {
				Iterator<Recipient> it = s.iterator();
				assertEquals("ada@example.org", it.next().address()); //$NON-NLS-1$
				assertEquals("grace@example.org", it.next().address()); //$NON-NLS-1$
				assertEquals(expected, assertThrows(UncheckedIOException.class, it::hasNext).getCause().getMessage());
			}
		}
	}

	@Test
	void aLineOfExactlyOneMebibyteIsAccepted() throws IOException {
		String start = "ada@example.org,"; //$NON-NLS-1$
		RecipientList list = list("email,note\n" + start + "y".repeat(RecipientList.MAX_LINE_BYTES - start.length()) + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(1, list.check().recipients());
		RecipientList longer = list("email,note\n" + start + "y".repeat(RecipientList.MAX_LINE_BYTES - start.length() + 1) + "\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertThrows(IOException.class, longer::check);
	}

	@Test
	void aFourGibibyteLineIsRefusedWithoutReadingItWhole() throws IOException {
		Path sparse = Files.writeString(dir.resolve("sparse.csv"), "email\n"); //$NON-NLS-1$ //$NON-NLS-2$
		try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) { //$NON-NLS-1$
			f.setLength(4L << 30); // zeros without a line break, taking no disk; read whole it would not fit the heap
		}
		IOException e = assertThrows(IOException.class, () -> new RecipientList(sparse).check());
		assertEquals("sparse.csv: line 2 is longer than 1 MiB; a recipient list has one recipient per line.", e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aQuoteLeftOpenIsRefusedOnceTheRowPassesFourMebibytes() throws IOException {
		StringBuilder content = new StringBuilder("email,note\nada@example.org,a\ngrace@example.org,\"open\n"); //$NON-NLS-1$
		while (content.length() < 5 << 20) {
			content.append("short line inside the open quote\n"); //$NON-NLS-1$
		}
		IOException e = assertThrows(IOException.class, () -> list(content.toString()).check());
		assertEquals("list.csv: the row that starts near line 3 is longer than 4 MiB; is a quote (\") left open?", e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void aHeaderLongerThanTheSeparatorSampleIsRead() throws IOException {
		// The separator is guessed from the header's start; a longer header was once refused by the reader's mark.
		String longName = "n".repeat(100_000); //$NON-NLS-1$
		RecipientListSummary summary = list("email;" + longName + "\nada@example.org;x\n").check(); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(List.of("email", longName), summary.fieldNames()); //$NON-NLS-1$
		assertEquals(1, summary.recipients());
	}
}
