package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.AuthenticationMethodDescriptor;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.ImportResult;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.core.ServerRegistryListener.Kind;
import com.bitfaster.mail.core.ServerValidation;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.google.gson.JsonParseException;

/**
 * The {@link ServerRegistry} service: servers in {@code servers.json} in this bundle's state location, passwords in
 * Equinox secure storage.
 */
@Component(service = ServerRegistry.class)
public class ServerRegistryImpl implements ServerRegistry {

	private final List<ServerRegistryListener> listeners = new CopyOnWriteArrayList<>();
	private final Map<String, MailServer> servers = new LinkedHashMap<>();
	private ServerStore store;
	// Made on first use, and no catch clause here names StorageException: the JVM loads the classes a class's verifier
	// needs with that class, and secure storage would start with the registry, before the window.
	private Supplier<ISecurePreferences> secureStorage;
	private SecretStore secrets;
	private MailExtensions extensions;
	private Clock clock = Clock.systemUTC();
	private String loadProblem;
	private boolean readOnly;
	private ServerFileWatcher watcher;

	/** For Declarative Services. */
	public ServerRegistryImpl() {
	}

	/** Outside Declarative Services: a registry on the given file and secure storage. */
	public ServerRegistryImpl(Path file, Supplier<ISecurePreferences> secureStorage, MailExtensions extensions,
			Clock clock, UnaryOperator<java.io.OutputStream> writeInterceptor) {
		this.extensions = extensions;
		this.clock = clock;
		this.store = new ServerStore(file, clock, writeInterceptor);
		this.secureStorage = secureStorage;
		load();
	}

	@Reference
	void setExtensions(MailExtensions mailExtensions) {
		this.extensions = mailExtensions;
	}

	@Activate
	void activate() {
		Path dir = Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath();
		store = new ServerStore(dir.resolve(ServerStore.FILE_NAME), clock);
		secureStorage = new Supplier<>() {
			private ISecurePreferences root;

			@Override
			public synchronized ISecurePreferences get() {
				if (root == null) {
					root = com.bitfaster.mail.core.SecureSecrets.openDefault();
				}
				return root;
			}
		};
		load();
		startWatching();
	}

	private synchronized SecretStore secrets() {
		if (secrets == null) {
			secrets = new SecretStore(secureStorage);
		}
		return secrets;
	}

	/** @return the folder of the servers file (where the servers' shared send quotas are kept too) */
	public java.nio.file.Path folder() {
		return store == null ? null : store.file().toAbsolutePath().getParent();
	}

	private synchronized void load() {
		adopt(store.load());
	}

	/**
	 * Takes the servers as just read from the file.
	 *
	 * @return what differs from what this registry had, for the listeners
	 */
	private List<Event> adopt(ServerStore.LoadResult result) {
		Map<String, MailServer> before = new LinkedHashMap<>(servers);
		servers.clear();
		result.servers().forEach(s -> servers.put(s.id(), s));
		// A problem stays until another one replaces it: a clean re-read must not hide that a corrupt file was moved aside.
		if (result.problem() != null) {
			loadProblem = result.problem();
			ILog.of(getClass()).error(loadProblem);
		}
		readOnly = result.readOnly();
		List<Event> events = new ArrayList<>();
		before.forEach((id, old) -> {
			MailServer now = servers.get(id);
			if (now == null) {
				events.add(new Event(Kind.REMOVED, old));
			} else if (!now.equals(old)) {
				events.add(new Event(Kind.UPDATED, now));
			}
		});
		servers.forEach((id, now) -> {
			if (!before.containsKey(id)) {
				events.add(new Event(Kind.ADDED, now));
			}
		});
		return events;
	}

	/**
	 * Picks up changes another process (the command line) wrote since this registry last read the file, and tells the
	 * listeners what changed.
	 */
	private synchronized void refreshIfChangedOnDisk() {
		if (!store.isStale() || readOnly) {
			return;
		}
		adopt(store.load()).forEach(this::fire);
	}

	/**
	 * Watches the servers file so that changes another process makes (the command line) reach the listeners without
	 * waiting for the next read. Stops with {@link #stopWatching()}.
	 */
	public synchronized void startWatching() {
		if (watcher == null) {
			watcher = new ServerFileWatcher(store.file(), this::refreshIfChangedOnDisk);
		}
	}

	@Deactivate
	public synchronized void stopWatching() {
		if (watcher != null) {
			watcher.close();
			watcher = null;
		}
	}

	@Override
	public synchronized List<MailServer> servers() {
		refreshIfChangedOnDisk();
		return sorted(servers.values());
	}

	private static List<MailServer> sorted(Collection<MailServer> all) {
		return all.stream().sorted(Comparator.comparing(MailServer::name, String.CASE_INSENSITIVE_ORDER)).toList();
	}

