package com.bitfaster.mail.ui.internal.form;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.databinding.observable.Realm;
import org.eclipse.core.databinding.observable.value.WritableValue;
import org.eclipse.core.runtime.ListenerList;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.TransportSettings;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * The settings of one server while the user edits them, as observable values that widgets bind to. Every change is
 * validated with the registry's own validation, so editor and property page refuse exactly what the registry would.
 */
public final class ServerEditModel implements TransportSettings {

	/** How "inactive until" is shown and typed, in the local time zone. */
	public static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"); //$NON-NLS-1$

	public final WritableValue<String> name;
	public final WritableValue<String> transportType;
	public final WritableValue<String> host;
	public final WritableValue<String> port;
	public final WritableValue<String> timeout;
	public final WritableValue<String> encryption;
	public final WritableValue<String> username;
	public final WritableValue<String> password;
	public final WritableValue<String> maxConnections;
	public final WritableValue<String> messagesPerConnection;
	public final WritableValue<String> messagesPerHour;
	public final WritableValue<String> messagesPerDay;
	/** The warm-up plan: daily caps separated by commas, such as "50, 100, 200"; empty for none. */
	public final WritableValue<String> warmUp;
	public final WritableValue<Boolean> active;
	public final WritableValue<String> inactiveUntil;
	public final WritableValue<String> pinnedCertificate;
	public final WritableValue<String> heloName;
	/** "Allow the password without encryption": only meaningful with encryption none and a user name. */
	public final WritableValue<Boolean> allowPlaintextAuth;
	/** The id of the authentication method ({@code password}, {@code oauth2}, or a contributed one). */
	public final WritableValue<String> authMethod;

	private final ServerRegistry registry;
	private final MailExtensions extensions;
	private final Map<String, String> transportSettings = new LinkedHashMap<>();
	private final Map<String, String> authSettings = new LinkedHashMap<>();
	private final ListenerList<java.util.function.Consumer<MailServer>> saveListeners = new ListenerList<>();
	/** A secret kept by an authentication configurator was typed: saving stores it. */
	private boolean secretChanged;
	private final ListenerList<Runnable> listeners = new ListenerList<>();
	private MailServer original;
	private boolean isNew;
	private String storedPassword = ""; //$NON-NLS-1$
	private String lastEncryption;
	private List<FieldProblem> problems = List.of();
	private boolean loading;

	private ServerEditModel(Realm realm, ServerRegistry registry, MailExtensions extensions, MailServer server,
			boolean isNew) {
		this.registry = registry;
		this.extensions = extensions;
		this.isNew = isNew;
		name = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		transportType = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		host = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		port = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		timeout = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		encryption = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		username = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		password = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		maxConnections = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		messagesPerConnection = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		messagesPerHour = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		messagesPerDay = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		warmUp = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		active = new WritableValue<>(realm, Boolean.TRUE, Boolean.class);
		inactiveUntil = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		pinnedCertificate = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		heloName = new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
		allowPlaintextAuth = new WritableValue<>(realm, Boolean.FALSE, Boolean.class);
		authMethod = new WritableValue<>(realm, MailServer.AUTH_PASSWORD, String.class);
		for (WritableValue<?> value : values()) {
			value.addValueChangeListener(e -> changed());
		}
		encryption.addValueChangeListener(e -> encryptionChanged(e.diff.getOldValue(), e.diff.getNewValue()));
		if (!isNew) {
			storedPassword = registry.password(server.id()).map(String::new).orElse(""); //$NON-NLS-1$
		}
		load(server);
	}

	/** A model for a server that is not in the registry yet; saving adds it. */
	public static ServerEditModel forNew(Realm realm, ServerRegistry registry, MailExtensions extensions,
			MailServer draft) {
		return new ServerEditModel(realm, registry, extensions, draft, true);
	}

	/** A model for a server of the registry; saving updates it. */
	public static ServerEditModel forExisting(Realm realm, ServerRegistry registry, MailExtensions extensions,
			MailServer server) {
		return new ServerEditModel(realm, registry, extensions, server, false);
	}

