package com.bitfaster.mail.ui.internal.form;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.databinding.DataBindingContext;
import org.eclipse.core.databinding.observable.value.IObservableValue;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.databinding.swt.typed.WidgetProperties;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AuthenticationMethodDescriptor;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerUsage;
import com.bitfaster.mail.core.ServerValidation;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.ui.AuthenticationSettings;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.TransportSettings;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestResults;

/**
 * The fields of a server, in sections, bound to a {@link ServerEditModel}: shared by the server editor and the server
 * property page. Each field shows its validation message as a decoration.
 */
public final class ServerSettingsForm {

	/**
	 * Key of {@link Control#getData(String)} naming the setting a control edits: a stable identity of the control, apart
	 * from its label and place, for whatever drives or inspects the form (UI automation, assistive tools).
	 */
	public static final String FIELD_KEY = "com.bitfaster.mail.ui.field"; //$NON-NLS-1$

	private final ServerEditModel model;
	private final SectionFactory sections;
	private final DataBindingContext bindings = new DataBindingContext();
	private final Map<ServerField, ControlDecoration> decorations = new EnumMap<>(ServerField.class);
	private final Runnable relayout;
	private final Runnable testConnection;
	private Composite transportArea;
	private Composite authArea;
	private String shownAuthMethod;
	private Combo authMethodCombo;
	private List<AuthenticationMethodDescriptor> authMethods = List.of();
	private Text passwordText;
	private boolean networkEnabled = true;
	private String shownTransportType;
	private String networkSectionsFor;
	private Combo encryptionCombo;
	private List<EncryptionProviderDescriptor> providers = List.of();
	private Combo transportCombo;
	private List<TransportTypeDescriptor> transportTypes = List.of();
	private Label fingerprintLabel;
	private Label quotaLabel;
	private Button pinButton;
	private Button allowPlaintextButton;
	private Composite plaintextWarning;
	private Label plaintextText;
	private Button switchButton;
	private final Runnable modelListener = this::modelChanged;
	private final Runnable resultsListener = this::resultsChanged;
	private final List<Composite> networkSections = new ArrayList<>();

	/**
	 * @param relayout       run after the transport settings area was rebuilt
	 * @param testConnection run by the Test Connection button; {@code null} for no button
	 */
	public ServerSettingsForm(ServerEditModel model, SectionFactory sections, Runnable relayout, Runnable testConnection) {
		this.model = model;
		this.sections = sections;
		this.relayout = relayout;
		this.testConnection = testConnection;
	}

	/** Creates every section in {@code parent}, which must have a {@link GridLayout}. */
	public void createAll(Composite parent) {
		createGeneral(parent);
		createConnection(parent);
		createSecurity(parent);
		createAuthentication(parent);
		createTransport(parent);
		createLimits(parent);
		createStatus(parent);
		follow(parent);
	}

	/**
	 * Starts showing the model's state in the sections created so far (call once, after creating them); stops when
	 * {@code owner} is disposed.
	 */
	public void follow(Composite owner) {
		model.addListener(modelListener);
		ConnectionTestResults.get().addListener(resultsListener);
		owner.addDisposeListener(e -> dispose());
		modelChanged();
	}

	/** @return the fields whose validation message is shown now */
	public List<ServerField> fieldsWithProblems() {
		return decorations.keySet().stream().filter(f -> model.problem(f).isPresent()).toList();
	}

	public void createGeneral(Composite parent) {
		Composite client = section(parent, Messages.Section_general, Messages.Section_generalDescription);
		text(client, Messages.Field_name, ServerField.NAME, model.name, SWT.NONE);
		label(client, Messages.Field_transportType);
		transportCombo = new Combo(client, SWT.READ_ONLY);
		transportCombo.setData(FIELD_KEY, ServerField.TRANSPORT_TYPE.name());
		transportCombo.setLayoutData(fill());
		transportTypes = model.extensions() == null ? List.of() : model.extensions().transportTypes();
		for (TransportTypeDescriptor type : transportTypes) {
			transportCombo.add(type.label());
		}
		transportCombo.addListener(SWT.Selection, e -> {
			int i = transportCombo.getSelectionIndex();
			if (i >= 0 && i < transportTypes.size()) {
				model.transportType.setValue(transportTypes.get(i).id());
			}
		});
		decorate(transportCombo, ServerField.TRANSPORT_TYPE);
		sections.adapt(client);
	}

