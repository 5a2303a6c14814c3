package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;
import com.bitfaster.mail.ui.internal.navigator.ServerNavigator;

/** The navigator lists the registry live, sorted and filtered; its commands change the registry. */
class NavigatorCommandsTest {

	@BeforeEach
	void setUp() {
		reset();
	}

	@Test
	void listsServersSortedFilteredAndLive() throws Exception {
		addServer("Zeta Relay", "zeta.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		addServer("alpha Relay", "alpha.company.com", 587); //$NON-NLS-1$ //$NON-NLS-2$
		MailServer beta = addServer("Beta Relay", "beta.company.com", 465); //$NON-NLS-1$ //$NON-NLS-2$
		waitForLabels("three servers", labels -> labels.size() == 3); //$NON-NLS-1$
		List<String> labels = serverLabels();
		assertTrue(labels.get(0).startsWith("alpha Relay") && labels.get(0).contains("alpha.company.com:587"), //$NON-NLS-1$ //$NON-NLS-2$
				labels.toString());
		assertTrue(labels.get(1).startsWith("Beta Relay"), labels.toString()); //$NON-NLS-1$
		assertTrue(labels.get(2).startsWith("Zeta Relay"), labels.toString()); //$NON-NLS-1$

		ServerNavigator view = navigator();
		filterBox().setText("zeta"); //$NON-NLS-1$
		waitForLabels("filtered to Zeta", l -> l.size() == 1 && l.get(0).startsWith("Zeta Relay")); //$NON-NLS-1$ //$NON-NLS-2$
		filterBox().setText(""); //$NON-NLS-1$
		waitForLabels("filter cleared", l -> l.size() == 3); //$NON-NLS-1$

		registry().update(beta.toBuilder().name("Beta Relay Renamed").build()); //$NON-NLS-1$
		waitForLabels("rename shown", l -> l.stream().anyMatch(s -> s.startsWith("Beta Relay Renamed"))); //$NON-NLS-1$ //$NON-NLS-2$
		registry().deactivate(beta.id());
		waitForLabels("inactive shown", l -> l.stream().anyMatch(s -> s.startsWith("Beta Relay Renamed") //$NON-NLS-1$
				&& s.contains("(inactive)"))); //$NON-NLS-1$
		MailServer until = addServer("Until Relay", "until.company.com", 2525); //$NON-NLS-1$ //$NON-NLS-2$
		registry().deactivateUntil(until.id(), Instant.now().plus(Duration.ofHours(3)));
		waitForLabels("inactive until shown", l -> l.stream().anyMatch(s -> s.contains("(inactive until"))); //$NON-NLS-1$
		view.getCommonViewer().expandAll();
		screenshot(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "navigator"); //$NON-NLS-1$
	}

	@Test
	void doubleClickOpensTheEditor() throws Exception {
		MailServer server = addServer("Clicked Relay", "clicked.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		select(server);
		org.eclipse.swt.widgets.Tree tree = navigator().getCommonViewer().getTree();
		org.eclipse.swt.widgets.Event event = new org.eclipse.swt.widgets.Event();
		event.item = tree.getSelection()[0];
		tree.notifyListeners(org.eclipse.swt.SWT.DefaultSelection, event);
		waitUntil("editor of the server open", () -> page().getActiveEditor() instanceof ServerEditor editor //$NON-NLS-1$
				&& editor.model().original().id().equals(server.id()));
		assertEquals("Clicked Relay", page().getActiveEditor().getTitle()); //$NON-NLS-1$
	}

	@Test
	void duplicateCopiesServerAndPassword() throws Exception {
		MailServer original = addServer("Campaign Server", "smtp.company.com", 587); //$NON-NLS-1$ //$NON-NLS-2$
		select(original);
		execute(CommandIds.DUPLICATE);
		MailServer copy = registry().servers().stream().filter(s -> !s.id().equals(original.id())).findFirst()
				.orElseThrow();
		assertEquals("smtp.company.com", copy.host()); //$NON-NLS-1$
		assertEquals("secret", new String(registry().password(copy.id()).orElseThrow())); //$NON-NLS-1$
		waitForLabels("copy listed", l -> l.size() == 2 && l.stream().anyMatch(s -> s.startsWith(copy.name()))); //$NON-NLS-1$
	}

	@Test
	void deleteAsksFirstAndRemovesServerAndPassword() throws Exception {
		MailServer doomed = addServer("Old Relay", "old.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		addServer("Kept Relay", "kept.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		select(doomed);
		prompts().answer = false;
		execute(CommandIds.DELETE);
		assertEquals(1, prompts().confirmations.size());
		assertTrue(prompts().confirmations.get(0).contains("Old Relay")); //$NON-NLS-1$
		assertTrue(registry().get(doomed.id()).isPresent(), "deleted although the user said no"); //$NON-NLS-1$

		prompts().answer = true;
		execute(CommandIds.DELETE);
		assertTrue(registry().get(doomed.id()).isEmpty());
		assertThrows(java.util.NoSuchElementException.class, () -> registry().password(doomed.id()),
				"the password must go with the server"); //$NON-NLS-1$
		assertFalse(serversJson().contains("Old Relay")); //$NON-NLS-1$
		waitForLabels("only Kept Relay left", l -> l.size() == 1 && l.get(0).startsWith("Kept Relay")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void deactivateActivateAndDeactivateUntil() throws Exception {
		MailServer server = addServer("Switch Relay", "switch.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		select(server);
		execute(CommandIds.DEACTIVATE);
		assertFalse(registry().isActive(registry().get(server.id()).orElseThrow()));
		waitForLabels("inactive", l -> l.get(0).contains("(inactive)")); //$NON-NLS-1$ //$NON-NLS-2$

		execute(CommandIds.ACTIVATE);
		assertTrue(registry().get(server.id()).orElseThrow().active());
		waitForLabels("active again", l -> !l.get(0).contains("(inactive")); //$NON-NLS-1$ //$NON-NLS-2$

		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		ParameterizedCommand forOneHour = ParameterizedCommand.generateCommand(
				commands.getCommand(CommandIds.DEACTIVATE_FOR), Map.of(CommandIds.DEACTIVATE_FOR_DURATION, "PT1H")); //$NON-NLS-1$
		Instant before = Instant.now();
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(forOneHour, null);
		MailServer paused = registry().get(server.id()).orElseThrow();
		assertFalse(paused.active());
		assertTrue(Math.abs(Duration.between(before.plus(Duration.ofHours(1)), paused.inactiveUntil()).toSeconds()) < 60,
				paused.inactiveUntil().toString());
		waitForLabels("inactive until", l -> l.get(0).contains("(inactive until")); //$NON-NLS-1$ //$NON-NLS-2$

		Instant chosen = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);
		prompts().instant = chosen;
		execute(CommandIds.DEACTIVATE_UNTIL);
		assertEquals(chosen, registry().get(server.id()).orElseThrow().inactiveUntil());

		execute(CommandIds.ACTIVATE);
		MailServer active = registry().get(server.id()).orElseThrow();
		assertTrue(active.active());
		assertNull(active.inactiveUntil());
		waitForLabels("active at last", l -> !l.get(0).contains("(inactive")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void exportAndImportReportConflicts() throws Exception {
		MailServer server = addServer("Export Relay", "export.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		java.nio.file.Path file = java.nio.file.Files.createTempFile(targetDir(), "export", ".json"); //$NON-NLS-1$ //$NON-NLS-2$
		select(server);
		prompts().file = file;
		execute(CommandIds.EXPORT);
		waitUntil("export written", () -> { //$NON-NLS-1$
			try {
				return java.nio.file.Files.readString(file).contains("Export Relay"); //$NON-NLS-1$
			} catch (java.io.IOException e) {
				return false;
			}
		});
		assertFalse(java.nio.file.Files.readString(file).contains("secret")); //$NON-NLS-1$

		execute(CommandIds.IMPORT);
		waitUntil("import reported", () -> !prompts().informations.isEmpty()); //$NON-NLS-1$
		assertTrue(prompts().informations.get(0).contains("Export Relay"), prompts().informations.toString()); //$NON-NLS-1$
		assertEquals(1, registry().servers().size());
	}
}