	private List<WritableValue<?>> values() {
		return List.of(name, transportType, host, port, timeout, encryption, username, password, maxConnections,
				messagesPerConnection, messagesPerHour, messagesPerDay, warmUp, active, inactiveUntil, pinnedCertificate,
				heloName, allowPlaintextAuth, authMethod);
	}

	private void load(MailServer server) {
		loading = true;
		try {
			original = server;
			name.setValue(server.name());
			transportType.setValue(server.transportType());
			host.setValue(server.host());
			port.setValue(Integer.toString(server.port()));
			timeout.setValue(Integer.toString(server.timeoutSeconds()));
			lastEncryption = server.encryption();
			encryption.setValue(server.encryption());
			username.setValue(server.username());
			password.setValue(storedPassword);
			maxConnections.setValue(Integer.toString(server.limits().maxConnections()));
			messagesPerConnection.setValue(Integer.toString(server.limits().messagesPerConnection()));
			messagesPerHour.setValue(Integer.toString(server.limits().messagesPerHour()));
			messagesPerDay.setValue(Integer.toString(server.limits().messagesPerDay()));
			warmUp.setValue(server.limits().warmUp().stream().map(String::valueOf).collect(Collectors.joining(", "))); //$NON-NLS-1$
			active.setValue(server.active());
			inactiveUntil.setValue(server.inactiveUntil() == null ? "" //$NON-NLS-1$
					: UNTIL_FORMAT.format(LocalDateTime.ofInstant(server.inactiveUntil(), ZoneId.systemDefault())));
			pinnedCertificate.setValue(server.pinnedCertificate());
			heloName.setValue(server.heloName());
			allowPlaintextAuth.setValue(server.allowPlaintextAuth());
			transportSettings.clear();
			transportSettings.putAll(server.transportSettings());
			authMethod.setValue(server.authMethod());
			authSettings.clear();
			authSettings.putAll(server.authSettings());
		} finally {
			loading = false;
		}
		changed();
	}

	/** Moves the port along with the encryption when the port was still the previous provider's default. */
	private void encryptionChanged(String oldId, String newId) {
		if (loading || Objects.equals(oldId, newId)) {
			return;
		}
		String previous = lastEncryption != null ? lastEncryption : oldId;
		lastEncryption = newId;
		Optional<Integer> oldDefault = defaultPort(previous);
		Optional<Integer> newDefault = defaultPort(newId);
		String current = port.getValue().strip();
		boolean wasDefault = current.isEmpty()
				|| oldDefault.map(p -> current.equals(Integer.toString(p))).orElse(false);
		if (wasDefault && newDefault.isPresent()) {
			port.setValue(Integer.toString(newDefault.get()));
		}
	}

	private Optional<Integer> defaultPort(String encryptionId) {
		if (extensions == null || encryptionId == null) {
			return Optional.empty();
		}
		return extensions.encryptionProvider(encryptionId).map(EncryptionProviderDescriptor::defaultPort);
	}

	private void changed() {
		if (loading) {
			return;
		}
		revalidate();
		for (Runnable listener : listeners) {
			listener.run();
		}
	}

