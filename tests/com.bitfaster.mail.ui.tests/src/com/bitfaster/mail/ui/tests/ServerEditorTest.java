package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.editor.ServerFormPage;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/** The server editor: new server, validation, encryption defaults, transport configurators. */
class ServerEditorTest {

	@BeforeEach
	void setUp() {
		reset();
	}

	private static ServerEditor newServerEditor() throws Exception {
		navigator();
		execute(CommandIds.NEW);
		waitUntil("server editor open", () -> page().getActiveEditor() instanceof ServerEditor); //$NON-NLS-1$
		return (ServerEditor) page().getActiveEditor();
	}

	private static Composite body(ServerEditor editor) {
		return editor.formPage().form().getBody();
	}

	@Test
	void newServerIsSavedToRegistryAndFile() throws Exception {
		ServerEditor editor = newServerEditor();
		Composite body = body(editor);
		type(body, "NAME", "Campaign Server"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "HOST", "smtp.company.com"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "PORT", "2525"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "USERNAME", "campaigns"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "PASSWORD", "s3cret"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(editor.isDirty());
		assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
		assertTrue(editor.formPage().saveAction().isEnabled());

		editor.formPage().saveAction().run();

		Optional<MailServer> saved = registry().findByName("Campaign Server"); //$NON-NLS-1$
		assertTrue(saved.isPresent());
		assertEquals("smtp.company.com", saved.get().host()); //$NON-NLS-1$
		assertEquals(2525, saved.get().port());
		assertEquals("campaigns", saved.get().username()); //$NON-NLS-1$
		assertEquals("s3cret", new String(registry().password(saved.get().id()).orElseThrow())); //$NON-NLS-1$
		String json = serversJson();
		assertTrue(json.contains("Campaign Server"), json); //$NON-NLS-1$
		assertFalse(json.contains("s3cret"), "the password must not be in servers.json"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(serversFile().toString().contains("target"), "registry outside the build folder: " + serversFile()); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(editor.isDirty());
		assertEquals("Campaign Server", editor.getPartName()); //$NON-NLS-1$
		waitForLabels("new server in navigator", labels -> labels.stream() //$NON-NLS-1$
				.anyMatch(l -> l.startsWith("Campaign Server") && l.contains("smtp.company.com:2525"))); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static void assertProblem(ServerEditor editor, ServerField field, String fragment) {
		ControlDecoration decoration = editor.formPage().settings().decoration(field);
		assertTrue(decoration.isVisible(), field + " shows no problem"); //$NON-NLS-1$
		assertTrue(decoration.getDescriptionText().contains(fragment),
				field + ": " + decoration.getDescriptionText()); //$NON-NLS-1$
		assertFalse(editor.isSaveAllowed());
		assertFalse(editor.formPage().saveAction().isEnabled());
		assertTrue(editor.formPage().form().getMessage().contains(fragment), editor.formPage().form().getMessage());
	}

	@Test
	void invalidFieldsShowMessagesAndNothingIsSaved() throws Exception {
		MailServer existing = addServer("Existing Relay", "relay.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		String before = serversJson();
		ServerEditor editor = newServerEditor();
		Composite body = body(editor);
		type(body, "HOST", "smtp.company.com"); //$NON-NLS-1$ //$NON-NLS-2$

		type(body, "NAME", ""); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.NAME, "name"); //$NON-NLS-1$
		type(body, "NAME", "existing relay"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.NAME, "existing relay"); //$NON-NLS-1$
		type(body, "NAME", "Second Relay"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(editor.formPage().settings().decoration(ServerField.NAME).isVisible());

		type(body, "PORT", "70000"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.PORT, "65535"); //$NON-NLS-1$
		type(body, "PORT", "abc"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.PORT, "whole number"); //$NON-NLS-1$
		type(body, "PORT", "25"); //$NON-NLS-1$ //$NON-NLS-2$

		type(body, "HOST", "smtp company.com"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.HOST, "space"); //$NON-NLS-1$
		screenshot(editor.getSite().getShell(), "editor-validation-error"); //$NON-NLS-1$

		editor.doSave(new NullProgressMonitor());
		editor.formPage().saveAction().run();
		assertTrue(registry().findByName("Second Relay").isEmpty(), "an invalid server was saved"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(1, registry().servers().size());
		assertEquals(before, serversJson());
		assertEquals(existing, registry().get(existing.id()).orElseThrow());
	}

	@Test
	void newServerTakesDefaultsFromPreferences() throws Exception {
		IPreferenceStore store = UiPreferences.store();
		store.setValue(UiPreferences.DEFAULT_TIMEOUT, 45);
		store.setValue(UiPreferences.DEFAULT_ENCRYPTION, "starttls"); //$NON-NLS-1$
		store.setValue(UiPreferences.DEFAULT_MAX_CONNECTIONS, 4);
		try {
			ServerEditor editor = newServerEditor();
			Composite body = body(editor);
			assertEquals("45", ((Text) field(body, "TIMEOUT")).getText()); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("587", ((Text) field(body, "PORT")).getText()); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("4", ((Text) field(body, "MAX_CONNECTIONS")).getText()); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals("starttls", editor.model().server().encryption()); //$NON-NLS-1$
		} finally {
			store.setToDefault(UiPreferences.DEFAULT_TIMEOUT);
			store.setToDefault(UiPreferences.DEFAULT_ENCRYPTION);
			store.setToDefault(UiPreferences.DEFAULT_MAX_CONNECTIONS);
		}
	}

	@Test
	void encryptionMovesDefaultPortAndKeepsCustomPort() throws Exception {
		ServerEditor editor = newServerEditor();
		Composite body = body(editor);
		Text port = field(body, "PORT"); //$NON-NLS-1$
		// Secure by default: a new server is STARTTLS on the submission port.
		assertEquals("587", port.getText()); //$NON-NLS-1$
		assertEquals("starttls", editor.model().server().encryption()); //$NON-NLS-1$
		choose(body, "ENCRYPTION", "None"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("25", port.getText()); //$NON-NLS-1$
		choose(body, "ENCRYPTION", "SSL/TLS"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("465", port.getText()); //$NON-NLS-1$
		choose(body, "ENCRYPTION", "STARTTLS"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("587", port.getText()); //$NON-NLS-1$
		assertEquals("starttls", editor.model().server().encryption()); //$NON-NLS-1$

		type(body, "PORT", "2525"); //$NON-NLS-1$ //$NON-NLS-2$
		choose(body, "ENCRYPTION", "SSL/TLS"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("2525", port.getText(), "a customised port must stay"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("ssl", editor.model().server().encryption()); //$NON-NLS-1$
	}

	/**
	 * The limits section edits the daily limit and the warm-up plan and shows where the server is in its plan, read
	 * from the shared quota file (here as a run two days ago and one today left it).
	 */
	@Test
	void warmUpPlanIsEditedAndItsStateShown() throws Exception {
		MailServer server = registry().add(MailServer.builder().name("Warming Up").host("smtp.company.com") //$NON-NLS-1$ //$NON-NLS-2$
				.limits(new com.bitfaster.mail.core.ServerLimits(2, 100, 0, 0,
						java.util.List.of(50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600)))
				.build(), null);
		long now = System.currentTimeMillis();
		long day = 24 * 3_600_000L;
		java.nio.file.Files.writeString(serversFile().resolveSibling("quota-" + server.id() + ".json"), //$NON-NLS-1$ //$NON-NLS-2$
				"{\"format\": 1, \"firstSend\": " + (now - 2 * day - 3_600_000) + ", \"blocks\": [" //$NON-NLS-1$ //$NON-NLS-2$
						+ "{\"id\": \"earlier\", \"reserved\": " + (now - 600_000) + ", \"deadline\": " + (now - 500_000) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						+ ", \"count\": 57, \"closed\": " + (now - 590_000) + ", \"used\": 57}]}"); //$NON-NLS-1$ //$NON-NLS-2$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
		editor.formPage().showPage(ServerFormPage.PAGE_SENDING); // the limits' tab
		flush();
		Composite body = body(editor);
		org.eclipse.swt.widgets.Label state = field(body, "quotaState"); //$NON-NLS-1$
		assertEquals("Day 3 of 10 of the warm-up: 200 today, 57 sent; 143 more may be sent now.", state.getText()); //$NON-NLS-1$
		assertEquals("50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600", //$NON-NLS-1$
				((Text) field(body, "WARM_UP")).getText()); //$NON-NLS-1$

		type(body, "WARM_UP", "50, lots"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.WARM_UP, "whole numbers"); //$NON-NLS-1$
		type(body, "WARM_UP", "50, 0"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.WARM_UP, "daily caps of 1"); //$NON-NLS-1$
		type(body, "MESSAGES_PER_DAY", "-1"); //$NON-NLS-1$ //$NON-NLS-2$
		assertProblem(editor, ServerField.MESSAGES_PER_DAY, "Messages per day"); //$NON-NLS-1$
		type(body, "MESSAGES_PER_DAY", "20000"); //$NON-NLS-1$ //$NON-NLS-2$
		type(body, "WARM_UP", "50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
		screenshot(editor, "editor-warm-up"); //$NON-NLS-1$
		editor.doSave(new NullProgressMonitor());
		assertEquals(20_000, registry().get(server.id()).orElseThrow().limits().messagesPerDay());
		assertEquals(10, registry().get(server.id()).orElseThrow().limits().warmUp().size());
	}

	@Test
	void pickupConfiguratorEditsTheDirectory() throws Exception {
		java.nio.file.Path spool = java.nio.file.Files.createTempDirectory(targetDir(), "spool"); //$NON-NLS-1$
		String first = spool.resolve("pickup").toString(); //$NON-NLS-1$
		String second = spool.resolve("outbox").toString(); //$NON-NLS-1$
		MailServer pickup = registry().add(MailServer.builder().name("Pickup Folder") //$NON-NLS-1$
				.transportType("pickup").encryption("none").transportSetting("directory", first) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.build(), null);
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(pickup), ServerEditor.ID);
		editor.formPage().showPage(ServerFormPage.PAGE_SENDING); // the transport settings' tab
		flush();
		Composite body = body(editor);
		Text directory = field(body, "transportSetting.directory"); //$NON-NLS-1$
		assertEquals(first, directory.getText());
		assertTrue(directory.isVisible());
		assertFalse(field(body, "HOST").isEnabled(), "a pickup directory has no host"); //$NON-NLS-1$ //$NON-NLS-2$

		directory.setText("relative/dir"); //$NON-NLS-1$
		flush();
		assertFalse(editor.isSaveAllowed());
		assertTrue(editor.formPage().form().getMessage().contains("absolute path"), //$NON-NLS-1$
				editor.formPage().form().getMessage());

		directory.setText(second);
		flush();
		assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
		screenshot(editor.getSite().getShell(), "editor-pickup"); //$NON-NLS-1$
		editor.doSave(new NullProgressMonitor());
		assertEquals(second,
				registry().get(pickup.id()).orElseThrow().transportSettings().get("directory")); //$NON-NLS-1$

		// An SMTP server has no pickup field: the section follows the transport type.
		choose(body, "TRANSPORT_TYPE", "SMTP"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(find(body, "transportSetting.directory").isEmpty()); //$NON-NLS-1$
		assertTrue(field(body, "HOST").isEnabled()); //$NON-NLS-1$
		choose(body, "TRANSPORT_TYPE", "Pickup"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(find(body, "transportSetting.directory").isPresent()); //$NON-NLS-1$
	}
}