	public void createConnection(Composite parent) {
		Composite client = section(parent, Messages.Section_connection, Messages.Section_connectionDescription);
		networkSections.add(client);
		text(client, Messages.Field_host, ServerField.HOST, model.host, SWT.NONE);
		text(client, Messages.Field_port, ServerField.PORT, model.port, SWT.NONE);
		text(client, Messages.Field_timeout, ServerField.TIMEOUT, model.timeout, SWT.NONE);
		text(client, Messages.Field_heloName, ServerField.HELO_NAME, model.heloName, SWT.NONE);
		if (testConnection != null) {
			new Label(client, SWT.NONE);
			Button test = new Button(client, SWT.PUSH);
			test.setText(Messages.Action_testConnection);
			test.setData(FIELD_KEY, "testConnection"); //$NON-NLS-1$
			test.addListener(SWT.Selection, e -> testConnection.run());
		}
		sections.adapt(client);
	}

	public void createSecurity(Composite parent) {
		Composite client = section(parent, Messages.Section_security, Messages.Section_securityDescription);
		networkSections.add(client);
		label(client, Messages.Field_encryption);
		encryptionCombo = new Combo(client, SWT.READ_ONLY);
		encryptionCombo.setData(FIELD_KEY, ServerField.ENCRYPTION.name());
		encryptionCombo.setLayoutData(fill());
		MailExtensions extensions = model.extensions();
		providers = extensions == null ? List.of() : extensions.encryptionProviders();
		for (EncryptionProviderDescriptor provider : providers) {
			encryptionCombo.add(NLS.bind(Messages.Field_encryptionItem, provider.label(), provider.defaultPort()));
		}
		encryptionCombo.addListener(SWT.Selection, e -> {
			int i = encryptionCombo.getSelectionIndex();
			if (i >= 0 && i < providers.size()) {
				model.encryption.setValue(providers.get(i).id());
			}
		});
		decorate(encryptionCombo, ServerField.ENCRYPTION);
		new Label(client, SWT.NONE);
		allowPlaintextButton = new Button(client, SWT.CHECK);
		allowPlaintextButton.setText(Messages.Field_allowPlaintextAuth);
		allowPlaintextButton.setToolTipText(Messages.Field_allowPlaintextAuthTip);
		allowPlaintextButton.setData(FIELD_KEY, ServerField.ALLOW_PLAINTEXT_AUTH.name());
		allowPlaintextButton.setLayoutData(fill());
		bindings.bindValue(WidgetProperties.buttonSelection().observe(allowPlaintextButton), model.allowPlaintextAuth);
		decorate(allowPlaintextButton, ServerField.ALLOW_PLAINTEXT_AUTH);
		createPlaintextWarning(client);
		text(client, Messages.Field_pinnedCertificate, ServerField.PINNED_CERTIFICATE, model.pinnedCertificate,
				SWT.NONE);
		label(client, Messages.Field_lastFingerprint);
		Composite row = new Composite(client, SWT.NONE);
		row.setLayoutData(fill());
		GridLayout rowLayout = new GridLayout(2, false);
		rowLayout.marginWidth = 0;
		rowLayout.marginHeight = 0;
		row.setLayout(rowLayout);
		fingerprintLabel = new Label(row, SWT.WRAP);
		fingerprintLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		pinButton = new Button(row, SWT.PUSH);
		pinButton.setText(Messages.Action_pin);
		pinButton.setData(FIELD_KEY, "pin"); //$NON-NLS-1$
		pinButton.addListener(SWT.Selection, e -> lastFingerprint()
				.ifPresent(f -> model.pinnedCertificate.setValue(ServerValidation.normalizeFingerprint(f))));
		sections.adapt(client);
	}

