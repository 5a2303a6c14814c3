package com.bitfaster.mail.oauth.ui.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.SignInState;
import com.bitfaster.mail.ui.AuthenticationConfigurator;
import com.bitfaster.mail.ui.AuthenticationSettings;
import com.bitfaster.mail.ui.MailServices;

/**
 * The settings of an {@code oauth2} server in the Authentication section: provider (Microsoft 365, Google, or an OpenID
 * issuer), tenant, client id, scope, client secret (straight to secure storage when the server is saved, never into the
 * server's settings), and Sign in... / Sign out with who is signed in and until when.
 * <p>
 * Sign in runs the authorization code flow with PKCE in a cancellable job: the provider's page opens in the system
 * browser (the workbench's external browser, else {@link Program#launch(String)}), or in whatever an
 * {@link OAuthService.BrowserOpener} service with a higher ranking opens (the UI tests register one that plays the
 * browser).
 * </p>
 */
public class OAuthConfigurator implements AuthenticationConfigurator {

	/** Key of {@code Control.getData(String)} the UI uses to name the setting a control edits. */
	static final String FIELD_KEY = "com.bitfaster.mail.ui.field"; //$NON-NLS-1$
	/** Key of {@code Control.getData(String)} holding a field's error decoration, for tools that inspect the form. */
	static final String DECORATION_KEY = "com.bitfaster.mail.ui.decoration"; //$NON-NLS-1$
	/** How long the user has to finish in the browser. */
	static final Duration SIGN_IN_LIMIT = Duration.ofMinutes(5);
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm"); //$NON-NLS-1$

	private AuthenticationSettings settings;
	private Combo provider;
	private Text issuer;
	private Text tenant;
	private Text scope;
	private Text clientSecret;
	private Label state;
	private Button signIn;
	private Button signOut;
	private Job running;
	/** The last sign-in's failure, shown until the next attempt. */
	private String failure;
	/** Set while the stored secret's field is emptied after saving: that is no edit. */
	private boolean clearingSecret;
	private final List<Runnable> problemUpdaters = new java.util.ArrayList<>();