	private void revalidate() {
		List<FieldProblem> found = new ArrayList<>();
		MailServer.Builder b = original.toBuilder().name(name.getValue()).transportType(transportType.getValue())
				.host(host.getValue().strip()).username(username.getValue()).encryption(encryption.getValue())
				.heloName(heloName.getValue().strip()).pinnedCertificate(pinnedCertificate.getValue().strip())
				.transportSettings(transportSettings).authMethod(authMethod.getValue()).authSettings(authSettings)
				.allowPlaintextAuth(Boolean.TRUE.equals(allowPlaintextAuth.getValue()));
		b.port(number(port, ServerField.PORT, Messages.Field_port, original.port(), found));
		b.timeoutSeconds(number(timeout, ServerField.TIMEOUT, Messages.Field_timeout, original.timeoutSeconds(), found));
		b.limits(new ServerLimits(
				number(maxConnections, ServerField.MAX_CONNECTIONS, Messages.Field_maxConnections,
						original.limits().maxConnections(), found),
				number(messagesPerConnection, ServerField.MESSAGES_PER_CONNECTION, Messages.Field_messagesPerConnection,
						original.limits().messagesPerConnection(), found),
				number(messagesPerHour, ServerField.MESSAGES_PER_HOUR, Messages.Field_messagesPerHour,
						original.limits().messagesPerHour(), found),
				number(messagesPerDay, ServerField.MESSAGES_PER_DAY, Messages.Field_messagesPerDay,
						original.limits().messagesPerDay(), found),
				plan(warmUp, original.limits().warmUp(), found)));
		b.active(Boolean.TRUE.equals(active.getValue()));
		b.inactiveUntil(null);
		if (!Boolean.TRUE.equals(active.getValue()) && !inactiveUntil.getValue().isBlank()) {
			try {
				b.inactiveUntil(LocalDateTime.parse(inactiveUntil.getValue().strip(), UNTIL_FORMAT)
						.atZone(ZoneId.systemDefault()).toInstant());
			} catch (DateTimeParseException e) {
				found.add(new FieldProblem(ServerField.INACTIVE_UNTIL, Messages.Validation_until));
			}
		}
		edited = b.build();
		List<ServerField> unparsable = found.stream().map(FieldProblem::field).toList();
		registry.validate(edited).stream().filter(p -> !unparsable.contains(p.field())).forEach(found::add);
		problems = List.copyOf(found);
	}

	private MailServer edited;

	private static int number(WritableValue<String> value, ServerField field, String label, int fallback,
			List<FieldProblem> found) {
		try {
			return Integer.parseInt(value.getValue().strip());
		} catch (NumberFormatException e) {
			found.add(new FieldProblem(field, NLS.bind(Messages.Validation_number, label)));
			return fallback;
		}
	}

	private static List<Integer> plan(WritableValue<String> value, List<Integer> fallback, List<FieldProblem> found) {
		String text = value.getValue().strip();
		List<Integer> plan = new ArrayList<>();
		if (text.isEmpty()) {
			return plan;
		}
		try {
			for (String day : text.split(",", -1)) { //$NON-NLS-1$
				plan.add(Integer.parseInt(day.strip()));
			}
			return plan;
		} catch (NumberFormatException e) {
			found.add(new FieldProblem(ServerField.WARM_UP, Messages.Validation_warmUp));
			return fallback;
		}
	}

	/** @return the server as edited (unparsable numbers keep their saved value) */
	public MailServer server() {
		return edited;
	}

	public boolean isNew() {
		return isNew;
	}

	public List<FieldProblem> problems() {
		return problems;
	}

	/** @return the first problem of a field, other than transport-specific settings */
	public Optional<String> problem(ServerField field) {
		return problems.stream().filter(p -> p.field() == field).map(FieldProblem::message).findFirst();
	}

	/** @return a one-paragraph summary of the problems, or empty when there are none */
	public Optional<String> summary() {
		if (problems.isEmpty()) {
			return Optional.empty();
		}
		String all = problems.stream().map(FieldProblem::message).distinct().collect(Collectors.joining(" ")); //$NON-NLS-1$
		return Optional.of(NLS.bind(problems.size() == 1 ? Messages.Editor_oneProblem : Messages.Editor_problems,
				problems.size(), all));
	}

	public boolean isDirty() {
		return isNew || !edited.equals(original) || isPasswordChanged() || secretChanged;
	}

	private boolean isPasswordChanged() {
		// Only the password method sends the password; with another method the field is not used.
		return MailServer.AUTH_PASSWORD.equals(authMethod.getValue()) && !password.getValue().equals(storedPassword);
	}

	public boolean canSave() {
		return problems.isEmpty() && isDirty();
	}

	/**
	 * Adds or updates the server in the registry, with its password.
	 *
	 * @throws com.bitfaster.mail.core.ServerValidationException when the registry refuses the settings
	 * @throws IllegalStateException when the registry is read-only
	 */
	public MailServer save() {
		revalidate();
		MailServer saved;
		if (isNew) {
			char[] secret = password.getValue().isEmpty() ? null : password.getValue().toCharArray();
			saved = registry.add(edited, isPasswordChanged() ? secret : null);
		} else {
			saved = registry.update(edited);
			if (isPasswordChanged()) {
				char[] secret = password.getValue().toCharArray();
				registry.setPassword(saved.id(), secret.length == 0 ? null : secret);
				Arrays.fill(secret, '\0');
			}
		}
		if (isPasswordChanged()) {
			storedPassword = password.getValue();
		}
		isNew = false;
		secretChanged = false;
		load(saved);
		for (java.util.function.Consumer<MailServer> listener : saveListeners) {
			listener.accept(saved);
		}
		return saved;
	}