	/**
	 * A warning that the password travels readable, shown while the server signs in without TLS (allowed
	 * explicitly), with a button that switches to the TLS the last connection test found the server offers.
	 */
	private void createPlaintextWarning(Composite client) {
		plaintextWarning = new Composite(client, SWT.NONE);
		plaintextWarning.setData(FIELD_KEY, "plaintextWarning"); //$NON-NLS-1$
		GridData span = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		span.widthHint = 200;
		plaintextWarning.setLayoutData(span);
		GridLayout layout = new GridLayout(3, false);
		layout.marginWidth = 0;
		layout.marginHeight = 2;
		plaintextWarning.setLayout(layout);
		Label icon = new Label(plaintextWarning, SWT.NONE);
		icon.setImage(org.eclipse.jface.resource.JFaceResources.getImage(org.eclipse.jface.dialogs.Dialog.DLG_IMG_MESSAGE_WARNING));
		icon.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
		plaintextText = new Label(plaintextWarning, SWT.WRAP);
		plaintextText.setText(Messages.Editor_passwordReadable);
		plaintextText.setData(FIELD_KEY, "plaintextWarningText"); //$NON-NLS-1$
		GridData textData = new GridData(SWT.FILL, SWT.CENTER, true, false);
		textData.widthHint = 200;
		plaintextText.setLayoutData(textData);
		switchButton = new Button(plaintextWarning, SWT.PUSH);
		switchButton.setData(FIELD_KEY, "switchToTls"); //$NON-NLS-1$
		switchButton.addListener(SWT.Selection, e -> secureOption().ifPresent(model::useSecureOption));
		switchButton.setLayoutData(new GridData(SWT.RIGHT, SWT.CENTER, false, false));
	}

	/** @return the best TLS setting the last connection test of this server found it offers */
	private Optional<DiagnosticReport.SecureOption> secureOption() {
		return ConnectionTestResults.get().last(model.original().id())
				.flatMap(r -> r.secureOptions().stream().findFirst());
	}

	private void updatePlaintextWarning() {
		if (plaintextWarning == null || plaintextWarning.isDisposed()) {
			return;
		}
		boolean readable = model.sendsPasswordReadable();
		Optional<DiagnosticReport.SecureOption> option = readable ? secureOption() : Optional.empty();
		boolean changed = plaintextWarning.getVisible() != readable || switchButton.getVisible() != option.isPresent();
		plaintextWarning.setVisible(readable);
		((GridData) plaintextWarning.getLayoutData()).exclude = !readable;
		switchButton.setVisible(option.isPresent());
		((GridData) switchButton.getLayoutData()).exclude = option.isEmpty();
		option.ifPresent(o -> switchButton.setText(NLS.bind(Messages.Action_switchToTls,
				EncryptionProviderDescriptor.SSL.equals(o.encryption()) ? Messages.Encryption_ssl : Messages.Encryption_startTls,
				o.port())));
		if (changed) {
			plaintextWarning.getParent().layout(true, true);
			if (relayout != null) {
				relayout.run();
			}
		}
	}

	public void createAuthentication(Composite parent) {
		Composite client = section(parent, Messages.Section_authentication, Messages.Section_authenticationDescription);
		networkSections.add(client);
		label(client, Messages.Field_authMethod);
		authMethodCombo = new Combo(client, SWT.READ_ONLY);
		authMethodCombo.setData(FIELD_KEY, ServerField.AUTH_METHOD.name());
		authMethodCombo.setLayoutData(fill());
		// The descriptors are read from the extension point without loading any method's class.
		authMethods = model.extensions() == null ? List.of() : model.extensions().authenticationMethods();
		for (AuthenticationMethodDescriptor method : authMethods) {
			authMethodCombo.add(method.label());
		}
		authMethodCombo.addListener(SWT.Selection, e -> {
			int i = authMethodCombo.getSelectionIndex();
			if (i >= 0 && i < authMethods.size()) {
				model.authMethod.setValue(authMethods.get(i).id());
			}
		});
		decorate(authMethodCombo, ServerField.AUTH_METHOD);
		text(client, Messages.Field_username, ServerField.USERNAME, model.username, SWT.NONE);
		passwordText = text(client, Messages.Field_password, ServerField.PASSWORD, model.password, SWT.PASSWORD);
		authArea = new Composite(client, SWT.NONE);
		GridData area = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
		authArea.setLayoutData(area);
		authArea.setData(FIELD_KEY, "authSettings"); //$NON-NLS-1$
		GridLayout areaLayout = new GridLayout(1, false);
		areaLayout.marginWidth = 0;
		areaLayout.marginHeight = 0;
		authArea.setLayout(areaLayout);
		showAuthentication(model.authMethod.getValue());
		sections.adapt(client);
	}

