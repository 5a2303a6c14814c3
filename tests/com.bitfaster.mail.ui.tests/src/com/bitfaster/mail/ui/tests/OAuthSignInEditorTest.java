package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.tests.support.oauth.Browser;
import com.bitfaster.mail.tests.support.oauth.KeycloakServer;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.internal.editor.ServerEditor;
import com.bitfaster.mail.ui.internal.editor.ServerEditorInput;
import com.bitfaster.mail.ui.internal.editor.ServerFormPage;

/**
 * The server editor's Authentication section with OAuth2, against the real Keycloak of the test support (the realm's
 * public PKCE client): the user picks OAuth2 sign-in and an OpenID provider, the missing client id is shown at its
 * field, the server is saved with a client secret (into secure storage only), "Sign in..." runs the authorization code
 * flow in a job while the test plays the browser (it posts Keycloak's login form), and the section then shows who is
 * signed in and until when; "Sign out" forgets the tokens.
 */
@ExtendWith(KeycloakServer.class)
class OAuthSignInEditorTest {

	private static final String CLIENT_SECRET = "typed-client-secret-4711"; //$NON-NLS-1$

	private ServiceRegistration<OAuthService.BrowserOpener> browser;
	/** What the playing browser ended on: the loopback redirect's answer, or its failure. */
	private final CompletableFuture<Browser.Page> browserDone = new CompletableFuture<>();
	private MailServer saved;

	@BeforeEach
	void setUp() {
		reset();
		Hashtable<String, Object> ranking = new Hashtable<>();
		ranking.put(Constants.SERVICE_RANKING, Integer.valueOf(1000));
		// The "system browser" of this test: Keycloak's login form filled in and posted, as the oauth tests do.
		browser = FrameworkUtil.getBundle(OAuthSignInEditorTest.class).getBundleContext().registerService(
				OAuthService.BrowserOpener.class, uri -> CompletableFuture.runAsync(() -> {
					try {
						Map<String, String> fields = new LinkedHashMap<>();
						fields.put("username", KeycloakServer.USER); //$NON-NLS-1$
						fields.put("password", KeycloakServer.PASSWORD); //$NON-NLS-1$
						browserDone.complete(new Browser().signIn(uri, fields));
					} catch (Exception e) {
						browserDone.completeExceptionally(e);
					}
				}), ranking);
	}

	@AfterEach
	void tearDown() {
		browser.unregister();
		if (saved != null) {
			com.bitfaster.mail.ui.MailServices.find(OAuthService.class).ifPresent(s -> s.signOut(saved));
		}
		page().closeAllEditors(false);
	}