	/** Forgets every change since the last save. */
	public void revert() {
		secretChanged = false;
		load(original);
	}

	/** @return the server as last saved or loaded */
	public MailServer original() {
		return original;
	}

	/** Adopts changes the registry made to the saved server (activation) while keeping edits of other fields. */
	public void savedServerChanged(MailServer server) {
		if (!isDirty()) {
			load(server);
		} else {
			original = server;
			changed();
		}
	}

	/** @return the password typed, for testing a connection before saving; {@code null} when unchanged */
	public char[] passwordIfChanged() {
		return isPasswordChanged() ? password.getValue().toCharArray() : null;
	}

	/**
	 * @return whether the server as edited signs in without TLS, allowed explicitly: the editor warns that the
	 *         password travels readable
	 */
	public boolean sendsPasswordReadable() {
		return edited.authenticatesWithoutTls() && edited.allowPlaintextAuth() && usesNetwork();
	}

	private boolean usesNetwork() {
		if (extensions == null) {
			return true;
		}
		return extensions.transportType(edited.transportType()).map(t -> {
			try {
				return t.transportType().usesNetwork();
			} catch (org.eclipse.core.runtime.CoreException e) {
				return true;
			}
		}).orElse(true);
	}

	/** Switches to a TLS setting the last connection test found the server offers: encryption and port at once. */
	public void useSecureOption(com.bitfaster.mail.core.DiagnosticReport.SecureOption option) {
		encryption.setValue(option.encryption());
		port.setValue(Integer.toString(option.port()));
		allowPlaintextAuth.setValue(Boolean.FALSE);
	}

	public MailExtensions extensions() {
		return extensions;
	}

	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	/** @return the authentication settings as an authentication configurator sees them */
	public com.bitfaster.mail.ui.AuthenticationSettings authSettingsView() {
		return new com.bitfaster.mail.ui.AuthenticationSettings() {
			@Override
			public String get(String key) {
				return authSettings.getOrDefault(key, ""); //$NON-NLS-1$
			}

			@Override
			public void set(String key, String value) {
				if (value == null || value.isEmpty()) {
					authSettings.remove(key);
				} else {
					authSettings.put(key, value);
				}
				changed();
			}

			@Override
			public Optional<String> problem(String key) {
				return problems.stream()
						.filter(p -> p.field() == ServerField.AUTH_SETTING && key.equals(p.settingKey()))
						.map(FieldProblem::message).findFirst();
			}

			@Override
			public void addChangeListener(Runnable listener) {
				addListener(listener);
			}

			@Override
			public Optional<MailServer> savedServer() {
				return isNew ? Optional.empty() : Optional.of(original);
			}

			@Override
			public boolean isDirty() {
				return ServerEditModel.this.isDirty();
			}

			@Override
			public void secretChanged() {
				secretChanged = true;
				changed();
			}

			@Override
			public void addSaveListener(java.util.function.Consumer<MailServer> listener) {
				saveListeners.add(listener);
			}
		};
	}

	/** Stops telling {@code listener} about saves (its controls went away). */
	public void removeSaveListener(java.util.function.Consumer<MailServer> listener) {
		saveListeners.remove(listener);
	}

	@Override
	public String get(String key) {
		return transportSettings.getOrDefault(key, ""); //$NON-NLS-1$
	}

	@Override
	public void set(String key, String value) {
		if (value == null || value.isEmpty()) {
			transportSettings.remove(key);
		} else {
			transportSettings.put(key, value);
		}
		changed();
	}

	@Override
	public Optional<String> problem(String key) {
		return problems.stream().filter(p -> p.field() == ServerField.TRANSPORT_SETTING && key.equals(p.settingKey()))
				.map(FieldProblem::message).findFirst();
	}

	@Override
	public void addChangeListener(Runnable listener) {
		addListener(listener);
	}
}