	/** The settings of the server's authentication method, from the configurator contributed for it (if any). */
	private void showAuthentication(String method) {
		if (authArea == null || authArea.isDisposed() || method.equals(shownAuthMethod)) {
			return;
		}
		shownAuthMethod = method;
		for (Control child : authArea.getChildren()) {
			child.dispose();
		}
		boolean created = false;
		AuthenticationConfigurators configurators = AuthenticationConfigurators.get();
		if (configurators.has(method)) {
			Composite content = new Composite(authArea, SWT.NONE);
			content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
			try {
				configurators.create(method).orElseThrow().createControls(content, scopedAuthSettings(content));
				created = true;
			} catch (CoreException | RuntimeException e) {
				Errors.show(null, Messages.Configurators_failedTitle, NLS.bind(Messages.AuthConfigurators_failed,
						method, configurators.contributor(method).orElse("?")), e); //$NON-NLS-1$
				content.dispose();
			}
		}
		((GridData) authArea.getLayoutData()).exclude = !created;
		authArea.setVisible(created);
		showPasswordRow(MailServer.AUTH_PASSWORD.equals(method));
		if (created) {
			alignLabels(authArea.getParent(), (Composite) authArea.getChildren()[0]);
		}
		sections.adapt(authArea);
		authArea.getParent().layout(true, true);
		if (relayout != null) {
			relayout.run();
		}
	}

	/** The password row belongs to the password method; another method signs in its own way. */
	private void showPasswordRow(boolean show) {
		Composite client = passwordText.getParent();
		Control[] children = client.getChildren();
		int index = java.util.Arrays.asList(children).indexOf(passwordText);
		for (Control c : new Control[] { children[index - 1], passwordText }) {
			if (!(c.getLayoutData() instanceof GridData)) {
				c.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
			}
			((GridData) c.getLayoutData()).exclude = !show;
			c.setVisible(show);
		}
	}

	/**
	 * Gives the labels of the section and of the method's configurator (two-column grids, a label first in each row)
	 * one width, so their fields line up.
	 */
	private static void alignLabels(Composite client, Composite content) {
		List<Label> labels = new ArrayList<>();
		for (Composite grid : new Composite[] { client, content }) {
			for (Control c : grid.getChildren()) {
				if (c instanceof Label label && (c.getStyle() & SWT.WRAP) == 0 && (c.getLayoutData() == null
						|| (c.getLayoutData() instanceof GridData d && d.horizontalSpan == 1))) {
					labels.add(label);
				}
			}
		}
		int width = labels.stream().mapToInt(l -> l.computeSize(SWT.DEFAULT, SWT.DEFAULT).x).max().orElse(0);
		for (Label label : labels) {
			GridData data = label.getLayoutData() instanceof GridData d ? d
					: new GridData(SWT.LEFT, SWT.CENTER, false, false);
			data.widthHint = width;
			label.setLayoutData(data);
		}
	}