	@Test
	void signsInFromTheEditorAndShowsWhoIsSignedInUntilWhen() throws Exception {
		MailServer draft = MailServer.builder().name("Keycloak Mail").host("127.0.0.1").port(587) //$NON-NLS-1$ //$NON-NLS-2$
				.encryption("starttls").build(); //$NON-NLS-1$
		ServerEditor editor = (ServerEditor) page().openEditor(ServerEditorInput.forNew(draft), ServerEditor.ID);
		editor.formPage().showPage(ServerFormPage.PAGE_SECURITY); // the tab of the sign-in fields
		flush();
		Composite body = editor.formPage().form().getBody();
		type(body, ServerField.USERNAME.name(), KeycloakServer.USER);
		Combo method = field(body, ServerField.AUTH_METHOD.name());
		assertEquals(MailServer.AUTH_PASSWORD, editor.model().authMethod.getValue());
		Widgets.select(method, "OAuth2 sign-in"); //$NON-NLS-1$
		flush();
		assertEquals(MailServer.AUTH_OAUTH2, editor.model().server().authMethod());
		Text password = field(body, ServerField.PASSWORD.name());
		assertFalse(password.isVisible() || password.isEnabled(), "the password row is the password method's"); //$NON-NLS-1$

		Combo provider = field(body, "authSetting." + OAuthSettings.PROVIDER); //$NON-NLS-1$
		assertEquals(OAuthSettings.MICROSOFT, editor.model().server().authSettings().get(OAuthSettings.PROVIDER),
				"Microsoft 365 preselected"); //$NON-NLS-1$
		Text tenant = field(body, "authSetting." + OAuthSettings.TENANT); //$NON-NLS-1$
		assertTrue(tenant.isEnabled());
		Widgets.select(provider, "OpenID provider (issuer URL)"); //$NON-NLS-1$
		flush();
		assertFalse(tenant.isEnabled(), "a tenant is Microsoft's"); //$NON-NLS-1$
		type(body, "authSetting." + OAuthSettings.ISSUER_URL, KeycloakServer.get().issuer().toString()); //$NON-NLS-1$
		type(body, "authSetting." + OAuthSettings.SCOPE, "openid email"); //$NON-NLS-1$ //$NON-NLS-2$

		// No client id yet: the one-line problem is at that field, and saving is refused.
		Text clientId = field(body, "authSetting." + OAuthSettings.CLIENT_ID); //$NON-NLS-1$
		ControlDecoration problem = decorationOf(clientId);
		assertTrue(problem.isVisible(), "the missing client id is marked"); //$NON-NLS-1$
		assertTrue(problem.getDescriptionText().toLowerCase().contains("client id"), problem.getDescriptionText()); //$NON-NLS-1$
		assertFalse(problem.getDescriptionText().contains("\n")); //$NON-NLS-1$
		assertFalse(editor.isSaveAllowed());
		type(body, "authSetting." + OAuthSettings.CLIENT_ID, KeycloakServer.PUBLIC_CLIENT); //$NON-NLS-1$
		assertFalse(problem.isVisible(), editor.model().problems().toString());

		Button signIn = field(body, "oauthSignIn"); //$NON-NLS-1$
		Label state = field(body, "oauthState"); //$NON-NLS-1$
		assertFalse(signIn.isEnabled(), "signing in needs the saved settings"); //$NON-NLS-1$
		assertEquals("Save the server to sign in with these settings.", state.getText()); //$NON-NLS-1$

		// A client secret (the public client ignores it) goes to secure storage on save, never into servers.json.
		type(body, "authSecret." + OAuthSettings.SECRET_CLIENT_SECRET, CLIENT_SECRET); //$NON-NLS-1$
		assertTrue(editor.isSaveAllowed(), editor.model().problems().toString());
		editor.doSave(new NullProgressMonitor());
		flush();
		saved = registry().findByName("Keycloak Mail").orElseThrow(); //$NON-NLS-1$
		assertEquals(MailServer.AUTH_OAUTH2, saved.authMethod());
		assertEquals(KeycloakServer.PUBLIC_CLIENT, saved.authSettings().get(OAuthSettings.CLIENT_ID));
		assertEquals(CLIENT_SECRET, registry().secret(saved.id(), OAuthSettings.SECRET_CLIENT_SECRET).map(String::new)
				.orElse(null));
		assertFalse(serversJson().contains(CLIENT_SECRET), "the client secret is not in servers.json"); //$NON-NLS-1$
		Text secretField = field(body, "authSecret." + OAuthSettings.SECRET_CLIENT_SECRET); //$NON-NLS-1$
		assertEquals("", secretField.getText()); //$NON-NLS-1$
		assertFalse(editor.isDirty());
		assertEquals("Not signed in.", state.getText()); //$NON-NLS-1$
		assertTrue(signIn.isEnabled());
		assertFalse(((Button) field(body, "oauthSignOut")).isEnabled()); //$NON-NLS-1$
		showAuthentication(editor, signIn);
		Path before = screenshot(editor.getSite().getShell(), "editor-oauth-before-sign-in"); //$NON-NLS-1$

		Widgets.press(signIn);
		waitUntil(() -> "signed in (state: " + state.getText() + ", browser: " + browserDone + ")", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				() -> state.getText().startsWith("Signed in as ")); //$NON-NLS-1$
		assertTrue(browserDone.isDone() && !browserDone.isCompletedExceptionally(), "the browser reached the redirect"); //$NON-NLS-1$
		assertTrue(state.getText().matches("Signed in as \\S+ until \\d\\d:\\d\\d"), state.getText()); //$NON-NLS-1$
		assertTrue(state.getText().contains(KeycloakServer.USER), state.getText());
		String refresh = registry().secret(saved.id(), OAuthSettings.SECRET_REFRESH_TOKEN).map(String::new).orElse(null);
		assertTrue(refresh != null && !refresh.isEmpty(), "the refresh token is in secure storage"); //$NON-NLS-1$
		assertFalse(serversJson().contains(refresh), "no token in servers.json"); //$NON-NLS-1$
		Button signOut = field(body, "oauthSignOut"); //$NON-NLS-1$
		assertTrue(signOut.isEnabled());
		showAuthentication(editor, signIn);
		screenshot(editor.getSite().getShell(), "editor-oauth-signed-in"); //$NON-NLS-1$

		Widgets.press(signOut);
		waitUntil(() -> "signed out (state: " + state.getText() + ")", //$NON-NLS-1$ //$NON-NLS-2$
				() -> "Not signed in.".equals(state.getText())); //$NON-NLS-1$
		assertTrue(registry().secret(saved.id(), OAuthSettings.SECRET_REFRESH_TOKEN).isEmpty(), "tokens forgotten"); //$NON-NLS-1$
		assertTrue(before.toFile().length() > 0);
		restore(editor);
	}

	/** Maximizes the editor and scrolls its form so the Authentication section is on screen, for a screenshot. */
	private static void showAuthentication(ServerEditor editor, Control inSection) {
		IWorkbenchPage page = editor.getSite().getPage();
		page.activate(editor);
		page.setPartState(page.getReference(editor), IWorkbenchPage.STATE_MAXIMIZED);
		flush();
		editor.formPage().form().reflow(true);
		FormToolkit.ensureVisible(inSection);
		flush();
	}

	private static void restore(ServerEditor editor) {
		IWorkbenchPage page = editor.getSite().getPage();
		page.setPartState(page.getReference(editor), IWorkbenchPage.STATE_RESTORED);
		flush();
	}

	/** @return the error decoration the configurator put on a control (kept in its data, for inspection) */
	private static ControlDecoration decorationOf(Control control) {
		Object decoration = control.getData("com.bitfaster.mail.ui.decoration"); //$NON-NLS-1$
		if (decoration instanceof ControlDecoration d) {
			return d;
		}
		throw new AssertionError("no decoration on " + control); //$NON-NLS-1$
	}
}
