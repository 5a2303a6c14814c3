package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static com.bitfaster.mail.ui.tests.UiTestSupport.reset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.discovery.DiscoveryReport;
import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.tests.support.Loopback;
import com.bitfaster.mail.tests.support.TestCertificates;
import com.bitfaster.mail.ui.internal.discovery.DiscoveryPage;
import com.bitfaster.mail.ui.internal.discovery.DiscoveryWizard;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.preferences.DiscoveryPreferencePage;

/**
 * New Server from Address against real peers on loopback: dnsmasq names submit.ui-discover.test:587 in a
 * {@code _submission._tcp} SRV record, and SubEthaSMTP answers there with STARTTLS and a certificate of the test CA.
 * The wizard shows each step, and Finish opens the server editor on a new server with what was found (screenshots of
 * both). Port 587 needs root; without it the test is skipped and says why.
 */
class DiscoveryWizardTest {

	private static final String DOMAIN = "ui-discover.test"; //$NON-NLS-1$
	private static final String IP = "127.0.0.161"; //$NON-NLS-1$
	/** A domain whose submission server accepts only XOAUTH2 after STARTTLS, as a tenant without passwords. */
	private static final String OAUTH_DOMAIN = "ui-oauth.test"; //$NON-NLS-1$
	private static final String OAUTH_IP = "127.0.0.163"; //$NON-NLS-1$
	private static SMTPServer oauthSmtp;

	@TempDir
	static Path dir;
	private static Process dnsmasq;
	private static SMTPServer smtp;
	private static int dnsPort;
	private static final List<String> LOGINS = new java.util.concurrent.CopyOnWriteArrayList<>();