	@Override
	public synchronized Optional<MailServer> get(String id) {
		refreshIfChangedOnDisk();
		return Optional.ofNullable(servers.get(id));
	}

	@Override
	public synchronized Optional<MailServer> findByName(String name) {
		refreshIfChangedOnDisk();
		return servers.values().stream().filter(s -> s.name().equalsIgnoreCase(name.strip())).findFirst();
	}

	@Override
	public synchronized List<FieldProblem> validate(MailServer server) {
		List<FieldProblem> problems = new ArrayList<>(ServerValidation.validate(server));
		if (nameTaken(server)) {
			problems.add(new FieldProblem(ServerField.NAME, NLS.bind(Messages.Validation_nameTaken, server.name())));
		}
		if (extensions != null) {
			validateContributions(server, problems);
		}
		return problems;
	}

	private void validateAuthentication(MailServer server, List<FieldProblem> problems) {
		Optional<AuthenticationMethodDescriptor> method = extensions.authenticationMethod(server.authMethod());
		if (method.isEmpty()) {
			problems.add(new FieldProblem(ServerField.AUTH_METHOD, NLS.bind(Messages.Validation_unknownAuthMethod,
					server.authMethod(), extensions.authenticationMethods().stream()
							.map(AuthenticationMethodDescriptor::id).collect(Collectors.joining(", "))))); //$NON-NLS-1$
			return;
		}
		try {
			problems.addAll(method.get().authenticationMethod().validate(server));
		} catch (CoreException e) {
			problems.add(new FieldProblem(ServerField.AUTH_METHOD,
					NLS.bind(Messages.Validation_unknownAuthMethod, server.authMethod(), "-"))); //$NON-NLS-1$
		}
	}

	private boolean nameTaken(MailServer server) {
		return servers.values().stream()
				.anyMatch(s -> !s.id().equals(server.id()) && s.name().equalsIgnoreCase(server.name().strip()));
	}

	private void validateContributions(MailServer server, List<FieldProblem> problems) {
		Optional<TransportTypeDescriptor> type = extensions.transportType(server.transportType());
		if (type.isEmpty()) {
			problems.add(new FieldProblem(ServerField.TRANSPORT_TYPE, NLS.bind(Messages.Validation_unknownTransport,
					server.transportType(), extensions.transportTypes().stream().map(TransportTypeDescriptor::id)
							.collect(Collectors.joining(", "))))); //$NON-NLS-1$
			return;
		}
		boolean usesNetwork = true;
		try {
			usesNetwork = type.get().transportType().usesNetwork();
			problems.addAll(type.get().transportType().validateSettings(server));
		} catch (CoreException e) {
			problems.add(new FieldProblem(ServerField.TRANSPORT_TYPE,
					NLS.bind(Messages.Validation_brokenTransport, server.transportType())));
		}
		if (!usesNetwork) {
			// A transport type that does not connect (a pickup directory) needs no host or port.
			problems.removeIf(p -> p.field() == ServerField.HOST || p.field() == ServerField.PORT
					|| p.field() == ServerField.HELO_NAME || p.field() == ServerField.ALLOW_PLAINTEXT_AUTH);
		}
		if (usesNetwork) {
			validateAuthentication(server, problems);
		}
		if (usesNetwork && extensions.encryptionProvider(server.encryption()).isEmpty()) {
			problems.add(new FieldProblem(ServerField.ENCRYPTION, NLS.bind(Messages.Validation_unknownEncryption,
					server.encryption(), extensions.encryptionProviders().stream()
							.map(EncryptionProviderDescriptor::id).collect(Collectors.joining(", "))))); //$NON-NLS-1$
		}
	}

	@Override
	public MailServer add(MailServer server, char[] password) {
		MailServer stripped = server.toBuilder().name(server.name().strip()).build();
		return change(own -> {
			MailServer candidate = servers.containsKey(stripped.id()) ? stripped.toBuilder().newId().build() : stripped;
			throwIfInvalid(candidate);
			servers.put(candidate.id(), candidate);
			own.add(new Event(Kind.ADDED, candidate));
			return candidate;
		}, added -> {
			if (password != null) {
				storePassword(added, password);
			}
		});
	}

	@Override
	public MailServer update(MailServer server) {
		MailServer updated = server.toBuilder().name(server.name().strip()).build();
		return change(own -> {
			existing(updated.id());
			throwIfInvalid(updated);
			servers.put(updated.id(), updated);
			own.add(new Event(Kind.UPDATED, updated));
			return updated;
		}, done -> {
			// nothing else to store
		});
	}

