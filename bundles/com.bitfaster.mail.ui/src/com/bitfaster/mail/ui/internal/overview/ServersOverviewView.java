package com.bitfaster.mail.ui.internal.overview;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.core.ServerStatistics;
import com.bitfaster.mail.core.ServerStats;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * The Servers overview: for each configured server its last connection test and how its recent sends went (success
 * rate, counts, mean latency), as a table and a chart. Read from the shared {@link ServerStatistics} (the workbench's
 * and the command line's sends) in a job; read again when this program records sends or a test, or the servers
 * change.
 */
public class ServersOverviewView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.ui.serversOverview"; //$NON-NLS-1$

	private TableViewer table;
	private ServersOverviewChart chart;
	private Label status;
	private volatile List<ServerOverviewRow> rows = List.of();
	/** How many times the view has shown what it read; for tests that wait for a reading after their sends. */
	private volatile int shownReadings;
	private final Job reader = Job.create(Messages.Overview_reading, monitor -> {
		read();
		return Status.OK_STATUS;
	});
	private final Runnable statisticsListener = this::refresh;
	private final ServerRegistryListener registryListener = (kind, server) -> refresh();
	private ServerStatistics statistics;

	@Override
	public void createPartControl(Composite parent) {
		GridLayoutFactory.fillDefaults().applyTo(parent);
		status = new Label(parent, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		table = new TableViewer(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		// What a glance needs first (rate, latency), then the counts, then the last test.
		column(Messages.Overview_server, 130, ServerOverviewRow::name);
		column(Messages.Overview_rate, 100, ServerOverviewRow::successRateText);
		column(Messages.Overview_latency, 105, ServerOverviewRow::latencyText);
		column(Messages.Overview_sends, 55, r -> String.valueOf(r.stats().recentSends().size()));
		column(Messages.Overview_accepted, 80, r -> String.valueOf(r.stats().accepted()));
		column(Messages.Overview_deferred, 70, r -> String.valueOf(r.stats().deferred()));
		column(Messages.Overview_rejected, 70, r -> String.valueOf(r.stats().rejected()));
		column(Messages.Overview_unknown, 80, r -> String.valueOf(r.stats().unknown()));
		column(Messages.Overview_lastTest, 130, ServerOverviewRow::lastTestText);
		column(Messages.Overview_result, 200, ServerOverviewRow::testResultText);
		column(Messages.Overview_lastSend, 130, ServerOverviewRow::lastSendText);
		chart = new ServersOverviewChart(sash);
		sash.setWeights(62, 38);
		status.setText(Messages.Overview_loading);
		statistics = MailServices.find(ServerStatistics.class).orElse(null);
		if (statistics != null) {
			statistics.addListener(statisticsListener);
		}
		MailServices.find(ServerRegistry.class).ifPresent(r -> r.addListener(registryListener));
		reader.setSystem(true);
		refresh();
	}

	private void column(String title, int width, Function<ServerOverviewRow, String> text) {
		TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
		column.getColumn().setText(title);
		column.getColumn().setWidth(width);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((ServerOverviewRow) element);
			}
		});
	}

	/** Reads the statistics again in the background (several calls while it runs make one more reading). */
	public void refresh() {
		reader.schedule();
	}

	private void read() {
		List<MailServer> servers = MailServices.find(ServerRegistry.class).map(ServerRegistry::servers).orElse(List.of());
		Map<String, ServerStats> all = Map.of();
		String message;
		if (statistics == null) {
			message = Messages.Overview_noStatistics;
		} else {
			try {
				all = statistics.all();
				message = statistics.problem().orElse(NLS.bind(Messages.Overview_status, ServerStatistics.RECENT));
			} catch (IOException e) {
				message = NLS.bind(Messages.Overview_unreadable, e.getMessage());
			}
		}
		List<ServerOverviewRow> read = new ArrayList<>();
		for (MailServer server : servers) {
			read.add(ServerOverviewRow.of(server, all.getOrDefault(server.id(), ServerStats.empty(server.id()))));
		}
		String shownMessage = message;
		if (table != null && !table.getTable().isDisposed()) {
			table.getTable().getDisplay().asyncExec(() -> show(read, shownMessage));
		}
	}

	private void show(List<ServerOverviewRow> read, String message) {
		if (table.getTable().isDisposed()) {
			return;
		}
		rows = List.copyOf(read);
		table.setInput(rows);
		chart.set(rows);
		status.setText(message);
		status.getParent().layout(true, true);
		shownReadings++;
	}

	/** @return the rows as shown */
	public List<ServerOverviewRow> rows() {
		return rows;
	}

	/** @return how many readings have been shown */
	public int shownReadings() {
		return shownReadings;
	}

	/** @return the status line above the table */
	public String statusText() {
		return status.getText();
	}

	@Override
	public void setFocus() {
		table.getControl().setFocus();
	}

	@Override
	public void dispose() {
		if (statistics != null) {
			statistics.removeListener(statisticsListener);
		}
		MailServices.find(ServerRegistry.class).ifPresent(r -> r.removeListener(registryListener));
		reader.cancel();
		super.dispose();
	}
}
