package com.bitfaster.mail.bounces.ui.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.oauth.SignInState;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.bitfaster.mail.ui.MailServices;

/**
 * Window > Preferences > BitFaster > Bounces: the return path (domain, soft-bounce rule) and the bounce mailbox
 * (protocol, server, login with a password or OAuth2 and its Sign In, certificate, interval) with Test and Read Now. A problem is named at the top of the page
 * with its field, and the page cannot be saved until it is fixed.
 */
public class BouncesPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "com.bitfaster.mail.bounces.ui.preferencePage"; //$NON-NLS-1$
	/** The data key naming each field (its value: the field's name), for UI tests and accessibility tools. */
	public static final String FIELD_KEY = "com.bitfaster.mail.bounces.ui.field"; //$NON-NLS-1$

	private BounceService bounces;
	private DeliverabilitySettings deliverability;

	Text returnPathDomain;
	Text unsubscribeDomain;
	Spinner softLimit;
	Spinner softDays;
	Combo protocol;
	Combo security;
	Text host;
	Spinner port;
	Text user;
	Text password;
	Combo auth;
	Combo provider;
	Text clientId;
	Text issuer;
	Button signIn;
	Label signInState;
	Text pinned;
	Spinner interval;
	Button test;
	Button readNow;
	Label status;
	private boolean passwordStored;

	public BouncesPreferencePage() {
		setDescription("Bounces come back to a return path that names campaign and recipient, and are read from a mailbox."); //$NON-NLS-1$
	}

	@Override
	public void init(IWorkbench workbench) {
		bounces = MailServices.find(BounceService.class).orElse(null);
		deliverability = MailServices.find(DeliverabilitySettings.class).orElse(null);
		noDefaultAndApplyButton();
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite page = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(page);

		// Compact enough for the Preferences dialog's default size: short fields share a row, nothing sets a
		// wide minimum, and the status line keeps room for three wrapped lines.
		Group returnPath = group(page, "Return path", 2); //$NON-NLS-1$
		returnPathDomain = text(returnPath, "Return-path &domain:", SWT.NONE, "bounce.company.com: campaigns send as bounce+TOKEN@ this domain; empty: off", 1); //$NON-NLS-1$ //$NON-NLS-2$
		unsubscribeDomain = text(returnPath, "&Unsubscribe domain:", SWT.NONE, "empty: the return-path domain", 1); //$NON-NLS-1$ //$NON-NLS-2$
		Composite rule = new Composite(returnPath, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(5).applyTo(rule);
		GridDataFactory.fillDefaults().span(2, 1).applyTo(rule);
		label(rule, "Suppress after"); //$NON-NLS-1$
		softLimit = spinner(rule, 1, 100);
		label(rule, "soft bounces within"); //$NON-NLS-1$
		softDays = spinner(rule, 1, 365);
		label(rule, "days"); //$NON-NLS-1$

		Group mailbox = group(page, "Bounce mailbox", 4); //$NON-NLS-1$
		label(mailbox, "&Protocol:"); //$NON-NLS-1$
		protocol = new Combo(mailbox, SWT.READ_ONLY);
		protocol.setItems("IMAP", "POP3"); //$NON-NLS-1$ //$NON-NLS-2$
		label(mailbox, "&Security:"); //$NON-NLS-1$
		security = new Combo(mailbox, SWT.READ_ONLY);
		security.setItems("TLS (implicit)", "STARTTLS (required)"); //$NON-NLS-1$ //$NON-NLS-2$
		host = text(mailbox, "&Host:", SWT.NONE, "imap.company.com", 1); //$NON-NLS-1$ //$NON-NLS-2$
		label(mailbox, "P&ort:"); //$NON-NLS-1$
		port = spinner(mailbox, 1, 65535);
		user = text(mailbox, "U&ser:", SWT.NONE, "", 1); //$NON-NLS-1$ //$NON-NLS-2$
		label(mailbox, "&Log in with:"); //$NON-NLS-1$
		auth = new Combo(mailbox, SWT.READ_ONLY);
		auth.setItems("Password", "OAuth2 (XOAUTH2)"); //$NON-NLS-1$ //$NON-NLS-2$
		password = text(mailbox, "Pass&word:", SWT.PASSWORD, "", 1); //$NON-NLS-1$ //$NON-NLS-2$
		signIn = new Button(mailbox, SWT.PUSH);
		signIn.setText("Sign &In..."); //$NON-NLS-1$
		signInState = new Label(mailbox, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).hint(60, SWT.DEFAULT).applyTo(signInState);
		label(mailbox, "Pro&vider:"); //$NON-NLS-1$
		provider = new Combo(mailbox, SWT.READ_ONLY);
		provider.setItems("Microsoft 365", "Google", "OpenID provider"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		clientId = text(mailbox, "Client &ID:", SWT.NONE, "application (client) id", 1); //$NON-NLS-1$ //$NON-NLS-2$
		issuer = text(mailbox, "Iss&uer / tenant:", SWT.NONE, "OpenID: the issuer URL; Microsoft 365: the tenant (optional)", 3); //$NON-NLS-1$ //$NON-NLS-2$
		pinned = text(mailbox, "Pinned &certificate:", SWT.NONE, "SHA-256 fingerprint of a self-signed server; empty: verify", 3); //$NON-NLS-1$ //$NON-NLS-2$
		label(mailbox, "Read &every:"); //$NON-NLS-1$
		interval = spinner(mailbox, 0, 1440);
		label(mailbox, "minutes"); //$NON-NLS-1$
		Composite buttons = new Composite(mailbox, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
		GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(buttons);
		test = new Button(buttons, SWT.PUSH);
		test.setText("&Test"); //$NON-NLS-1$
		readNow = new Button(buttons, SWT.PUSH);
		readNow.setText("&Read Now"); //$NON-NLS-1$
		status = new Label(mailbox, SWT.WRAP);
		// A small width hint: the label wraps to the group's width instead of widening it.
		GridDataFactory.fillDefaults().span(4, 1).grab(true, false)
				.hint(convertWidthInCharsToPixels(20), convertHeightInCharsToPixels(3)).applyTo(status);

		name(returnPathDomain, "returnPathDomain"); //$NON-NLS-1$
		name(unsubscribeDomain, "unsubscribeDomain"); //$NON-NLS-1$
		name(protocol, "protocol"); //$NON-NLS-1$
		name(security, "security"); //$NON-NLS-1$
		name(host, "host"); //$NON-NLS-1$
		name(port, "port"); //$NON-NLS-1$
		name(user, "user"); //$NON-NLS-1$
		name(password, "password"); //$NON-NLS-1$
		name(auth, "auth"); //$NON-NLS-1$
		name(provider, "provider"); //$NON-NLS-1$
		name(clientId, "clientId"); //$NON-NLS-1$
		name(issuer, "issuer"); //$NON-NLS-1$
		name(signIn, "signIn"); //$NON-NLS-1$
		name(signInState, "signInState"); //$NON-NLS-1$
		name(pinned, "pinned"); //$NON-NLS-1$
		name(interval, "interval"); //$NON-NLS-1$
		name(readNow, "readNow"); //$NON-NLS-1$
		name(test, "test"); //$NON-NLS-1$
		name(status, "status"); //$NON-NLS-1$
		load();
		protocol.addListener(SWT.Selection, e -> defaultPort());
		security.addListener(SWT.Selection, e -> defaultPort());
		for (Control c : new Control[] { returnPathDomain, unsubscribeDomain, host, user, password, pinned, clientId, issuer }) {
			c.addListener(SWT.Modify, e -> validate());
		}
		auth.addListener(SWT.Selection, e -> validate());
		provider.addListener(SWT.Selection, e -> validate());
		signIn.addListener(SWT.Selection, e -> signIn());
		for (Spinner s : new Spinner[] { softLimit, softDays, port, interval }) {
			s.addListener(SWT.Modify, e -> validate());
		}
		test.addListener(SWT.Selection, e -> test());
		readNow.addListener(SWT.Selection, e -> readNow());
		validate();
		return page;
	}

	private void load() {
		Deliverability d = Deliverability.DEFAULTS;
		BounceMailbox m = BounceMailbox.NONE;
		try {
			if (deliverability != null) {
				d = deliverability.get();
			}
			if (bounces != null) {
				m = bounces.mailbox();
				passwordStored = bounces.hasPassword();
			}
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
		}
		returnPathDomain.setText(d.returnPathDomain());
		unsubscribeDomain.setText(d.unsubscribeDomain());
		softLimit.setSelection(d.softBounceLimit());
		softDays.setSelection(d.softBounceDays());
		protocol.select(m.protocol() == BounceMailbox.Protocol.POP3 ? 1 : 0);
		security.select(m.security() == BounceMailbox.Security.STARTTLS ? 1 : 0);
		host.setText(m.host());
		port.setSelection(m.port());
		user.setText(m.user());
		password.setMessage(passwordStored ? "stored; type to replace" : "not stored"); //$NON-NLS-1$ //$NON-NLS-2$
		pinned.setText(m.pinned());
		interval.setSelection(m.intervalMinutes());
		auth.select(m.oauth2() ? 1 : 0);
		String p = m.oauth().getOrDefault(OAuthSettings.PROVIDER, OAuthSettings.MICROSOFT);
		provider.select(Math.max(0, OAuthSettings.PROVIDERS.indexOf(p)));
		clientId.setText(m.oauth().getOrDefault(OAuthSettings.CLIENT_ID, "")); //$NON-NLS-1$
		issuer.setText(m.oauth().getOrDefault(OAuthSettings.ISSUER_URL, m.oauth().getOrDefault(OAuthSettings.TENANT, ""))); //$NON-NLS-1$
		showSignInState(m);
	}

	private void showSignInState(BounceMailbox m) {
		Optional<SignInState> state = bounces != null && m.oauth2() && m.configured()
				? bounces.oauth().signInState(bounces.oauthAccount(m))
				: Optional.empty();
		signInState.setText(state.map(s -> "Signed in as " + (s.account().isEmpty() ? m.user() : s.account()) + ".") //$NON-NLS-1$ //$NON-NLS-2$
				.orElse("Not signed in.")); //$NON-NLS-1$
	}

	/** The usual port follows the protocol and security, unless the user typed another one. */
	private void defaultPort() {
		port.setSelection(BounceMailbox.defaultPort(selectedProtocol(), selectedSecurity()));
		validate();
	}

	private BounceMailbox.Protocol selectedProtocol() {
		return protocol.getSelectionIndex() == 1 ? BounceMailbox.Protocol.POP3 : BounceMailbox.Protocol.IMAP;
	}

	private BounceMailbox.Security selectedSecurity() {
		return security.getSelectionIndex() == 1 ? BounceMailbox.Security.STARTTLS : BounceMailbox.Security.IMPLICIT_TLS;
	}

	BounceMailbox mailbox() {
		Map<String, String> oauth = new LinkedHashMap<>();
		String p = OAuthSettings.PROVIDERS.get(Math.max(0, provider.getSelectionIndex()));
		oauth.put(OAuthSettings.PROVIDER, p);
		oauth.put(OAuthSettings.CLIENT_ID, clientId.getText());
		oauth.put(OAuthSettings.ISSUER.equals(p) ? OAuthSettings.ISSUER_URL : OAuthSettings.TENANT,
				OAuthSettings.GOOGLE.equals(p) ? "" : issuer.getText()); //$NON-NLS-1$
		return new BounceMailbox(selectedProtocol(), host.getText(), port.getSelection(), selectedSecurity(), user.getText(),
				pinned.getText(), interval.getSelection(),
				oauth2Selected() ? BounceMailbox.Authentication.OAUTH2 : BounceMailbox.Authentication.PASSWORD, oauth);
	}

	private boolean oauth2Selected() {
		return auth.getSelectionIndex() == 1;
	}

	private Deliverability deliverabilityInput() {
		return new Deliverability(returnPathDomain.getText(), unsubscribeDomain.getText(), softLimit.getSelection(),
				softDays.getSelection());
	}

	/** @return the first problem, naming its field; empty when the page can be saved */
	Optional<String> problem() {
		String domain = returnPathDomain.getText().strip();
		if (!domain.isEmpty() && !domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) { //$NON-NLS-1$
			return Optional.of("Return-path domain: a domain name such as bounce.company.com, or empty."); //$NON-NLS-1$
		}
		String unsub = unsubscribeDomain.getText().strip();
		if (!unsub.isEmpty() && !unsub.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) { //$NON-NLS-1$
			return Optional.of("Unsubscribe domain: a domain name, or empty."); //$NON-NLS-1$
		}
		boolean anyMailbox = !host.getText().isBlank() || !user.getText().isBlank() || !password.getText().isEmpty();
		if (anyMailbox) {
			Optional<String> p = mailbox().problem();
			if (p.isPresent()) {
				return p;
			}
			if (!oauth2Selected() && !passwordStored && password.getText().isEmpty()) {
				return Optional.of("Password: enter the mailbox's password."); //$NON-NLS-1$
			}
		}
		return Optional.empty();
	}

	private void validate() {
		Optional<String> p = problem();
		setErrorMessage(p.orElse(null));
		setValid(p.isEmpty());
		boolean mailboxReady = p.isEmpty() && !host.getText().isBlank();
		test.setEnabled(mailboxReady && bounces != null);
		readNow.setEnabled(mailboxReady && bounces != null);
		boolean oauth2 = oauth2Selected();
		password.setEnabled(!oauth2);
		provider.setEnabled(oauth2);
		clientId.setEnabled(oauth2);
		issuer.setEnabled(oauth2 && provider.getSelectionIndex() != 1);
		signIn.setEnabled(oauth2 && mailboxReady && bounces != null);
		signInState.setVisible(oauth2);
	}

	@Override
	public boolean performOk() {
		return save();
	}

	private boolean save() {
		if (problem().isPresent()) {
			return false;
		}
		char[] secret = password.getText().isEmpty() || oauth2Selected() ? null : password.getText().toCharArray();
		try {
			if (deliverability != null) {
				deliverability.set(deliverabilityInput());
			}
			if (bounces != null && !host.getText().isBlank()) {
				bounces.setMailbox(mailbox(), secret);
				passwordStored |= secret != null;
			}
			return true;
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
			return false;
		} finally {
			if (secret != null) {
				Arrays.fill(secret, '\0');
			}
		}
	}

	private void test() {
		BounceMailbox m = mailbox();
		char[] secret = password.getText().isEmpty() || oauth2Selected() ? null : password.getText().toCharArray();
		status.setText("Connecting to " + m.label() + "..."); //$NON-NLS-1$ //$NON-NLS-2$
		Job job = Job.create("Testing the bounce mailbox", monitor -> { //$NON-NLS-1$
			try {
				bounces.testMailbox(m, secret);
				return Status.info("Connected and logged in to " + m.label() + " over TLS."); //$NON-NLS-1$ //$NON-NLS-2$
			} catch (CoreException e) {
				return Status.warning(e.getMessage());
			} finally {
				if (secret != null) {
					Arrays.fill(secret, '\0');
				}
			}
		});
		showResult(job);
		job.schedule();
	}

	/** Saves the settings (the tokens belong to them), then signs in through the browser in a job. */
	private void signIn() {
		if (!save()) {
			return;
		}
		BounceMailbox m = mailbox();
		MailServer account = bounces.oauthAccount(m);
		Display display = signIn.getDisplay();
		signInState.setText("Waiting for the sign-in in your browser..."); //$NON-NLS-1$
		Job job = Job.create("Signing the bounce mailbox in", monitor -> { //$NON-NLS-1$
			try {
				SignInState s = bounces.oauth().signInWithBrowser(account, browser(display), Duration.ofMinutes(5),
						monitor::isCanceled);
				return Status.info("Signed in as " + (s.account().isEmpty() ? m.user() : s.account()) + "."); //$NON-NLS-1$ //$NON-NLS-2$
			} catch (OAuthException e) {
				return Status.warning(e.getMessage());
			}
		});
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				display.asyncExec(() -> {
					if (!signInState.isDisposed()) {
						signInState.setText(event.getResult().getMessage());
						signInState.getParent().layout(true, true);
					}
				});
			}
		});
		job.schedule();
	}

	/** What opens the provider's page: a registered opener (the UI tests'), else the system browser. */
	private static OAuthService.BrowserOpener browser(Display display) {
		Optional<OAuthService.BrowserOpener> registered = MailServices.find(OAuthService.BrowserOpener.class);
		if (registered.isPresent()) {
			return registered.get();
		}
		return uri -> {
			boolean[] opened = { false };
			display.syncExec(() -> opened[0] = Program.launch(uri.toString()));
			if (!opened[0]) {
				throw new java.io.IOException("No browser could be opened for " + uri.getHost() + "."); //$NON-NLS-1$ //$NON-NLS-2$
			}
		};
	}

	private void readNow() {
		if (!save()) {
			return;
		}
		status.setText("Reading the bounce mailbox..."); //$NON-NLS-1$
		BounceReadJob job = new BounceReadJob();
		showResult(job);
		job.schedule();
	}

	/** Shows what a job ended with in the page's status line, when the page is still open. */
	private void showResult(Job job) {
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				IStatus result = event.getResult();
				status.getDisplay().asyncExec(() -> {
					if (!status.isDisposed()) {
						status.setText(result.getMessage());
						status.getParent().layout(true, true);
					}
				});
			}
		});
	}

	private static void name(Control c, String field) {
		c.setData(FIELD_KEY, field);
	}

	private static Group group(Composite parent, String title, int columns) {
		Group g = new Group(parent, SWT.NONE);
		g.setText(title);
		GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(g);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
		return g;
	}

	private static Label label(Composite parent, String text) {
		Label l = new Label(parent, SWT.NONE);
		l.setText(text);
		return l;
	}

	/** A labelled text that takes the room there is, from a narrow minimum (its message does not widen the page). */
	private static Text text(Composite parent, String label, int style, String hint, int span) {
		label(parent, label);
		Text t = new Text(parent, SWT.BORDER | style);
		t.setMessage(hint);
		t.setToolTipText(hint.isEmpty() ? null : hint);
		GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(120, SWT.DEFAULT).applyTo(t);
		return t;
	}

	private static Spinner spinner(Composite parent, int min, int max) {
		Spinner s = new Spinner(parent, SWT.BORDER);
		s.setMinimum(min);
		s.setMaximum(max);
		return s;
	}
}