	@BeforeAll
	static void startPeers() throws Exception {
		boolean privileged;
		try (ServerSocket s = new ServerSocket()) {
			s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.162"), 587)); //$NON-NLS-1$
			privileged = true;
		} catch (BindException e) {
			privileged = false;
		}
		Assumptions.assumeTrue(privileged,
				"skipped: the SMTP peer listens on port 587 of 127.0.0.161, which needs root; CI runs as root"); //$NON-NLS-1$
		TestCertificates ca = TestCertificates.authority();
		Path keyStore = ca.signed(dir, "ui-discover.p12", "ui discover", "*." + DOMAIN); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		smtp = SMTPServer.port(587).bindAddress(InetAddress.getByName(IP)).hostName("fixture") //$NON-NLS-1$
				.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
					LOGINS.add(user);
					throw new LoginFailedException();
				})).requireAuth().enableTLS().requireTLS().startTlsSocketFactory(TestCertificates.serverContext(keyStore))
				.messageHandler((context, from, to, data) -> {
					// nothing is sent
				}).build();
		smtp.start();
		Path oauthKeyStore = ca.signed(dir, "ui-oauth.p12", "ui oauth", "*." + OAUTH_DOMAIN); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		oauthSmtp = SMTPServer.port(587).bindAddress(InetAddress.getByName(OAUTH_IP)).hostName("fixture") //$NON-NLS-1$
				.authenticationHandlerFactory(new AuthenticationHandlerFactory() {
					@Override
					public List<String> getAuthenticationMechanisms() {
						return List.of("XOAUTH2"); //$NON-NLS-1$
					}

					@Override
					public AuthenticationHandler create() {
						return new AuthenticationHandler() {
							@Override
							public java.util.Optional<String> auth(String clientInput, MessageContext context)
									throws RejectException {
								LOGINS.add("XOAUTH2"); //$NON-NLS-1$
								throw new RejectException(535, "5.7.8 refused"); //$NON-NLS-1$
							}

							@Override
							public Object getIdentity() {
								return null;
							}
						};
					}
				}).requireAuth().enableTLS().requireTLS()
				.startTlsSocketFactory(TestCertificates.serverContext(oauthKeyStore))
				.messageHandler((context, from, to, data) -> {
					// nothing is sent
				}).build();
		oauthSmtp.start();
		int port = Loopback.freePort();
		dnsPort = port;
		Path log = dir.resolve("dnsmasq.log"); //$NON-NLS-1$
		dnsmasq = new ProcessBuilder("dnsmasq", "--no-daemon", "--port=" + port, "--listen-address=" + Loopback.HOST, //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				"--bind-interfaces", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--pid-file", "--local=/test/", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				"--address=/" + DOMAIN + "/" + IP, //$NON-NLS-1$ //$NON-NLS-2$
				"--srv-host=_submission._tcp." + DOMAIN + ",submit." + DOMAIN + ",587,0,10", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"--address=/" + OAUTH_DOMAIN + "/" + OAUTH_IP) //$NON-NLS-1$ //$NON-NLS-2$
				.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			Loopback.awaitListening(port, Duration.ofSeconds(10), dnsmasq);
		} catch (IOException e) {
			throw new IOException("dnsmasq did not start: " + Files.readString(log), e); //$NON-NLS-1$
		}
		System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, Loopback.HOST + ":" + port); //$NON-NLS-1$
	}

	@AfterAll
	static void stopPeers() throws InterruptedException {
		System.clearProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		if (smtp != null) {
			smtp.stop();
		}
		if (oauthSmtp != null) {
			oauthSmtp.stop();
		}
		if (dnsmasq != null) {
			dnsmasq.destroy();
			dnsmasq.waitFor();
		}
	}

	@BeforeEach
	void setUp() {
		reset();
	}

	@Test
	void theCommandIsDeclared() throws Exception {
		ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
		assertEquals("New Server from Address...", //$NON-NLS-1$
				commands.getCommand("com.bitfaster.mail.ui.commands.newServerFromAddress").getName()); //$NON-NLS-1$
	}

	@Test
	void discoversStepByStepAndOpensTheEditorOnWhatItFound() throws Exception {
		DiscoveryWizard wizard = new DiscoveryWizard(page());
		WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.setPageSize(900, 380);
		dialog.open();
		try {
			DiscoveryPage p = wizard.discoveryPage();
			assertTrue(!p.isPageComplete() && !p.discoverButton().isEnabled(), "nothing to finish before discovery"); //$NON-NLS-1$
			p.addressField().setText("ann@" + DOMAIN); //$NON-NLS-1$
			assertTrue(p.discoverButton().isEnabled());
			p.runDiscovery(); // runs in the wizard's progress area; returns when discovery is done
			DiscoveryReport report = p.report();
			assertNotNull(report);
			assertNotNull(report.proposal(), () -> report.steps().toString());
			assertEquals(List.of("submit.ui-discover.test", 587, "starttls", "ann@ui-discover.test"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					List.of(report.proposal().host(), report.proposal().port(), report.proposal().encryption(),
							report.proposal().username()));
			assertEquals(report.steps(), p.shownSteps(), "every step is shown"); //$NON-NLS-1$
			assertTrue(p.shownSteps().stream().anyMatch(s -> s.name().equals("Probe") //$NON-NLS-1$
					&& s.verdict() == DiagnosticStep.Verdict.PASSED), p.shownSteps()::toString);
			assertTrue(p.isPageComplete());
			assertTrue(LOGINS.isEmpty(), "discovery never signs in"); //$NON-NLS-1$
			assertNotNull(screenshot(dialog.getShell(), "discovery-wizard")); //$NON-NLS-1$
			assertEquals(report.steps(), p.shownSteps(), "no step is shown twice once the events are processed"); //$NON-NLS-1$
			assertTrue(wizard.performFinish());
		} finally {
			dialog.close();
		}
		waitUntil("the server editor on the proposal", () -> page().getActiveEditor() instanceof ServerEditor); //$NON-NLS-1$
		ServerEditor editor = (ServerEditor) page().getActiveEditor();
		assertEquals(List.of(DOMAIN, "submit.ui-discover.test", "587", "starttls", "ann@ui-discover.test"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				List.of(editor.model().name.getValue(), editor.model().host.getValue(), editor.model().port.getValue(),
						editor.model().encryption.getValue(), editor.model().username.getValue()));
		assertTrue(editor.isDirty(), "the new server is not saved until the user saves it"); //$NON-NLS-1$
		assertNotNull(screenshot(editor, "discovery-editor")); //$NON-NLS-1$
		page().closeEditor(editor, false);
	}

	@Test
	void aServerThatAcceptsOnlyXoauth2OpensTheEditorOnOAuth2SignIn() throws Exception {
		DiscoveryWizard wizard = new DiscoveryWizard(page());
		WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.setPageSize(900, 380);
		dialog.open();
		try {
			DiscoveryPage p = wizard.discoveryPage();
			p.addressField().setText("ann@" + OAUTH_DOMAIN); //$NON-NLS-1$
			p.runDiscovery();
			DiscoveryReport report = p.report();
			assertNotNull(report.proposal(), () -> report.steps().toString());
			assertEquals(List.of("smtp.ui-oauth.test", 587, "starttls", "oauth2", List.of("XOAUTH2")), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
					List.of(report.proposal().host(), report.proposal().port(), report.proposal().encryption(),
							report.proposal().authentication(), report.proposal().authMechanisms()));
			assertTrue(wizard.performFinish());
		} finally {
			dialog.close();
		}
		waitUntil("the server editor on the proposal", () -> page().getActiveEditor() instanceof ServerEditor); //$NON-NLS-1$
		ServerEditor editor = (ServerEditor) page().getActiveEditor();
		assertEquals("oauth2", editor.model().authMethod.getValue()); //$NON-NLS-1$
		assertEquals("ann@ui-oauth.test", editor.model().username.getValue()); //$NON-NLS-1$
		// The OAuth2 settings are shown, waiting for the organisation's client id.
		Composite body = editor.formPage().form().getBody();
		assertTrue(com.bitfaster.mail.tests.support.ui.Widgets.find(body,
				com.bitfaster.mail.ui.internal.form.ServerSettingsForm.FIELD_KEY, "oauthSignIn").isPresent()); //$NON-NLS-1$
		assertTrue(editor.model().problems().stream().anyMatch(pr -> "clientId".equals(pr.settingKey())), //$NON-NLS-1$
				editor.model().problems()::toString);
		assertTrue(LOGINS.isEmpty(), "discovery never signs in"); //$NON-NLS-1$
		page().closeEditor(editor, false);
	}

	@Test
	void thePreferencePageNamesTheResolverDiscoveryAsks() throws Exception {
		String property = System.getProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		System.clearProperty(ServerDiscovery.DNS_SERVER_PROPERTY);
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), DiscoveryPreferencePage.ID, null, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush();
			DiscoveryPreferencePage page = (DiscoveryPreferencePage) dialog.getSelectedPage();
			Text server = texts((Composite) page.getControl()).get(0);
			server.setText("127.0.0.1:99999"); //$NON-NLS-1$
			com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush();
			assertTrue(!page.isValid() && page.getErrorMessage() != null, "port 99999 must be refused"); //$NON-NLS-1$
			server.setText(Loopback.HOST + ":" + dnsPort); //$NON-NLS-1$
			com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush();
			assertTrue(page.isValid(), page::getErrorMessage);
			assertNotNull(screenshot(dialog.getShell(), "discovery-preferences")); //$NON-NLS-1$
			assertTrue(page.performOk());
			assertEquals(Loopback.HOST + ":" + dnsPort, Platform.getPreferencesService().getString( //$NON-NLS-1$
					ServerDiscovery.PREFERENCE_NODE, ServerDiscovery.DNS_SERVER_PREFERENCE, "", null)); //$NON-NLS-1$
			DiscoveryReport report = MailServices.find(ServerDiscovery.class).orElseThrow().discover("bob@" + DOMAIN, //$NON-NLS-1$
					null, null);
			assertTrue(report.steps().get(1).detail().contains(ServerDiscovery.PREFERENCE_NODE + "/"), //$NON-NLS-1$
					() -> report.steps().get(1).detail());
			assertEquals("submit.ui-discover.test", report.proposal().host()); //$NON-NLS-1$
		} finally {
			dialog.close();
			InstanceScope.INSTANCE.getNode(ServerDiscovery.PREFERENCE_NODE).remove(ServerDiscovery.DNS_SERVER_PREFERENCE);
			System.setProperty(ServerDiscovery.DNS_SERVER_PROPERTY, property);
		}
	}

	private static List<Text> texts(Composite root) {
		List<Text> found = new java.util.ArrayList<>();
		for (Control child : root.getChildren()) {
			if (child instanceof Text text) {
				found.add(text);
			} else if (child instanceof Composite composite) {
				found.addAll(texts(composite));
			}
		}
		return found;
	}
}
