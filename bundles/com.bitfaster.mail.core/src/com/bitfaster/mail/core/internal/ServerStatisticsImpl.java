package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.ListenerList;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerStatistics;
import com.bitfaster.mail.core.ServerStats;
import com.bitfaster.mail.core.ServerStats.SendSample;
import com.bitfaster.mail.core.ServerStats.TestVerdict;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@link ServerStatistics} in {@code server-statistics.json} next to {@code servers.json}. Records wait in memory and
 * are merged into the file a moment later, many at once (a campaign's thousands of sends would otherwise write the
 * file thousands of times), by a read-modify-write under {@link CrossProcessLock} so that another program's records
 * are kept. A file that cannot be read is moved aside ({@code .damaged-<time>}), logged and reported by
 * {@link #problem()}, and a new one is started.
 */
@Component(service = ServerStatistics.class)
public class ServerStatisticsImpl implements ServerStatistics {

	static final String FILE = "server-statistics.json"; //$NON-NLS-1$
	private static final int FORMAT = 1;
	/** How long records gather before they are written: short enough to look live, long enough to batch a campaign. */
	private static final long GATHER_MILLIS = 200;
	/** Records kept in memory while the file cannot be written: beyond it the oldest go (they would be trimmed anyway). */
	private static final int MAX_PENDING = 20 * RECENT;

	private Path file;
	private ScheduledExecutorService writer;
	/** Records not yet written, in order; guarded by itself. */
	private final Deque<Map.Entry<String, Object>> pending = new ArrayDeque<>();
	private boolean scheduled;
	private volatile String problem;
	private final ListenerList<Runnable> listeners = new ListenerList<>();
	private ServerRegistry registry;

	public ServerStatisticsImpl() {
	}

	/** For tests: a record in {@code folder}. */
	public ServerStatisticsImpl(Path folder) {
		start(folder);
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
	}

	@Activate
	void activate() {
		Path folder = registry instanceof ServerRegistryImpl impl && impl.folder() != null ? impl.folder()
				: org.eclipse.core.runtime.Platform
						.getStateLocation(org.osgi.framework.FrameworkUtil.getBundle(ServerStatisticsImpl.class)).toPath();
		start(folder);
	}

	private void start(Path folder) {
		file = folder.resolve(FILE);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "BitFaster server statistics"); //$NON-NLS-1$
			t.setDaemon(true);
			return t;
		});
		timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		writer = timer;
	}

	/** Writes what is pending and stops. Also for tests. */
	@Deactivate
	public void close() {
		// A write under way finishes (an interrupt would fail it after it took its records); waiting ones are dropped
		// and their records written here.
		writer.shutdown();
		try {
			if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
				writer.shutdownNow();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			flush();
		} catch (IOException e) {
			ILog.of(ServerStatisticsImpl.class).warn("Server statistics not written: " + e.getMessage(), e); //$NON-NLS-1$
		}
	}

	@Override
	public void recordSend(String serverId, List<RecipientOutcome> outcomes, long latencyMillis) {
		int[] counts = new int[RecipientOutcome.Status.values().length];
		for (RecipientOutcome o : outcomes) {
			counts[o.status().ordinal()]++;
		}
		add(serverId, new SendSample(Instant.now(), Math.max(0, latencyMillis),
				counts[RecipientOutcome.Status.ACCEPTED.ordinal()], counts[RecipientOutcome.Status.DEFERRED.ordinal()],
				counts[RecipientOutcome.Status.REJECTED.ordinal()], counts[RecipientOutcome.Status.UNKNOWN.ordinal()]));
	}

	@Override
	public void recordTest(String serverId, boolean passed, String summary) {
		add(serverId, new TestVerdict(Instant.now(), passed, summary == null ? "" : summary)); //$NON-NLS-1$
	}

	private void add(String serverId, Object record) {
		synchronized (pending) {
			pending.add(Map.entry(serverId, record));
			while (pending.size() > MAX_PENDING) {
				pending.removeFirst();
			}
			if (scheduled) {
				return;
			}
			scheduled = true;
		}
		try {
			writer.schedule(this::writeInBackground, GATHER_MILLIS, TimeUnit.MILLISECONDS);
		} catch (java.util.concurrent.RejectedExecutionException e) {
			synchronized (pending) {
				scheduled = false; // closing: close() writes it
			}
		}
	}

	private void writeInBackground() {
		try {
			flush();
		} catch (IOException e) {
			problem = NLS.bind(Messages.Statistics_unwritable, file, e.getMessage());
			ILog.of(ServerStatisticsImpl.class).warn(problem, e);
		}
	}

	@Override
	public void flush() throws IOException {
		List<Map.Entry<String, Object>> due;
		synchronized (pending) {
			scheduled = false;
			if (pending.isEmpty()) {
				return;
			}
			due = new ArrayList<>(pending);
			pending.clear();
		}
		try (CrossProcessLock lock = CrossProcessLock.acquire(file.resolveSibling(FILE + ".lock"))) { //$NON-NLS-1$
			Map<String, Entry> state = read();
			apply(state, due);
			byte[] json = toJson(state).toString().getBytes(StandardCharsets.UTF_8);
			AtomicFiles.write(file, json);
		} catch (IOException | RuntimeException e) {
			synchronized (pending) {
				due.reversed().forEach(pending::addFirst); // kept for the next write
			}
			throw e;
		}
		for (Runnable listener : listeners) {
			try {
				listener.run();
			} catch (RuntimeException e) {
				ILog.of(ServerStatisticsImpl.class).error("A server statistics listener failed", e); //$NON-NLS-1$
			}
		}
	}

	@Override
	public Map<String, ServerStats> all() throws IOException {
		Map<String, Entry> state;
		List<Map.Entry<String, Object>> due;
		synchronized (pending) {
			due = new ArrayList<>(pending);
		}
		// The file is replaced whole, so a reader needs no lock; it may only find a damaged one, which takes it.
		try (CrossProcessLock lock = CrossProcessLock.acquire(file.resolveSibling(FILE + ".lock"))) { //$NON-NLS-1$
			state = read();
		}
		apply(state, due);
		Map<String, ServerStats> out = new LinkedHashMap<>();
		state.forEach((id, e) -> out.put(id, new ServerStats(id, e.lastTest, List.copyOf(e.sends))));
		return out;
	}

	@Override
	public Optional<String> problem() {
		return Optional.ofNullable(problem);
	}

	@Override
	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	@Override
	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	/** One server in the file. */
	private static final class Entry {
		TestVerdict lastTest;
		final Deque<SendSample> sends = new ArrayDeque<>();
	}

	private static void apply(Map<String, Entry> state, List<Map.Entry<String, Object>> records) {
		for (Map.Entry<String, Object> r : records) {
			Entry e = state.computeIfAbsent(r.getKey(), k -> new Entry());
			if (r.getValue() instanceof SendSample s) {
				e.sends.add(s);
				while (e.sends.size() > RECENT) {
					e.sends.removeFirst();
				}
			} else if (r.getValue() instanceof TestVerdict v) {
				e.lastTest = v;
			}
		}
	}

	/** Reads the file under the lock; a damaged one is moved aside and reported, and an empty record returned. */
	private Map<String, Entry> read() throws IOException {
		Map<String, Entry> state = new LinkedHashMap<>();
		JsonObject root;
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			root = JsonParser.parseReader(in).getAsJsonObject();
			if (root.get("format").getAsInt() != FORMAT) { //$NON-NLS-1$
				throw new IllegalStateException("unknown format " + root.get("format")); //$NON-NLS-1$ //$NON-NLS-2$
			}
			for (Map.Entry<String, JsonElement> server : root.getAsJsonObject("servers").entrySet()) { //$NON-NLS-1$
				JsonObject o = server.getValue().getAsJsonObject();
				Entry e = new Entry();
				if (o.has("lastTest")) { //$NON-NLS-1$
					JsonObject t = o.getAsJsonObject("lastTest"); //$NON-NLS-1$
					e.lastTest = new TestVerdict(Instant.ofEpochMilli(t.get("at").getAsLong()), //$NON-NLS-1$
							t.get("passed").getAsBoolean(), t.get("summary").getAsString()); //$NON-NLS-1$ //$NON-NLS-2$
				}
				for (JsonElement s : o.getAsJsonArray("sends")) { //$NON-NLS-1$
					JsonArray a = s.getAsJsonArray();
					e.sends.add(new SendSample(Instant.ofEpochMilli(a.get(0).getAsLong()), a.get(1).getAsLong(),
							a.get(2).getAsInt(), a.get(3).getAsInt(), a.get(4).getAsInt(), a.get(5).getAsInt()));
				}
				state.put(server.getKey(), e);
			}
			return state;
		} catch (NoSuchFileException e) {
			return state;
		} catch (RuntimeException e) { // Gson's parse errors, a missing field, a wrong type
			Path aside = file.resolveSibling(FILE + ".damaged-" + System.currentTimeMillis()); //$NON-NLS-1$
			AtomicFiles.replace(file, aside);
			problem = NLS.bind(Messages.Statistics_damaged, file, aside.getFileName());
			ILog.of(ServerStatisticsImpl.class).error(problem, e);
			return new LinkedHashMap<>();
		}
	}

	private static JsonObject toJson(Map<String, Entry> state) {
		JsonObject servers = new JsonObject();
		state.forEach((id, e) -> {
			JsonObject o = new JsonObject();
			if (e.lastTest != null) {
				JsonObject t = new JsonObject();
				t.addProperty("at", e.lastTest.at().toEpochMilli()); //$NON-NLS-1$
				t.addProperty("passed", e.lastTest.passed()); //$NON-NLS-1$
				t.addProperty("summary", e.lastTest.summary()); //$NON-NLS-1$
				o.add("lastTest", t); //$NON-NLS-1$
			}
			JsonArray sends = new JsonArray();
			for (SendSample s : e.sends) {
				JsonArray a = new JsonArray();
				a.add(s.at().toEpochMilli());
				a.add(s.latencyMillis());
				a.add(s.accepted());
				a.add(s.deferred());
				a.add(s.rejected());
				a.add(s.unknown());
				sends.add(a);
			}
			o.add("sends", sends); //$NON-NLS-1$
			servers.add(id, o);
		});
		JsonObject root = new JsonObject();
		root.addProperty("format", FORMAT); //$NON-NLS-1$
		root.add("servers", servers); //$NON-NLS-1$
		return root;
	}
}