	/** The model's authentication settings, with listeners removed when the configurator's controls go away. */
	private AuthenticationSettings scopedAuthSettings(Composite content) {
		AuthenticationSettings view = model.authSettingsView();
		return new AuthenticationSettings() {
			@Override
			public String get(String key) {
				return view.get(key);
			}

			@Override
			public void set(String key, String value) {
				view.set(key, value);
			}

			@Override
			public Optional<String> problem(String key) {
				return view.problem(key);
			}

			@Override
			public void addChangeListener(Runnable listener) {
				model.addListener(listener);
				content.addDisposeListener(e -> model.removeListener(listener));
			}

			@Override
			public Optional<MailServer> savedServer() {
				return view.savedServer();
			}

			@Override
			public boolean isDirty() {
				return view.isDirty();
			}

			@Override
			public void secretChanged() {
				view.secretChanged();
			}

			@Override
			public void addSaveListener(java.util.function.Consumer<MailServer> listener) {
				view.addSaveListener(listener);
				content.addDisposeListener(e -> model.removeSaveListener(listener));
			}
		};
	}

	public void createLimits(Composite parent) {
		Composite client = section(parent, Messages.Section_limits, Messages.Section_limitsDescription);
		text(client, Messages.Field_maxConnections, ServerField.MAX_CONNECTIONS, model.maxConnections, SWT.NONE);
		text(client, Messages.Field_messagesPerConnection, ServerField.MESSAGES_PER_CONNECTION,
				model.messagesPerConnection, SWT.NONE);
		text(client, Messages.Field_messagesPerHour, ServerField.MESSAGES_PER_HOUR, model.messagesPerHour, SWT.NONE);
		text(client, Messages.Field_messagesPerDay, ServerField.MESSAGES_PER_DAY, model.messagesPerDay, SWT.NONE);
		text(client, Messages.Field_warmUp, ServerField.WARM_UP, model.warmUp, SWT.NONE).setMessage(Messages.Field_warmUpHint);
		label(client, Messages.Field_warmUpState);
		quotaLabel = new Label(client, SWT.WRAP);
		quotaLabel.setData(FIELD_KEY, "quotaState"); //$NON-NLS-1$
		quotaLabel.setLayoutData(fill());
		sections.adapt(client);
		showQuota();
	}

	/**
	 * Shows where the saved server stands against its rate limits (shared by every program on this machine): its
	 * warm-up day, today's cap, what was sent.
	 */
	private void showQuota() {
		if (quotaLabel == null || quotaLabel.isDisposed()) {
			return;
		}
		quotaLabel.setText(quotaState(model.isNew() ? null : model.original()));
	}

	static String quotaState(MailServer server) {
		if (server == null || !server.limits().hasRateLimit()) {
			return Messages.Quota_none;
		}
		Optional<SenderService> sender = MailServices.sender();
		if (sender.isEmpty()) {
			return Messages.Quota_unknown;
		}
		try {
			ServerUsage u = sender.get().usage(server);
			if (u.warmUpDay() > 0) {
				return NLS.bind(Messages.Quota_warmUp, new Object[] { u.warmUpDay(), u.warmUpDays(), u.todayCap(),
						u.sentToday(), u.remainingNow() });
			}
			String state = NLS.bind(Messages.Quota_counts,
					new Object[] { u.sentLastHour(), u.sentToday(), u.remainingNow() });
			return u.warmUpDays() > 0 ? NLS.bind(Messages.Quota_warmedUp, u.warmUpDays(), state) : state;
		} catch (java.io.IOException e) {
			return NLS.bind(Messages.Quota_unreadable, e.getMessage());
		}
	}

	public void createStatus(Composite parent) {
		Composite client = section(parent, Messages.Section_status, Messages.Section_statusDescription);
		new Label(client, SWT.NONE);
		Button active = new Button(client, SWT.CHECK);
		active.setText(Messages.Field_active);
		active.setData(FIELD_KEY, "ACTIVE"); //$NON-NLS-1$
		bindings.bindValue(WidgetProperties.buttonSelection().observe(active), model.active);
		Text until = text(client, Messages.Field_inactiveUntil, ServerField.INACTIVE_UNTIL, model.inactiveUntil,
				SWT.NONE);
		until.setMessage(Messages.Field_inactiveUntilHint);
		model.active.addValueChangeListener(e -> until.setEnabled(!Boolean.TRUE.equals(model.active.getValue())));
		until.setEnabled(!Boolean.TRUE.equals(model.active.getValue()));
		sections.adapt(client);
	}