	@Override
	public void createControls(Composite parent, AuthenticationSettings authSettings) {
		this.settings = authSettings;
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 0;
		layout.horizontalSpacing = 12;
		parent.setLayout(layout);

		label(parent, Messages.OAuth_provider);
		provider = new Combo(parent, SWT.READ_ONLY);
		provider.setData(FIELD_KEY, key(OAuthSettings.PROVIDER));
		provider.setItems(Messages.OAuth_providerMicrosoft, Messages.OAuth_providerGoogle, Messages.OAuth_providerIssuer);
		provider.setLayoutData(fill());
		int index = OAuthSettings.PROVIDERS.indexOf(settings.get(OAuthSettings.PROVIDER));
		if (index >= 0) {
			provider.select(index);
		} else if (settings.get(OAuthSettings.PROVIDER).isEmpty()) {
			// A server just switched to OAuth2: Microsoft 365, the most common case, until the user picks another.
			provider.select(0);
			settings.set(OAuthSettings.PROVIDER, OAuthSettings.MICROSOFT);
		}
		provider.addListener(SWT.Selection, e -> {
			int i = provider.getSelectionIndex();
			if (i >= 0) {
				settings.set(OAuthSettings.PROVIDER, OAuthSettings.PROVIDERS.get(i));
			}
			providerChanged();
		});
		decorate(provider, OAuthSettings.PROVIDER);

		issuer = setting(parent, Messages.OAuth_issuer, OAuthSettings.ISSUER_URL, Messages.OAuth_issuerHint);
		tenant = setting(parent, Messages.OAuth_tenant, OAuthSettings.TENANT, Messages.OAuth_tenantHint);
		setting(parent, Messages.OAuth_clientId, OAuthSettings.CLIENT_ID, Messages.OAuth_clientIdHint);
		scope = setting(parent, Messages.OAuth_scope, OAuthSettings.SCOPE, ""); //$NON-NLS-1$

		label(parent, Messages.OAuth_clientSecret);
		clientSecret = new Text(parent, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
		clientSecret.setData(FIELD_KEY, "authSecret." + OAuthSettings.SECRET_CLIENT_SECRET); //$NON-NLS-1$
		clientSecret.setLayoutData(fill());
		clientSecret.setMessage(hasStoredSecret() ? Messages.OAuth_clientSecretStored : Messages.OAuth_clientSecretHint);
		// The secret stays in this control until the server is saved; then it goes to secure storage only.
		clientSecret.addModifyListener(e -> {
			if (!clearingSecret) {
				settings.secretChanged();
			}
		});
		Consumer<MailServer> storeSecret = this::storeSecret;
		settings.addSaveListener(storeSecret);

		Label note = new Label(parent, SWT.WRAP);
		note.setText(Messages.OAuth_note);
		GridData noteData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		noteData.widthHint = 200;
		note.setLayoutData(noteData);

		createSignInRow(parent);
		settings.addChangeListener(this::update);
		providerChanged();
		update();
	}

	private void createSignInRow(Composite parent) {
		Composite row = new Composite(parent, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		GridLayout rowLayout = new GridLayout(3, false);
		rowLayout.marginWidth = 0;
		row.setLayout(rowLayout);
		state = new Label(row, SWT.WRAP);
		state.setData(FIELD_KEY, "oauthState"); //$NON-NLS-1$
		GridData stateData = new GridData(SWT.FILL, SWT.CENTER, true, false);
		stateData.widthHint = 160;
		state.setLayoutData(stateData);
		signIn = new Button(row, SWT.PUSH);
		signIn.setText(Messages.OAuth_signIn);
		signIn.setData(FIELD_KEY, "oauthSignIn"); //$NON-NLS-1$
		signIn.addListener(SWT.Selection, e -> signIn());
		signOut = new Button(row, SWT.PUSH);
		signOut.setText(Messages.OAuth_signOut);
		signOut.setData(FIELD_KEY, "oauthSignOut"); //$NON-NLS-1$
		signOut.addListener(SWT.Selection, e -> signOut());
		row.addDisposeListener(e -> {
			Job job = running;
			if (job != null) {
				job.cancel();
			}
		});
	}

	private static String key(String setting) {
		return "authSetting." + setting; //$NON-NLS-1$
	}

	private Text setting(Composite parent, String labelText, String key, String hint) {
		label(parent, labelText);
		Text text = new Text(parent, SWT.BORDER | SWT.SINGLE);
		text.setData(FIELD_KEY, key(key));
		text.setLayoutData(fill());
		text.setText(settings.get(key));
		text.setMessage(hint);
		text.addModifyListener(e -> settings.set(key, text.getText().strip()));
		decorate(text, key);
		return text;
	}

	/** Shows the setting's validation message (one line) at the field, as the rest of the form does. */
	private void decorate(Control control, String key) {
		ControlDecoration decoration = new ControlDecoration(control, SWT.LEFT | SWT.TOP);
		decoration.setImage(FieldDecorationRegistry.getDefault().getFieldDecoration(FieldDecorationRegistry.DEC_ERROR)
				.getImage());
		decoration.hide();
		control.setData(DECORATION_KEY, decoration);
		problemUpdaters.add(() -> settings.problem(key).ifPresentOrElse(message -> {
			decoration.setDescriptionText(message);
			decoration.show();
		}, () -> {
			decoration.setDescriptionText(null);
			decoration.hide();
		}));
	}

	/** Issuer only for an OpenID provider, tenant only for Microsoft; the scope hint names the provider's default. */
	private void providerChanged() {
		String id = settings.get(OAuthSettings.PROVIDER);
		issuer.setEnabled(OAuthSettings.ISSUER.equals(id));
		tenant.setEnabled(OAuthSettings.MICROSOFT.equals(id));
		String defaultScope = switch (id) {
		case OAuthSettings.GOOGLE -> OAuthSettings.GOOGLE_SCOPE;
		case OAuthSettings.ISSUER -> OAuthSettings.ISSUER_SCOPE;
		default -> OAuthSettings.MICROSOFT_SCOPE;
		};
		scope.setMessage(NLS.bind(Messages.OAuth_scopeHint, defaultScope));
	}

	private boolean hasStoredSecret() {
		Optional<MailServer> saved = settings.savedServer();
		if (saved.isEmpty()) {
			return false;
		}
		Optional<char[]> secret = MailServices.registry().secret(saved.get().id(), OAuthSettings.SECRET_CLIENT_SECRET);
		secret.ifPresent(s -> Arrays.fill(s, '\0'));
		return secret.isPresent();
	}

	private void storeSecret(MailServer saved) {
		if (clientSecret.isDisposed() || clientSecret.getText().isEmpty()) {
			return; // nothing typed: the stored secret (if any) stays
		}
		char[] secret = clientSecret.getText().toCharArray();
		service().ifPresent(s -> s.setClientSecret(saved, secret));
		Arrays.fill(secret, '\0');
		clearingSecret = true;
		try {
			clientSecret.setText(""); //$NON-NLS-1$
		} finally {
			clearingSecret = false;
		}
		clientSecret.setMessage(Messages.OAuth_clientSecretStored);
	}

	private static Optional<OAuthService> service() {
		return MailServices.find(OAuthService.class);
	}

	/** @return what opens the provider's page: a registered opener (highest ranking), else the system browser */
	private static OAuthService.BrowserOpener browser(Display display) {
		Optional<OAuthService.BrowserOpener> registered = MailServices.find(OAuthService.BrowserOpener.class);
		if (registered.isPresent()) {
			return registered.get();
		}
		return uri -> {
			IOException[] failed = { null };
			display.syncExec(() -> {
				try {
					PlatformUI.getWorkbench().getBrowserSupport().getExternalBrowser().openURL(uri.toURL());
				} catch (PartInitException | IOException | RuntimeException e) {
					if (!Program.launch(uri.toString())) {
						failed[0] = new IOException(NLS.bind(Messages.OAuth_browserFailed, host(uri)), e);
					}
				}
			});
			if (failed[0] != null) {
				throw failed[0];
			}
		};
	}

	private static String host(URI uri) {
		return uri.getHost() == null ? "?" : uri.getHost(); //$NON-NLS-1$
	}

	private void signIn() {
		Optional<MailServer> saved = settings.savedServer();
		Optional<OAuthService> service = service();
		if (saved.isEmpty() || service.isEmpty() || running != null) {
			return;
		}
		MailServer server = saved.get();
		Display display = state.getDisplay();
		OAuthService.BrowserOpener browser = browser(display);
		failure = null;
		Job job = new Job(NLS.bind(Messages.OAuth_signInJob, server.name())) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				monitor.beginTask(NLS.bind(Messages.OAuth_signInTask, server.name()), IProgressMonitor.UNKNOWN);
				String result = null;
				try {
					service.get().signInWithBrowser(server, browser, SIGN_IN_LIMIT, monitor::isCanceled);
				} catch (OAuthException e) {
					result = e.reason() == OAuthException.Reason.CANCELLED ? Messages.OAuth_signInCancelled
							: NLS.bind(Messages.OAuth_signInFailed, e.getMessage());
				} finally {
					monitor.done();
				}
				String shown = result;
				display.asyncExec(() -> finished(this, shown));
				// The outcome is shown in the section; a failure is the user's to act on, not an error dialog.
				return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
			}
		};
		job.setUser(true);
		running = job;
		update();
		job.schedule();
	}

