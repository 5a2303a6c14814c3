package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static com.bitfaster.mail.ui.tests.UiTestSupport.registry;
import static com.bitfaster.mail.ui.tests.UiTestSupport.reset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.compose.ComposeEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.start.StartPage;
import com.bitfaster.mail.ui.internal.start.StartPageStartup;

/**
 * The start page: filled with the servers and their state after it shows, first steps that run their commands, back
 * when the last editor closes; and the Mail perspective at 1280x800 with a server editor.
 */
class StartPageTest {

	private Point size;

	@BeforeEach
	void setUp() {
		reset();
		Shell shell = page().getWorkbenchWindow().getShell();
		size = shell.getSize();
		shell.setSize(1280, 800);
		flush();
	}

	@AfterEach
	void tearDown() {
		System.clearProperty("bitfaster.startpage"); //$NON-NLS-1$
		page().closeAllEditors(false);
		page().getWorkbenchWindow().getShell().setSize(size);
		reset();
	}

	@Test
	void showsTheServersAndRunsTheFirstSteps() throws Exception {
		registry().add(MailServer.builder().name("Office Relay").host("relay.example.org").port(587) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").build(), null); //$NON-NLS-1$
		registry().add(MailServer.builder().name("Old Relay").host("old.example.org").port(25) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").active(false).build(), null); //$NON-NLS-1$
		StartPage start = StartPage.open(page());
		waitUntil(() -> "the start page lists both servers: " + start.serverLines(), //$NON-NLS-1$
				() -> start.isFilled() && start.serverLines().size() == 2);
		List<String> lines = start.serverLines();
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("Office Relay") && l.contains("relay.example.org:587") //$NON-NLS-1$ //$NON-NLS-2$
				&& l.endsWith("active") && !l.endsWith("inactive")), lines::toString); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("Old Relay") && l.endsWith("inactive")), lines::toString); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(Arrays.asList("com.bitfaster.mail.ui.commands.sendTestMessage", //$NON-NLS-1$
				"com.bitfaster.mail.ui.commands.newMail", "com.bitfaster.mail.ui.commands.newServerFromAddress", //$NON-NLS-1$ //$NON-NLS-2$
				"com.bitfaster.mail.ui.commands.newServer"), start.stepCommands().subList(0, 4)); //$NON-NLS-1$
		screenshot(page().getWorkbenchWindow().getShell(), "start-page"); //$NON-NLS-1$

		// A server added meanwhile shows up.
		registry().add(MailServer.builder().name("Newcomer").host("new.example.org").port(465) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").build(), null); //$NON-NLS-1$
		waitUntil(() -> "the new server is listed: " + start.serverLines(), //$NON-NLS-1$
				() -> start.serverLines().stream().anyMatch(l -> l.startsWith("Newcomer"))); //$NON-NLS-1$

		// Following the page: a step opens its editor, which takes the start page's place; closing it brings it back.
		System.setProperty("bitfaster.startpage", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		StartPageStartup.follow(page());
		start.run("com.bitfaster.mail.ui.commands.newMail"); //$NON-NLS-1$
		waitUntil("the compose editor opens", () -> page().getActiveEditor() instanceof ComposeEditor); //$NON-NLS-1$
		waitUntil("the start page closes", () -> editorIds().equals(List.of(ComposeEditor.ID))); //$NON-NLS-1$
		page().closeAllEditors(false);
		waitUntil(() -> "the start page comes back: " + editorIds(), () -> editorIds().equals(List.of(StartPage.ID))); //$NON-NLS-1$
	}

	@Test
	void serverEditorHasTheRoomAt1280x800() throws Exception {
		MailServer server = registry().add(MailServer.builder().name("Office Relay").host("relay.example.org") //$NON-NLS-1$ //$NON-NLS-2$
				.port(587).transportType("smtp").username("mailer@example.org").build(), null); //$NON-NLS-1$ //$NON-NLS-2$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
		flush();
		screenshot(page().getWorkbenchWindow().getShell(), "server-editor-1280x800"); //$NON-NLS-1$
		// The editor gets most of the window: three quarters of its width, and its form (below the menus, tool bar,
		// editor and page tabs) more than half its height; it had 55% of the width and 38% of the height before.
		Point window = page().getWorkbenchWindow().getShell().getSize();
		Point form = editor.formPage().getManagedForm().getForm().getSize();
		assertTrue(form.x >= window.x * 0.7 && form.y >= window.y * 0.5,
				() -> "the server editor is " + form + " in a window of " + window); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static List<String> editorIds() {
		return Arrays.stream(page().getEditorReferences()).map(r -> r.getId()).toList();
	}
}
