package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.help.IHelpResource;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.browser.Browser;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;

/**
 * The user guide in the help system: its table of contents and pages (generated from README.md), Help > Help Contents
 * in the help window (the help web application on Jetty, shown in an SWT Browser), and F1 in the server and campaign
 * editors.
 */
class HelpTest {

	private static final String GUIDE = "BitFaster Workbench User Guide"; //$NON-NLS-1$
	private static final List<String> PAGES = List.of("First steps", "Servers and security", "Campaigns", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			"The local mail server", "The command line", "Extending it", "The campaign ledger, format 2"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
	private static final String HELP_VIEW = "org.eclipse.help.ui.HelpView"; //$NON-NLS-1$

	@BeforeEach
	void setUp() {
		reset();
	}

	private static IToc guide() {
		return Arrays.stream(HelpSystem.getTocs()).filter(t -> GUIDE.equals(t.getLabel())).findFirst()
				.orElseThrow(() -> new AssertionError("no '" + GUIDE + "' among " //$NON-NLS-1$ //$NON-NLS-2$
						+ Arrays.stream(HelpSystem.getTocs()).map(IToc::getLabel).toList()));
	}

	private static String content(String href) throws IOException {
		try (InputStream in = HelpSystem.getHelpContent(href)) {
			assertNotNull(in, href + " has no content"); //$NON-NLS-1$
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void guideTableOfContentsHasEveryPageGeneratedFromTheReadme() throws Exception {
		ITopic[] topics = guide().getTopics();
		assertEquals(PAGES, Arrays.stream(topics).map(ITopic::getLabel).toList());
		for (ITopic topic : topics) {
			String html = content(topic.getHref());
			assertTrue(html.contains(">" + topic.getLabel() + "</h"), topic.getHref()); // as h1, or h2 from README //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(html.length() > 1000, topic.getHref() + " is nearly empty: " + html.length()); //$NON-NLS-1$
		}
		// The command reference is README's, generated from the CLI's declarations.
		String commandLine = content(topics[4].getHref());
		assertTrue(commandLine.contains("Usage: bitfaster-cli servers add"), "command reference missing"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(content(topics[2].getHref()).contains("Exactly once: the ledger"), "campaign section missing"); //$NON-NLS-1$ //$NON-NLS-2$
		// README's link to the ledger's format goes to its page inside help; no link points at a repository file.
		assertTrue(content(topics[2].getHref()).contains("<a href=\"ledger.html\">"), "no link to the ledger page"); //$NON-NLS-1$ //$NON-NLS-2$
		for (ITopic topic : topics) {
			assertFalse(content(topic.getHref()).matches("(?s).*href=\"[^\"#:]*\\.(md|java)[\"#].*"), //$NON-NLS-1$
					topic.getHref() + " links to a repository file"); //$NON-NLS-1$
		}
	}

	@Test
	void editorsHaveContextHelpOnTheirGuidePages() {
		IContext server = HelpSystem.getContext(ServerEditor.HELP_CONTEXT_ID);
		assertNotNull(server, ServerEditor.HELP_CONTEXT_ID);
		assertTrue(hrefs(server).contains("/com.bitfaster.mail.doc/guide/servers-security.html"), hrefs(server).toString()); //$NON-NLS-1$
		IContext campaign = HelpSystem.getContext("com.bitfaster.mail.campaign.ui.campaign_editor"); //$NON-NLS-1$
		assertNotNull(campaign, "campaign editor context"); //$NON-NLS-1$
		assertTrue(hrefs(campaign).contains("/com.bitfaster.mail.doc/guide/campaigns.html"), hrefs(campaign).toString()); //$NON-NLS-1$
	}

	private static List<String> hrefs(IContext context) {
		return Arrays.stream(context.getRelatedTopics()).map(IHelpResource::getHref).toList();
	}

	@Test
	void f1InTheServerEditorShowsItsGuidePage() throws Exception {
		MailServer draft = MailServer.builder().name("Help Server").host("smtp.example.org").port(587) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType("smtp").encryption("starttls").build(); //$NON-NLS-1$ //$NON-NLS-2$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forNew(draft), ServerEditor.ID);
		flush();
		Control focus = display().getFocusControl();
		assertNotNull(focus, "nothing has the focus in the server editor"); //$NON-NLS-1$
		// The real key press, as a user does it.
		postKey(SWT.F1);
		// The Help view shows the context's title from contexts.xml ("Server editor") with its guide pages.
		waitUntil(() -> "Help view with the server editor's context" //$NON-NLS-1$
				+ (page().findView(HELP_VIEW) == null ? "" : ": " + text(helpViewControl())), //$NON-NLS-1$ //$NON-NLS-2$
				() -> page().findView(HELP_VIEW) != null && text(helpViewControl()).contains("Server editor")); //$NON-NLS-1$
		Path shot = screenshot(editor.getSite().getShell(), "help-f1-server-editor"); //$NON-NLS-1$
		System.out.println("HelpTest: F1 screenshot " + shot); //$NON-NLS-1$
		page().hideView(page().findView(HELP_VIEW));
	}

	@Test
	void f1InTheCampaignEditorShowsItsGuidePage(@TempDir Path dir) throws Exception {
		CampaignEditor editor = CampaignEditor.open(page(), dir.resolve("help" + com.bitfaster.mail.campaign.CampaignFile.EXTENSION)); //$NON-NLS-1$
		editor.setFocus();
		flush();
		Control focus = display().getFocusControl();
		assertNotNull(focus, "nothing has the focus in the campaign editor"); //$NON-NLS-1$
		// F1 goes to the focused control and then up its parents: one of them carries the editor's context.
		assertEquals(CampaignEditor.HELP_CONTEXT_ID, helpContextAbove(focus), "context above the focus " + focus); //$NON-NLS-1$
		assertFalse(text(editor.getSite().getShell()).contains("Campaign editor"), "the title is shown before F1"); //$NON-NLS-1$ //$NON-NLS-2$
		postKey(SWT.F1);
		// The Help view shows the context's title from contexts_campaign.xml ("Campaign editor").
		waitUntil(() -> "Help view with the campaign editor's context" //$NON-NLS-1$
				+ (page().findView(HELP_VIEW) == null ? "" : ": " + text(helpViewControl())), //$NON-NLS-1$ //$NON-NLS-2$
				() -> page().findView(HELP_VIEW) != null && text(helpViewControl()).contains("Campaign editor")); //$NON-NLS-1$
		Path shot = screenshot(editor.getSite().getShell(), "help-f1-campaign-editor"); //$NON-NLS-1$
		System.out.println("HelpTest: F1 campaign screenshot " + shot); //$NON-NLS-1$
		page().hideView(page().findView(HELP_VIEW));
		page().closeEditor(editor, false);
	}

	/** @return the help context id set on the control or its nearest parent that has one (WorkbenchHelpSystem's key) */
	private static Object helpContextAbove(Control control) {
		for (Control c = control; c != null; c = c.getParent()) {
			if (c.getData("org.eclipse.ui.help") != null) { //$NON-NLS-1$
				return c.getData("org.eclipse.ui.help"); //$NON-NLS-1$
			}
		}
		return null;
	}

	@Test
	void helpContentsShowsTheGuideInTheHelpWindow() throws Exception {
		PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		runHelpContents();
		Browser browser = waitForHelpBrowser();
		// The help server's own table of contents (what the tree in the window is built from) lists the guide.
		URI index = URI.create(browser.getUrl());
		assertEquals("127.0.0.1", index.getHost(), index.toString()); //$NON-NLS-1$
		String toc = get(index.resolve("/help/advanced/tocfragment")); //$NON-NLS-1$
		assertTrue(toc.contains(GUIDE), toc);
		// The contents tree shows the books; the guide is one of them.
		waitUntil(() -> "help window lists the guide: " + frameText(browser), //$NON-NLS-1$
				() -> frameText(browser).contains(GUIDE));
		Path shot = screenshot(browser.getShell(), "help-contents"); //$NON-NLS-1$
		System.out.println("HelpTest: Help Contents at " + index + ", screenshot " + shot); //$NON-NLS-1$ //$NON-NLS-2$

		// A topic opens in the help window (which may replace its browser), and the tree expands the guide to its pages.
		PlatformUI.getWorkbench().getHelpSystem().displayHelpResource("/com.bitfaster.mail.doc/guide/campaigns.html"); //$NON-NLS-1$
		Browser[] topic = new Browser[1];
		waitUntil(() -> "campaigns page shown with the guide's pages in the tree: " //$NON-NLS-1$
				+ (topic[0] == null ? "" : frameText(topic[0])), () -> { //$NON-NLS-1$
					topic[0] = helpBrowser();
					String text = topic[0] == null ? "" : frameText(topic[0]); //$NON-NLS-1$
					return text.contains("Exactly once: the ledger") && PAGES.stream().allMatch(text::contains); //$NON-NLS-1$
				});
		System.out.println("HelpTest: topic screenshot " + screenshot(topic[0].getShell(), "help-topic-campaigns")); //$NON-NLS-1$ //$NON-NLS-2$
		topic[0].getShell().close();
	}

	/** The window's controls: the Help view is in it, and nothing else there says "Server editor". */
	private static Control helpViewControl() {
		return page().findView(HELP_VIEW).getSite().getShell();
	}

	private static void runHelpContents() {
		var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		var action = ActionFactory.HELP_CONTENTS.create(window);
		try {
			action.run();
		} finally {
			action.dispose();
		}
	}

	private static Browser waitForHelpBrowser() {
		waitUntil("help window with a browser", () -> helpBrowser() != null); //$NON-NLS-1$
		return helpBrowser();
	}

	/** @return the help window's browser showing the help web application, or null */
	private static Browser helpBrowser() {
		for (Shell shell : display().getShells()) {
			Browser b = shell.isDisposed() ? null : find(shell, Browser.class);
			if (b != null && !b.isDisposed() && b.getUrl() != null && b.getUrl().contains("/help/")) { //$NON-NLS-1$
				return b;
			}
		}
		return null;
	}

	/** The text of the page and of all its frames (the help window is a frameset). */
	private static String frameText(Browser browser) {
		if (browser.isDisposed()) {
			return ""; //$NON-NLS-1$
		}
		Object text = browser.evaluate("function t(w){var s='';try{s=w.document.body?w.document.body.innerText:'';}" //$NON-NLS-1$
				+ "catch(e){}for(var i=0;i<w.frames.length;i++){s+='\\n'+t(w.frames[i]);}return s;}return t(window);"); //$NON-NLS-1$
		return text == null ? "" : text.toString(); //$NON-NLS-1$
	}

	private static String get(URI uri) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
					HttpResponse.BodyHandlers.ofString());
			assertEquals(200, response.statusCode(), uri.toString());
			return response.body();
		}
	}

	private static void postKey(int keyCode) {
		var event = new org.eclipse.swt.widgets.Event();
		event.type = SWT.KeyDown;
		event.keyCode = keyCode;
		assertTrue(display().post(event), "could not post the key press"); //$NON-NLS-1$
		event.type = SWT.KeyUp;
		display().post(event);
		flush();
	}

	private static <T extends Control> T find(Control control, Class<T> type) {
		if (type.isInstance(control)) {
			return type.cast(control);
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				T found = find(child, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** The texts of the labels, sections and links under a control, for finding what a view shows. */
	private static String text(Control control) {
		List<String> texts = new ArrayList<>();
		collect(control, texts);
		return String.join("\n", texts); //$NON-NLS-1$
	}

	private static void collect(Control control, List<String> texts) {
		try {
			var getText = control.getClass().getMethod("getText"); //$NON-NLS-1$
			Object t = getText.invoke(control);
			if (t != null) {
				texts.add(t.toString());
			}
		} catch (ReflectiveOperationException e) {
			// not a control with text
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				collect(child, texts);
			}
		}
	}
}
