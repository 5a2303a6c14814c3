package com.bitfaster.mail.ui.internal.diagnostics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.ListenerList;

import com.bitfaster.mail.core.DiagnosticReport;

/** The last connection test of each server in this session, for decorations, the diagnostics view and pinning. */
public final class ConnectionTestResults {

	private static final ConnectionTestResults INSTANCE = new ConnectionTestResults();

	private final Map<String, DiagnosticReport> reports = new ConcurrentHashMap<>();
	private final ListenerList<Runnable> listeners = new ListenerList<>();

	private ConnectionTestResults() {
	}

	public static ConnectionTestResults get() {
		return INSTANCE;
	}

	public Optional<DiagnosticReport> last(String serverId) {
		return Optional.ofNullable(reports.get(serverId));
	}

	/** Records a report; listeners are told on the calling thread. */
	public void put(String serverId, DiagnosticReport report) {
		reports.put(serverId, report);
		for (Runnable listener : listeners) {
			listener.run();
		}
	}

	public void forget(String serverId) {
		reports.remove(serverId);
	}

	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}
}
