package com.bitfaster.mail.campaign.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.targetDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.bitfaster.mail.campaign.ui.internal.SuppressionView;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.UserPrompts;

/** The Suppression List view on the workbench's own suppression list service (DS), with answering prompts. */
class SuppressionViewTest {

	private SuppressionList list;
	private Prompts prompts;
	private ServiceRegistration<UserPrompts> registration;

	@BeforeEach
	void setUp() throws Exception {
		list = MailServices.find(SuppressionList.class).orElseThrow();
		Files.deleteIfExists(list.file());
		list.addAll(List.of(new SuppressionEntry("ann@example.org", Reason.HARD_BOUNCE, Instant.parse("2026-11-30T08:00:00Z"), "campaign Spring (c-1)"),
				new SuppressionEntry("bob@example.org", Reason.COMPLAINT, Instant.parse("2026-11-30T09:30:00Z"), "feedback loop"),
				new SuppressionEntry("carol@example.org", Reason.UNSUBSCRIBE, Instant.parse("2026-11-29T17:12:00Z"), "web-unsubscribes.csv")));
		prompts = new Prompts();
		registration = FrameworkUtil.getBundle(getClass()).getBundleContext().registerService(UserPrompts.class, prompts, null);
	}

	@AfterEach
	void tearDown() throws Exception {
		registration.unregister();
		page().hideView(page().findView(SuppressionView.ID));
		Files.deleteIfExists(list.file());
	}

	@Test
	void filterAddRemoveExportAndADamagedList() throws Exception {
		SuppressionView view = (SuppressionView) page().showView(SuppressionView.ID);
		view.reload();
		flush();
		assertEquals(3, view.visibleRows());
		assertTrue(view.statusText().startsWith("3 suppressed"), view.statusText());

		view.setFilter("complaint");
		assertEquals(1, view.visibleRows());
		view.setFilter("");

		view.addAddress("not an address");
		assertTrue(view.statusText().startsWith("Not an e-mail address"), view.statusText());
		view.addAddress("New@Example.org");
		assertTrue(list.isSuppressed("new@example.org"));
		assertEquals(4, view.visibleRows());
		flush();
		screenshot(view, "suppression-view");

		view.select("new@example.org");
		prompts.answer = false;
		view.removeSelected();
		assertTrue(list.isSuppressed("new@example.org"), "kept when the user says no");
		assertEquals(1, prompts.questions.size());
		assertTrue(prompts.questions.get(0).contains("new@example.org"), prompts.questions.get(0));
		prompts.answer = true;
		view.select("new@example.org");
		view.removeSelected();
		assertFalse(list.isSuppressed("new@example.org"));
		assertEquals(3, view.visibleRows());

		Path csv = Files.createTempDirectory(targetDir(), "suppression").resolve("export.csv");
		prompts.file = csv;
		view.exportCsv();
		assertTrue(Files.readString(csv).startsWith("address,reason,date,source"), Files.readString(csv));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));

		Files.writeString(list.file(), "{ damaged");
		view.reload();
		flush();
		assertTrue(view.statusText().contains("damaged"), view.statusText());
		assertEquals(0, view.visibleRows());
		screenshot(view, "suppression-view-damaged");
	}

	private static final class Prompts implements UserPrompts {
		volatile boolean answer;
		volatile Path file;
		final List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public boolean confirm(Shell shell, String title, String message) {
			questions.add(title + ": " + message);
			return answer;
		}

		@Override
		public Optional<Instant> askInstant(Shell shell, String title, String message, Instant initial) {
			throw new AssertionError("not asked here: " + title);
		}

		@Override
		public Optional<Path> askFile(Shell shell, boolean save, String suggestedName) {
			return Optional.ofNullable(file);
		}

		@Override
		public void inform(Shell shell, String title, String message, List<String> details) {
			throw new AssertionError("not told here: " + title + ": " + message);
		}
	}
}
