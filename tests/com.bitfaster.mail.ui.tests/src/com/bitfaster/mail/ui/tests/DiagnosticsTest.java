package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/** Test Connection: without a tester it says so; with one, the diagnostics view and the navigator show the result. */
class DiagnosticsTest {

	/** The scripted tester is used instead of the smtp bundle's real one while it is registered. */
	private static final java.util.Dictionary<String, Object> OUTRANKS_SMTP_BUNDLE = FrameworkUtil
			.asDictionary(java.util.Map.of(org.osgi.framework.Constants.SERVICE_RANKING, Integer.MAX_VALUE));


	private static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"; //$NON-NLS-1$

	@BeforeEach
	void setUp() {
		reset();
	}

	@Test
	void testConnectionWithoutTesterSaysNotInstalled() throws Exception {
		MailServer server = addServer("Lonely Relay", "lonely.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		org.osgi.framework.Bundle smtp = org.eclipse.core.runtime.Platform.getBundle("com.bitfaster.mail.smtp"); //$NON-NLS-1$
		smtp.stop();
		try {
			select(server);
			execute(CommandIds.TEST_CONNECTION);
			waitUntil("not installed shown", () -> DiagnosticsPage.summary().contains("not installed")); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			smtp.start();
		}
	}

	@Test
	void editorTestsUnsavedSettingsAndPinsTheCertificate() throws Exception {
		MailServer server = addServer("Pinned Relay", "pinned.company.com", 465); //$NON-NLS-1$ //$NON-NLS-2$
		java.util.concurrent.atomic.AtomicReference<MailServer> tested = new java.util.concurrent.atomic.AtomicReference<>();
		ConnectionTester fake = (s, password, recipient, monitor) -> {
			tested.set(s);
			return new DiagnosticReport(List.of(new DiagnosticStep("TLS", Verdict.WARNING, "Self-signed certificate")), //$NON-NLS-1$ //$NON-NLS-2$
					"", List.of("Pin the certificate to trust this server."), FINGERPRINT.toLowerCase().replace(":", "")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		};
		ServiceRegistration<ConnectionTester> registration = FrameworkUtil.getBundle(getClass()).getBundleContext()
				.registerService(ConnectionTester.class, fake, OUTRANKS_SMTP_BUNDLE);
		try {
			ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forExisting(server), ServerEditor.ID);
			flush();
			org.eclipse.swt.widgets.Composite body = editor.formPage().form().getBody();
			type(body, "PORT", "4465"); //$NON-NLS-1$ //$NON-NLS-2$
			org.eclipse.swt.widgets.Button test = field(body, "testConnection"); //$NON-NLS-1$
			test.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
			org.eclipse.swt.widgets.Button pin = field(body, "pin"); //$NON-NLS-1$
			waitUntil("pin offered", pin::isEnabled); //$NON-NLS-1$
			waitUntil("result shown", () -> DiagnosticsPage.summary().contains("Pinned Relay")); //$NON-NLS-1$ //$NON-NLS-2$
			assertEquals(4465, tested.get().port(), "the test must use the unsaved settings"); //$NON-NLS-1$
			pin.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
			flush();
			assertEquals(FINGERPRINT, ((org.eclipse.swt.widgets.Text) field(body, "PINNED_CERTIFICATE")).getText()); //$NON-NLS-1$
			assertTrue(editor.isSaveAllowed(), () -> editor.model().problems().toString());
			editor.doSave(new org.eclipse.core.runtime.NullProgressMonitor());
			assertEquals(FINGERPRINT, registry().get(server.id()).orElseThrow().pinnedCertificate());
		} finally {
			registration.unregister();
		}
	}

	@Test
	void sendTestMessageGoesToTheNotificationAddress() throws Exception {
		MailServer server = addServer("Sending Relay", "send.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		select(server);
		execute(CommandIds.SEND_TEST_MESSAGE);
		assertEquals(1, prompts().informations.size(), "without an address the user is told where to set it"); //$NON-NLS-1$
		java.util.concurrent.atomic.AtomicReference<String> recipient = new java.util.concurrent.atomic.AtomicReference<>();
		ConnectionTester fake = (s, password, to, monitor) -> {
			recipient.set(to);
			return new DiagnosticReport(List.of(new DiagnosticStep("Test message", Verdict.PASSED, "250 queued")), "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					List.of(), ""); //$NON-NLS-1$
		};
		ServiceRegistration<ConnectionTester> registration = FrameworkUtil.getBundle(getClass()).getBundleContext()
				.registerService(ConnectionTester.class, fake, OUTRANKS_SMTP_BUNDLE);
		UiPreferences.store().setValue(UiPreferences.NOTIFICATION_ADDRESS, "it@company.com"); //$NON-NLS-1$
		try {
			select(server);
			execute(CommandIds.SEND_TEST_MESSAGE);
			waitUntil("test message sent", () -> "it@company.com".equals(recipient.get())); //$NON-NLS-1$ //$NON-NLS-2$
			waitUntil("result shown", () -> DiagnosticsPage.summary().contains("Sending Relay")); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			UiPreferences.store().setToDefault(UiPreferences.NOTIFICATION_ADDRESS);
			registration.unregister();
		}
	}

	@Test
	void testConnectionShowsStepsAndDecoratesServer() throws Exception {
		MailServer server = addServer("Tested Relay", "tested.company.com", 587); //$NON-NLS-1$ //$NON-NLS-2$
		ConnectionTester fake = (s, password, recipient, monitor) -> new DiagnosticReport(List.of(
				new DiagnosticStep("Resolve host", Verdict.PASSED, s.host() + " is 192.0.2.25"), //$NON-NLS-1$ //$NON-NLS-2$
				new DiagnosticStep("Connect", Verdict.PASSED, "Connected to 192.0.2.25:" + s.port() + " in 12 ms"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				new DiagnosticStep("Greeting", Verdict.PASSED, "220 tested.company.com ESMTP"), //$NON-NLS-1$ //$NON-NLS-2$
				new DiagnosticStep("EHLO", Verdict.PASSED, "SIZE 35882577, STARTTLS, AUTH PLAIN LOGIN, PIPELINING"), //$NON-NLS-1$ //$NON-NLS-2$
				new DiagnosticStep("TLS", Verdict.WARNING, "TLSv1.3, certificate expires in 12 days"), //$NON-NLS-1$ //$NON-NLS-2$
				new DiagnosticStep("AUTH", Verdict.PASSED, "235 Authentication successful")), //$NON-NLS-1$ //$NON-NLS-2$
				"S: 220 tested.company.com ESMTP\nC: EHLO workbench\nS: 250-STARTTLS\nC: AUTH PLAIN ****\nS: 235 2.7.0 OK\n", //$NON-NLS-1$
				List.of("The certificate expires soon."), FINGERPRINT); //$NON-NLS-1$
		ServiceRegistration<ConnectionTester> registration = FrameworkUtil.getBundle(getClass()).getBundleContext()
				.registerService(ConnectionTester.class, fake, OUTRANKS_SMTP_BUNDLE);
		try {
			select(server);
			execute(CommandIds.TEST_CONNECTION);
			waitUntil("report shown", () -> DiagnosticsPage.summary().contains("Tested Relay") //$NON-NLS-1$ //$NON-NLS-2$
					&& DiagnosticsPage.summary().contains("passed")); //$NON-NLS-1$
			assertEquals(6, DiagnosticsPage.stepCount());
			waitForLabels("test result decoration", l -> l.get(0).contains("[test passed]")); //$NON-NLS-1$ //$NON-NLS-2$
			navigator().getCommonViewer().setSelection(org.eclipse.jface.viewers.StructuredSelection.EMPTY);
			screenshot(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "diagnostics"); //$NON-NLS-1$
			assertTrue(DiagnosticsPage.summary().contains("Tested Relay")); //$NON-NLS-1$
		} finally {
			registration.unregister();
		}
	}
}