	/** Changes one server as it is on disk now, so that what another process changed in it meanwhile is kept. */
	private MailServer updateStored(String id, UnaryOperator<MailServer> edit) {
		return change(own -> {
			MailServer updated = edit.apply(existing(id));
			throwIfInvalid(updated);
			servers.put(updated.id(), updated);
			own.add(new Event(Kind.UPDATED, updated));
			return updated;
		}, done -> {
			// nothing else to store
		});
	}

	@Override
	public void setPassword(String id, char[] password) {
		MailServer server;
		synchronized (this) {
			refreshIfChangedOnDisk();
			server = existing(id);
			storePassword(server, password);
		}
		fire(Kind.UPDATED, server);
	}

	private void storePassword(MailServer server, char[] password) {
		try {
			secrets().setPassword(server.id(), password);
		} catch (Exception e) { // StorageException, IOException, RuntimeException
			// The message names the server, never the secret.
			throw new IllegalStateException(NLS.bind(Messages.Secrets_failed, server.name(), reason(e)), e);
		}
	}

	@Override
	public synchronized Optional<char[]> password(String id) {
		refreshIfChangedOnDisk();
		MailServer server = existing(id);
		try {
			return secrets().password(id);
		} catch (Exception e) { // StorageException, IOException
			if (e instanceof RuntimeException r) {
				throw r;
			}
			throw new IllegalStateException(NLS.bind(Messages.Secrets_readFailed, server.name(), reason(e)), e);
		}
	}

	/** @return why secure storage failed: a refused key file says which file and the fix, else the exception's own */
	private static String reason(Exception e) {
		return KeyFilePasswordProvider.problem().orElse(e.getMessage());
	}

	@Override
	public Optional<char[]> secret(String id, String key) {
		MailServer server;
		synchronized (this) {
			refreshIfChangedOnDisk();
			server = existing(id);
		}
		try {
			return secrets().secret(id, key);
		} catch (Exception e) { // StorageException, IOException
			if (e instanceof RuntimeException r) {
				throw r;
			}
			throw new IllegalStateException(NLS.bind(Messages.Secrets_readFailed, server.name(), e.getMessage()), e);
		}
	}

	@Override
	public void setSecrets(String id, Map<String, char[]> values) {
		MailServer server;
		synchronized (this) {
			refreshIfChangedOnDisk();
			server = existing(id);
		}
		try {
			secrets().setSecrets(id, values);
		} catch (Exception e) { // StorageException, IOException, RuntimeException
			throw new IllegalStateException(NLS.bind(Messages.Secrets_failed, server.name(), e.getMessage()), e);
		}
	}

	@Override
	public MailServer duplicate(String id) {
		return change(own -> {
			MailServer original = existing(id);
			MailServer copy = original.toBuilder().newId().name(uniqueName(original.name())).build();
			throwIfInvalid(copy);
			servers.put(copy.id(), copy);
			own.add(new Event(Kind.ADDED, copy));
			return copy;
		}, copy -> password(id).ifPresent(p -> storePassword(copy, p)));
	}

	/** @return {@code name} when it is free, otherwise "name (copy)", "name (copy 2)", … */
	synchronized String uniqueName(String name) {
		Set<String> taken = servers.values().stream().map(s -> s.name().toLowerCase(Locale.ROOT))
				.collect(Collectors.toCollection(HashSet::new));
		String base = name.replaceFirst(" \\(copy( \\d+)?\\)$", ""); //$NON-NLS-1$ //$NON-NLS-2$
		String candidate = NLS.bind(Messages.Registry_copyName, base);
		for (int n = 2; taken.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
			candidate = NLS.bind(Messages.Registry_copyNameN, base, n);
		}
		return candidate;
	}

	@Override
	public void delete(String id) {
		change(own -> {
			MailServer removed = existing(id);
			servers.remove(id);
			own.add(new Event(Kind.REMOVED, removed));
			return removed;
		}, removed -> {
			try {
				secrets().remove(id);
			} catch (IOException | RuntimeException e) {
				ILog.of(getClass()).error(NLS.bind(Messages.Secrets_failed, removed.name(), e.getMessage()), e);
			}
		});
	}

	@Override
	public MailServer activate(String id) {
		return updateStored(id, s -> s.toBuilder().active(true).build());
	}

	@Override
	public MailServer deactivate(String id) {
		return updateStored(id, s -> s.toBuilder().active(false).inactiveUntil(null).build());
	}

	@Override
	public MailServer deactivateUntil(String id, Instant until) {
		return updateStored(id, s -> s.toBuilder().active(false).inactiveUntil(until).build());
	}

	@Override
	public boolean isActive(MailServer server) {
		return server.isActiveAt(clock.instant());
	}

	@Override
	public List<MailServer> activeServers() {
		Instant now = clock.instant();
		return servers().stream().filter(s -> s.isActiveAt(now)).toList();
	}

	@Override
	public synchronized Optional<String> loadProblem() {
		return Optional.ofNullable(loadProblem);
	}

