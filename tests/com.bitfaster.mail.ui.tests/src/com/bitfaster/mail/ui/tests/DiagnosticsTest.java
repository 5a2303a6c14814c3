package com.bitfaster.mail.ui.tests;

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
import com.bitfaster.mail.ui.internal.diagnostics.DiagnosticsView;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;

/** Test Connection: without a tester it says so; with one, the diagnostics view and the navigator show the result. */
class DiagnosticsTest {

	private static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"; //$NON-NLS-1$

	@BeforeEach
	void setUp() {
		reset();
	}

	private static DiagnosticsView diagnosticsView() {
		return (DiagnosticsView) page().findView(DiagnosticsView.ID);
	}

	@Test
	void testConnectionWithoutTesterSaysNotInstalled() throws Exception {
		MailServer server = addServer("Lonely Relay", "lonely.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		select(server);
		execute(CommandIds.TEST_CONNECTION);
		waitUntil("not installed shown", () -> diagnosticsView() != null //$NON-NLS-1$
				&& diagnosticsView().summaryText().contains("not installed")); //$NON-NLS-1$
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
				.registerService(ConnectionTester.class, fake, null);
		try {
			select(server);
			execute(CommandIds.TEST_CONNECTION);
			waitUntil("report shown", () -> diagnosticsView() != null //$NON-NLS-1$
					&& diagnosticsView().summaryText().contains("passed")); //$NON-NLS-1$
			assertEquals(6, diagnosticsView().stepCount());
			waitForLabels("test result decoration", l -> l.get(0).contains("[test passed]")); //$NON-NLS-1$ //$NON-NLS-2$
			screenshot(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "diagnostics"); //$NON-NLS-1$
			assertTrue(diagnosticsView().summaryText().contains("Tested Relay")); //$NON-NLS-1$
		} finally {
			registration.unregister();
		}
	}
}
