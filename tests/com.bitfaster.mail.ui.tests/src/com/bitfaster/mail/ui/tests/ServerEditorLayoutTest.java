package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.localserver.ui.internal.LocalMailView;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.internal.diagnostics.DiagnosticsView;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.editor.ServerFormPage;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/**
 * Room for the work (issue 18): in the Mail perspective as its factory lays it out, in a 1280x800 window, the server
 * editor gets most of the window, and each of its tabs fits without scrolling (screenshots
 * {@code server-editor-<tab>.png}); the views not needed at first start share one stack below the editors.
 */
class ServerEditorLayoutTest {

	private static final String PERSPECTIVE = "com.bitfaster.mail.app.perspective"; //$NON-NLS-1$

	private Rectangle shellBounds;

	@BeforeEach
	void setUp() {
		reset();
		Shell shell = page().getWorkbenchWindow().getShell();
		shellBounds = shell.getBounds();
		shell.setBounds(0, 0, 1280, 800);
		// The layout the perspective factory makes, not the one a former run left in the persisted model.
		assertEquals(PERSPECTIVE, page().getPerspective().getId());
		page().resetPerspective();
		flush();
	}

	@AfterEach
	void tearDown() {
		page().closeAllEditors(false);
		page().getWorkbenchWindow().getShell().setBounds(shellBounds);
		flush();
	}

	@Test
	void everyTabFitsWithoutScrollingAt1280x800() throws Exception {
		MailServer server = registry().add(MailServer.builder().name("Company Relay").host("smtp.company.test").port(587) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").encryption("starttls").username("campaigns").build(), "secret".toCharArray()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
		flush();
		ServerFormPage formPage = editor.formPage();
		ScrolledForm form = formPage.form();
		Shell shell = editor.getSite().getShell();
		Rectangle window = shell.getClientArea();

		CTabFolder tabs = formPage.tabs();
		List<String> pages = new ArrayList<>();
		for (CTabItem item : tabs.getItems()) {
			String id = (String) item.getData(ServerSettingsForm.FIELD_KEY);
			formPage.showPage(id);
			flush();
			Composite page = (Composite) item.getControl();
			Rectangle area = page.getClientArea();
			int needed = page.computeSize(area.width, SWT.DEFAULT).y;
			System.out.printf("ServerEditorLayoutTest: tab %s has %d px, needs %d px%n", id, area.height, needed); //$NON-NLS-1$
			pages.add(id.substring(id.indexOf('.') + 1));
			assertNotNull(screenshot(shell, "server-editor-" + pages.getLast())); //$NON-NLS-1$
			assertTrue(area.height >= needed, id + ": " + area.height + " px shown, " + needed + " px needed"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			assertNoVerticalScrolling(form, id);
		}
		assertEquals(List.of("connection", "security", "sending"), pages); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$

		// Most of the window: the editor area's share of the window's width and height.
		Point editorSize = form.getSize();
		double widthShare = editorSize.x / (double) window.width;
		double heightShare = editorSize.y / (double) window.height;
		System.out.printf("ServerEditorLayoutTest: window %dx%d, editor form %dx%d (%.0f%% x %.0f%%)%n", //$NON-NLS-1$
				window.width, window.height, editorSize.x, editorSize.y, 100 * widthShare, 100 * heightShare);
		assertTrue(widthShare >= 0.7, "editor width share " + widthShare); //$NON-NLS-1$
		assertTrue(heightShare >= 0.6, "editor height share " + heightShare); //$NON-NLS-1$


		// Every field is on a tab: the sections moved, none was lost.
		for (ServerField field : List.of(ServerField.NAME, ServerField.HOST, ServerField.PORT, ServerField.ENCRYPTION,
				ServerField.AUTH_METHOD, ServerField.USERNAME, ServerField.PASSWORD, ServerField.MAX_CONNECTIONS,
				ServerField.INACTIVE_UNTIL)) {
			assertTrue(find(form.getBody(), field.name()).isPresent(), field + " is on no tab"); //$NON-NLS-1$
		}
	}

	@Test
	void aProblemOnAHiddenTabMarksTheTabAndTheHeadingLeadsToIt() throws Exception {
		MailServer server = addServer("Marked Relay", "smtp.company.test", 25); //$NON-NLS-1$ //$NON-NLS-2$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
		flush();
		ServerFormPage formPage = editor.formPage();
		formPage.showPage(ServerFormPage.PAGE_SENDING);
		type(formPage.form().getBody(), ServerField.PORT.name(), "70000"); //$NON-NLS-1$
		CTabItem connection = item(formPage, ServerFormPage.PAGE_CONNECTION);
		assertNotNull(connection.getImage(), "the Connection tab shows no problem marker"); //$NON-NLS-1$
		assertEquals(null, item(formPage, ServerFormPage.PAGE_SECURITY).getImage());
		assertFalse(editor.isSaveAllowed());
		assertTrue(editor.isDirty());

		// What a click on the heading's message does (its hyperlink is drawn inside the heading, out of SWT's reach).
		formPage.showFirstProblem();
		flush();
		assertSame(connection, formPage.tabs().getSelection());

		type(formPage.form().getBody(), ServerField.PORT.name(), "25"); //$NON-NLS-1$
		assertEquals(null, connection.getImage());
	}

	@Test
	void viewsNotNeededAtFirstStartAreTabsOfOneStackBelowTheEditors() throws Exception {
		IWorkbenchPage page = page();
		IViewPart localMail = page.showView(LocalMailView.ID, null, IWorkbenchPage.VIEW_CREATE);
		IViewPart diagnostics = page.showView(DiagnosticsView.ID, null, IWorkbenchPage.VIEW_CREATE);
		flush();
		CTabFolder localMailStack = stackOf(Widgets.partControl(localMail));
		CTabFolder diagnosticsStack = stackOf(Widgets.partControl(diagnostics));
		assertSame(localMailStack, diagnosticsStack, "Local Mail and Diagnostics share a stack"); //$NON-NLS-1$
		Rectangle window = page.getWorkbenchWindow().getShell().getClientArea();
		int stackHeight = localMailStack.getSize().y;
		System.out.printf("ServerEditorLayoutTest: the views below the editors take %d of %d px%n", stackHeight, //$NON-NLS-1$
				window.height);
		assertTrue(stackHeight <= window.height / 4, "the stack below the editors is " + stackHeight + " px high"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static CTabItem item(ServerFormPage formPage, String id) {
		for (CTabItem item : formPage.tabs().getItems()) {
			if (id.equals(item.getData(ServerSettingsForm.FIELD_KEY))) {
				return item;
			}
		}
		throw new AssertionError("no tab " + id); //$NON-NLS-1$
	}

	private static CTabFolder stackOf(Control control) {
		for (Control c = control; c != null; c = c.getParent()) {
			if (c instanceof CTabFolder folder) {
				return folder;
			}
		}
		throw new AssertionError("not in a stack: " + control); //$NON-NLS-1$
	}

	private static void assertNoVerticalScrolling(ScrolledForm form, String id) {
		Rectangle client = form.getClientArea();
		int content = form.getContent().computeSize(client.width, SWT.DEFAULT).y;
		assertTrue(client.height >= content, id + ": the form shows " + client.height + " px of " + content); //$NON-NLS-1$ //$NON-NLS-2$
		ScrollBar bar = form.getVerticalBar();
		assertTrue(bar == null || !bar.isVisible(), id + ": the form scrolls"); //$NON-NLS-1$
	}
}