	/** The settings of the server's transport type, from the configurator contributed for it. */
	public void createTransport(Composite parent) {
		Composite client = section(parent, Messages.Section_transport, Messages.Section_transportDescription);
		GridLayout layout = (GridLayout) client.getLayout();
		layout.numColumns = 1;
		transportArea = new Composite(client, SWT.NONE);
		transportArea.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		transportArea.setData(FIELD_KEY, "transportSettings"); //$NON-NLS-1$
		showTransport(model.transportType.getValue());
	}

	private void showTransport(String type) {
		if (transportArea == null || transportArea.isDisposed() || type.equals(shownTransportType)) {
			return;
		}
		shownTransportType = type;
		for (Control child : transportArea.getChildren()) {
			child.dispose();
		}
		Composite content = new Composite(transportArea, SWT.NONE);
		transportArea.setLayout(new GridLayout(1, false));
		content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		Optional<TransportConfiguratorDescriptor> descriptor = TransportConfigurators.get().forType(type);
		boolean created = false;
		if (descriptor.isPresent()) {
			try {
				descriptor.get().createConfigurator().createControls(content, scopedSettings(content));
				created = true;
			} catch (CoreException | RuntimeException e) {
				Errors.show(null, Messages.Configurators_failedTitle,
						NLS.bind(Messages.Configurators_failed, type, descriptor.get().contributor()), e);
				for (Control child : content.getChildren()) {
					child.dispose();
				}
			}
		}
		if (!created) {
			content.setLayout(new GridLayout(1, false));
			new Label(content, SWT.WRAP).setText(Messages.Section_transportNone);
		}
		sections.adapt(transportArea);
		if (relayout != null) {
			relayout.run();
		}
	}

	/** The model's transport settings, with listeners removed when the configurator's controls go away. */
	private TransportSettings scopedSettings(Composite content) {
		return new TransportSettings() {
			@Override
			public String get(String key) {
				return model.get(key);
			}

			@Override
			public void set(String key, String value) {
				model.set(key, value);
			}

			@Override
			public Optional<String> problem(String key) {
				return model.problem(key);
			}

			@Override
			public void addChangeListener(Runnable listener) {
				model.addListener(listener);
				content.addDisposeListener(e -> model.removeListener(listener));
			}
		};
	}

	private void modelChanged() {
		showQuota();
		for (Map.Entry<ServerField, ControlDecoration> entry : decorations.entrySet()) {
			Optional<String> problem = model.problem(entry.getKey());
			ControlDecoration decoration = entry.getValue();
			if (problem.isPresent()) {
				decoration.setDescriptionText(problem.get());
				decoration.show();
			} else {
				decoration.setDescriptionText(null);
				decoration.hide();
			}
		}
		select(transportCombo, transportTypes.stream().map(TransportTypeDescriptor::id).toList(),
				model.transportType.getValue());
		select(encryptionCombo, providers.stream().map(EncryptionProviderDescriptor::id).toList(),
				model.encryption.getValue());
		select(authMethodCombo, authMethods.stream().map(AuthenticationMethodDescriptor::id).toList(),
				model.authMethod.getValue());
		showTransport(model.transportType.getValue());
		enableNetworkSections(model.transportType.getValue());
		showAuthentication(model.authMethod.getValue());
		if (passwordText != null && !passwordText.isDisposed()) {
			// The password is the password method's; another method signs in its own way.
			passwordText.setEnabled(networkEnabled && MailServer.AUTH_PASSWORD.equals(model.authMethod.getValue()));
		}
		if (allowPlaintextButton != null && !allowPlaintextButton.isDisposed()) {
			// Only meaningful (and shown enabled) while the server would sign in without encryption.
			allowPlaintextButton.setEnabled(model.server().authenticatesWithoutTls()
					|| Boolean.TRUE.equals(model.allowPlaintextAuth.getValue()));
		}
		updatePlaintextWarning();
		resultsChanged();
	}