	private void signOut() {
		Optional<MailServer> saved = settings.savedServer();
		Optional<OAuthService> service = service();
		if (saved.isEmpty() || service.isEmpty() || running != null) {
			return;
		}
		MailServer server = saved.get();
		Display display = state.getDisplay();
		failure = null;
		Job job = Job.create(NLS.bind(Messages.OAuth_signOutJob, server.name()), monitor -> {
			service.get().signOut(server);
			display.asyncExec(() -> finished(null, null));
		});
		running = job;
		update();
		job.schedule();
	}

	private void finished(Job job, String failed) {
		running = null;
		failure = failed;
		update();
	}

	/** @return the job signing in or out, while one runs (for tests) */
	public Optional<Job> running() {
		return Optional.ofNullable(running);
	}

	private void update() {
		if (state == null || state.isDisposed()) {
			return;
		}
		for (Runnable updater : problemUpdaters) {
			updater.run();
		}
		Optional<MailServer> saved = settings.savedServer();
		Optional<OAuthService> service = service();
		boolean ready = saved.isPresent() && !settings.isDirty() && service.isPresent();
		Optional<SignInState> signedIn = saved.isPresent() && service.isPresent()
				? service.get().signInState(saved.get()) : Optional.empty();
		String text;
		if (service.isEmpty()) {
			text = Messages.OAuth_noService;
		} else if (running != null) {
			text = Messages.OAuth_signingIn;
		} else if (failure != null) {
			text = failure;
		} else if (signedIn.isPresent()) {
			String until = TIME.format(LocalTime.ofInstant(signedIn.get().accessTokenExpires(), ZoneId.systemDefault()));
			text = signedIn.get().account().isBlank() ? NLS.bind(Messages.OAuth_signedInNoAccount, until)
					: NLS.bind(Messages.OAuth_signedIn, signedIn.get().account(), until);
		} else if (!ready) {
			text = Messages.OAuth_saveFirst;
		} else {
			text = Messages.OAuth_notSignedIn;
		}
		if (!text.equals(state.getText())) {
			state.setText(text);
			state.getParent().layout(true, true);
		}
		signIn.setEnabled(ready && running == null);
		signOut.setEnabled(signedIn.isPresent() && running == null);
	}

	private static Label label(Composite parent, String text) {
		Label label = new Label(parent, SWT.NONE);
		label.setText(text);
		return label;
	}

	private static GridData fill() {
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 120;
		data.horizontalIndent = 8;
		return data;
	}
}