	@Override
	public synchronized boolean isReadOnly() {
		return readOnly;
	}

	@Override
	public void exportServers(Collection<String> ids, Writer out) throws IOException {
		List<MailServer> selected;
		synchronized (this) {
			selected = ids.isEmpty() ? servers() : ids.stream().map(this::existing).toList();
		}
		out.write(ServerJson.write(ServerJson.KIND_EXPORT, selected));
		out.flush();
	}

	@Override
	public ImportResult importServers(Reader in, boolean renameConflicts) throws IOException {
		List<MailServer> incoming;
		try {
			java.io.StringWriter text = new java.io.StringWriter();
			in.transferTo(text);
			incoming = ServerJson.read(text.toString()).servers();
		} catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
			throw new IOException(NLS.bind(Messages.Registry_importNotExport, e.getMessage()), e);
		}
		// One change for the whole file: names are checked against the servers on disk, and it is written once.
		return change(own -> {
			List<MailServer> imported = new ArrayList<>();
			List<String> conflicts = new ArrayList<>();
			List<String> invalid = new ArrayList<>();
			for (MailServer server : incoming) {
				MailServer candidate = server.toBuilder().newId().name(server.name().strip()).build();
				if (nameTaken(candidate)) {
					if (!renameConflicts) {
						conflicts.add(NLS.bind(Messages.Registry_importConflict, candidate.name()));
						continue;
					}
					String newName = uniqueName(candidate.name());
					conflicts.add(NLS.bind(Messages.Registry_importRenamed, candidate.name(), newName));
					candidate = candidate.toBuilder().name(newName).build();
				}
				try {
					throwIfInvalid(candidate);
				} catch (ServerValidationException e) {
					invalid.add(NLS.bind(Messages.Registry_importInvalid, candidate.name(), e.getMessage()));
					continue;
				}
				servers.put(candidate.id(), candidate);
				own.add(new Event(Kind.ADDED, candidate));
				imported.add(candidate);
			}
			return new ImportResult(imported, conflicts, invalid);
		}, done -> {
			// exports carry no secrets
		});
	}

	@Override
	public void addListener(ServerRegistryListener listener) {
		listeners.add(listener);
	}

	@Override
	public void removeListener(ServerRegistryListener listener) {
		listeners.remove(listener);
	}

	private void fire(Event event) {
		fire(event.kind(), event.server());
	}

	private void fire(Kind kind, MailServer server) {
		for (ServerRegistryListener listener : listeners) {
			try {
				listener.serverChanged(kind, server);
			} catch (RuntimeException e) {
				ILog.of(getClass()).error("A server registry listener failed", e); //$NON-NLS-1$
			}
		}
	}

	private MailServer existing(String id) {
		MailServer server = servers.get(id);
		if (server == null) {
			throw new NoSuchElementException(NLS.bind(Messages.Registry_noServer, id));
		}
		return server;
	}

	private void checkWritable() {
		if (readOnly) {
			throw new IllegalStateException(NLS.bind(Messages.Registry_readOnly, loadProblem));
		}
	}

	private void throwIfInvalid(MailServer server) {
		List<FieldProblem> problems = validate(server);
		if (!problems.isEmpty()) {
			throw new ServerValidationException(problems);
		}
	}

	/** What a change did to one server, told to the listeners once it is on disk. */
	private record Event(Kind kind, MailServer server) {
	}

	/**
	 * One read-modify-write of the servers file, held against other processes by the store's lock: re-reads the file,
	 * so that servers another process wrote meanwhile are kept (and heard, as the file watcher would tell them), lets
	 * {@code edit} change {@link #servers} (validating against that fresh state, adding its own events), and writes
	 * the result. Nothing is written when {@code edit} throws. Once the file is written, {@code afterWrite} stores what
	 * lives elsewhere (secrets: their lock is only ever taken after this one, never around it). Listeners hear the
	 * events after every lock is released.
	 */
	private <T> T change(Function<List<Event>, T> edit, Consumer<T> afterWrite) {
		List<Event> heard = new ArrayList<>();
		try {
			synchronized (this) {
				checkWritable();
				T result;
				try (CrossProcessLock lock = store.lock()) {
					heard.addAll(adopt(store.load()));
					checkWritable();
					Map<String, MailServer> onDisk = new LinkedHashMap<>(servers);
					List<Event> own = new ArrayList<>();
					try {
						result = edit.apply(own);
						store.save(sorted(servers.values()));
					} catch (IOException | RuntimeException e) {
						servers.clear();
						servers.putAll(onDisk);
						throw e;
					}
					heard.addAll(own);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
				afterWrite.accept(result);
				return result;
			}
		} finally {
			heard.forEach(this::fire);
		}
	}
}