	/** Host, port, encryption and credentials mean nothing to a transport type that does not connect (pickup). */
	private void enableNetworkSections(String transportType) {
		if (transportType == null || transportType.equals(networkSectionsFor)) {
			return; // runs on every change; only a new transport type matters
		}
		networkSectionsFor = transportType;
		boolean network = transportTypes.stream().filter(t -> t.id().equals(transportType)).findFirst().map(t -> {
			try {
				return t.transportType().usesNetwork();
			} catch (CoreException e) {
				return true;
			}
		}).orElse(true);
		networkEnabled = network;
		for (Composite client : networkSections) {
			if (!client.isDisposed()) {
				for (Control c : client.getChildren()) {
					if (!(c instanceof Label)) {
						c.setEnabled(network);
					}
				}
			}
		}
	}

	private static void select(Combo combo, List<String> ids, String id) {
		if (combo == null || combo.isDisposed()) {
			return;
		}
		int index = ids.indexOf(id);
		if (index < 0) {
			// An id that is not installed stays visible, so saving does not silently change it.
			if (combo.getItemCount() == ids.size()) {
				combo.add(id);
			} else {
				combo.setItem(ids.size(), id);
			}
			index = ids.size();
		}
		if (combo.getSelectionIndex() != index) {
			combo.select(index);
		}
	}

	private Optional<String> lastFingerprint() {
		return ConnectionTestResults.get().last(model.original().id()).map(DiagnosticReport::certificateFingerprint)
				.filter(f -> !f.isBlank());
	}

	private void resultsChanged() {
		if (fingerprintLabel == null || fingerprintLabel.isDisposed()) {
			return;
		}
		fingerprintLabel.getDisplay().asyncExec(() -> {
			if (fingerprintLabel.isDisposed()) {
				return;
			}
			updatePlaintextWarning();
			Optional<String> fingerprint = lastFingerprint();
			fingerprintLabel.setText(fingerprint.map(ServerValidation::normalizeFingerprint)
					.orElse(Messages.Field_noFingerprint));
			pinButton.setEnabled(fingerprint.isPresent() && !ServerValidation.normalizeFingerprint(fingerprint.get())
					.equals(ServerValidation.normalizeFingerprint(model.pinnedCertificate.getValue())));
			fingerprintLabel.getParent().layout();
		});
	}

	/** @return the decoration showing a field's validation message */
	public ControlDecoration decoration(ServerField field) {
		return decorations.get(field);
	}

	private void dispose() {
		model.removeListener(modelListener);
		ConnectionTestResults.get().removeListener(resultsListener);
		bindings.dispose();
	}

	private Composite section(Composite parent, String title, String description) {
		Composite client = sections.createSection(parent, title, description);
		GridLayout layout = new GridLayout(2, false);
		layout.horizontalSpacing = 12;
		layout.marginLeft = 4;
		client.setLayout(layout);
		return client;
	}

	private static Label label(Composite parent, String text) {
		Label label = new Label(parent, SWT.NONE);
		label.setText(text);
		return label;
	}

	private Text text(Composite parent, String labelText, ServerField field, IObservableValue<String> value,
			int style) {
		label(parent, labelText);
		Text text = new Text(parent, SWT.BORDER | SWT.SINGLE | style);
		text.setData(FIELD_KEY, field.name());
		text.setLayoutData(fill());
		bindings.bindValue(WidgetProperties.text(SWT.Modify).observe(text), value);
		decorate(text, field);
		return text;
	}

	private void decorate(Control control, ServerField field) {
		decorations.put(field, errorDecoration(control));
	}

	/** @return a hidden error marker at the top left of {@code control}, for a field's problem */
	public static ControlDecoration errorDecoration(Control control) {
		ControlDecoration decoration = new ControlDecoration(control, SWT.LEFT | SWT.TOP);
		decoration.setImage(FieldDecorationRegistry.getDefault()
				.getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage());
		decoration.hide();
		return decoration;
	}

	private static GridData fill() {
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 120;
		data.horizontalIndent = 8;
		return data;
	}
}
