package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.tests.support.TestCertificates;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestResults;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.editor.ServerFormPage;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;

/**
 * A server from before "Allow the password without encryption" existed, signing in without TLS: after the upgrade it
 * keeps working, the navigator and the editor warn, Test Connection finds the STARTTLS the peer (SubEthaSMTP)
 * announces, and one click switches to it.
 */
class PlaintextWarningTest {

	private static final String USER = "legacy"; //$NON-NLS-1$
	private static final String PASSWORD = "Legacy-Pa55"; //$NON-NLS-1$

	private SMTPServer peer;
	/** For each AUTH the peer saw: whether TLS had started. */
	private final List<Boolean> loginsOverTls = new CopyOnWriteArrayList<>();

	@BeforeEach
	void setUp() throws Exception {
		reset();
		java.nio.file.Path keyStore = TestCertificates.authority().signed(targetDir(), "plaintext-peer.p12", "localhost", //$NON-NLS-1$ //$NON-NLS-2$
				"localhost", "127.0.0.1"); //$NON-NLS-1$ //$NON-NLS-2$
		peer = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost") //$NON-NLS-1$
				.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
					loginsOverTls.add(((Session) context).isTLSStarted());
					if (!USER.equals(user) || !PASSWORD.equals(password)) {
						throw new LoginFailedException();
					}
				})).messageHandler((context, from, to, data) -> {
					// accepted
				}).enableTLS().startTlsSocketFactory(TestCertificates.serverContext(keyStore)).build();
		peer.start();
	}

	@AfterEach
	void tearDown() {
		peer.stop();
	}

	/** servers.json as a version before allowPlaintextAuth wrote it: encryption none, a user name, no such field. */
	private String legacyStore() {
		return """
				{
				  "kind": "bitfaster.servers",
				  "schemaVersion": 1,
				  "servers": [
				    { "id": "0d6f5a8e-5b7e-4a5e-9a59-1e0d1f3c2b77", "name": "Legacy Relay", "transportType": "smtp",
				      "host": "127.0.0.1", "port": %d, "username": "%s", "timeoutSeconds": 10, "encryption": "none",
				      "active": true, "limits": { "maxConnections": 1, "messagesPerConnection": 100, "messagesPerHour": 0 },
				      "heloName": "", "pinnedCertificate": "", "transportSettings": {} }
				  ]
				}
				""".formatted(peer.getPortAllocated(), USER); //$NON-NLS-1$
	}

	@Test
	void anUpgradedPlainServerWarnsAndSwitchesToStartTlsInOneClick() throws Exception {
		navigator();
		// Another process (an older version, say) wrote the file: the registry reads it and upgrades the server.
		AtomicFiles.write(serversFile(), legacyStore().getBytes(StandardCharsets.UTF_8));
		waitForLabels("the upgraded server with its warning", labels -> labels.stream() //$NON-NLS-1$
				.anyMatch(l -> l.startsWith("Legacy Relay") && l.contains("[password sent without TLS]"))); //$NON-NLS-1$ //$NON-NLS-2$
		screenshot(navigator(), "navigator-plaintext-warning"); //$NON-NLS-1$
		MailServer legacy = registry().findByName("Legacy Relay").orElseThrow(); //$NON-NLS-1$
		assertTrue(legacy.allowPlaintextAuth(), "marked allowed on load, so a running campaign keeps working"); //$NON-NLS-1$
		registry().setPassword(legacy.id(), PASSWORD.toCharArray());

		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(legacy), ServerEditor.ID);
		editor.formPage().showPage(ServerFormPage.PAGE_SECURITY); // the tab of the sign-in fields
		flush();
		Composite body = editor.formPage().form().getBody();
		assertEquals(IMessageProvider.WARNING, editor.formPage().form().getMessageType());
		assertTrue(editor.formPage().form().getMessage().contains("The password travels readable"), //$NON-NLS-1$
				editor.formPage().form().getMessage());
		org.eclipse.swt.widgets.Label warningText = field(body, "plaintextWarningText"); //$NON-NLS-1$
		assertTrue(warningText.getText().contains("anyone on the network path can read"), warningText.getText()); //$NON-NLS-1$
		Button allow = field(body, ServerField.ALLOW_PLAINTEXT_AUTH.name());
		assertTrue(allow.getSelection() && allow.isEnabled());
		Composite warning = field(body, "plaintextWarning"); //$NON-NLS-1$
		assertTrue(warning.isVisible());
		Button switchButton = field(body, "switchToTls"); //$NON-NLS-1$
		assertFalse(switchButton.isVisible(), "nothing to switch to before a connection test"); //$NON-NLS-1$

		// Test Connection signs in (allowed, without TLS) and reads the STARTTLS the peer announces.
		select(legacy);
		execute(CommandIds.TEST_CONNECTION);
		waitUntil("the connection test's result", () -> ConnectionTestResults.get().last(legacy.id()).isPresent()); //$NON-NLS-1$
		assertEquals(List.of(Boolean.FALSE), loginsOverTls, "the peer saw the password without TLS, as allowed"); //$NON-NLS-1$
		assertTrue(ConnectionTestResults.get().last(legacy.id()).orElseThrow().advice().stream()
				.anyMatch(a -> a.contains("The password travels readable")), "Test Connection says it plainly"); //$NON-NLS-1$ //$NON-NLS-2$
		page().activate(editor);
		waitUntil("the switch button", switchButton::isVisible); //$NON-NLS-1$
		assertEquals("Switch to STARTTLS (port " + peer.getPortAllocated() + ")", switchButton.getText()); //$NON-NLS-1$ //$NON-NLS-2$
		flush();
		screenshot(editor, "editor-plaintext-warning"); //$NON-NLS-1$

		switchButton.notifyListeners(SWT.Selection, null);
		flush();
		assertEquals("starttls", editor.model().encryption.getValue()); //$NON-NLS-1$
		assertEquals(Integer.toString(peer.getPortAllocated()), ((Text) field(body, "PORT")).getText()); //$NON-NLS-1$
		assertFalse(warning.isVisible(), "no warning once the password is protected"); //$NON-NLS-1$
		assertFalse(allow.getSelection());
		assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
		editor.formPage().saveAction().run();
		MailServer saved = registry().get(legacy.id()).orElseThrow();
		assertEquals("starttls", saved.encryption()); //$NON-NLS-1$
		assertFalse(saved.allowPlaintextAuth());
		assertTrue(serversJson().contains("\"allowPlaintextAuth\": false"), serversJson()); //$NON-NLS-1$
		waitForLabels("the warning gone", labels -> labels.stream() //$NON-NLS-1$
				.anyMatch(l -> l.startsWith("Legacy Relay") && !l.contains("without TLS"))); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void theEditorRefusesNoneWithAUserNameUntilTicked() throws Exception {
		MailServer server = addServer("Plain Relay", "127.0.0.1", peer.getPortAllocated()); //$NON-NLS-1$ //$NON-NLS-2$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
		editor.formPage().showPage(ServerFormPage.PAGE_SECURITY); // the tab of the sign-in fields
		flush();
		Composite body = editor.formPage().form().getBody();
		Button allow = field(body, ServerField.ALLOW_PLAINTEXT_AUTH.name());
		assertFalse(allow.isEnabled(), "without a user name there is nothing to allow"); //$NON-NLS-1$
		type(body, "USERNAME", USER); //$NON-NLS-1$
		assertTrue(editor.formPage().settings().decoration(ServerField.ALLOW_PLAINTEXT_AUTH).isVisible());
		assertTrue(editor.formPage().form().getMessage().contains("Allow the password without encryption"), //$NON-NLS-1$
				editor.formPage().form().getMessage());
		assertFalse(editor.isSaveAllowed());
		assertTrue(allow.isEnabled());
		screenshot(editor, "editor-plaintext-refused"); //$NON-NLS-1$
		allow.setSelection(true);
		allow.notifyListeners(SWT.Selection, null);
		flush();
		assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
		assertEquals(IMessageProvider.WARNING, editor.formPage().form().getMessageType());
		assertTrue(((Composite) field(body, "plaintextWarning")).isVisible()); //$NON-NLS-1$
	}
}
