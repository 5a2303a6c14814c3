package com.bitfaster.mail.campaign.ui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistryListener;

/** The first page: who sends (name, From, List-Unsubscribe), through which servers, how fast, and sending. */
class CampaignPage extends CampaignFormPage {

	private CheckboxTableViewer servers;
	private Spinner perHour;
	private Spinner batch;
	private Label status;
	private Label schedule;
	private boolean refreshing;
	private Button runButton;
	private Button pauseButton;
	private Button resumeButton;
	private Button retryButton;
	private final ServerRegistryListener registryListener = (kind, server) -> {
		if (servers != null && !servers.getControl().isDisposed()) {
			servers.getControl().getDisplay().asyncExec(this::refresh);
		}
	};

	CampaignPage(CampaignEditor editor, CampaignModel model) {
		super(editor, "campaign", Messages.Page_campaign, model); //$NON-NLS-1$
	}

	@Override
	protected void createContent(Composite body) {
		GridLayout layout = new GridLayout(2, true);
		layout.horizontalSpacing = 12;
		body.setLayout(layout);
		Composite left = toolkit.createComposite(body);
		GridLayout column = new GridLayout(1, false);
		column.marginWidth = 0;
		left.setLayout(column);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(left);
		Composite right = toolkit.createComposite(body);
		right.setLayout(GridLayout.class.cast(new GridLayout(1, false)));
		((GridLayout) right.getLayout()).marginWidth = 0;
		GridDataFactory.fillDefaults().grab(true, true).applyTo(right);

		Section general = section(left, Messages.Section_general, Messages.Section_general_description);
		Composite g = (Composite) general.getClient();
		text(g, Messages.Field_name, CampaignModel.Field.NAME, SWT.SINGLE, 0);
		text(g, Messages.Field_from, CampaignModel.Field.FROM, SWT.SINGLE, 0).setMessage("news@company.com"); //$NON-NLS-1$
		text(g, Messages.Field_unsubscribe, CampaignModel.Field.UNSUBSCRIBE, SWT.SINGLE, 0)
				.setMessage("https://company.com/unsubscribe?u={{email}}"); //$NON-NLS-1$

		Section throttles = section(left, Messages.Section_throttles, Messages.Section_throttles_description);
		Composite t = (Composite) throttles.getClient();
		((GridLayout) t.getLayout()).numColumns = 3;
		perHour = spinner(t, Messages.Field_perHour, "perHour", model.messagesPerHour(), Messages.Field_perHour_hint); //$NON-NLS-1$
		batch = spinner(t, Messages.Field_batchSize, "batchSize", model.batchSize(), //$NON-NLS-1$
				NLS.bind(Messages.Field_batchSize_hint, CampaignRunner.DEFAULT_BATCH_SIZE));

		Section policy = section(left, Messages.Section_policy, Messages.Section_policy_description);
		Composite pc = (Composite) policy.getClient();
		text(pc, Messages.Field_domainLimits, CampaignModel.Field.DOMAIN_LIMITS, SWT.SINGLE, 0)
				.setMessage("gmail.com=100, *=600"); //$NON-NLS-1$
		text(pc, Messages.Field_windowDays, CampaignModel.Field.WINDOW_DAYS, SWT.SINGLE, 0).setMessage("Mon-Fri"); //$NON-NLS-1$
		text(pc, Messages.Field_windowFrom, CampaignModel.Field.WINDOW_FROM, SWT.SINGLE, 0).setMessage("09:00"); //$NON-NLS-1$
		text(pc, Messages.Field_windowTo, CampaignModel.Field.WINDOW_TO, SWT.SINGLE, 0).setMessage("17:00"); //$NON-NLS-1$
		text(pc, Messages.Field_windowZone, CampaignModel.Field.WINDOW_ZONE, SWT.SINGLE, 0)
				.setMessage("Europe/Berlin, or recipient"); //$NON-NLS-1$
		text(pc, Messages.Field_startAt, CampaignModel.Field.START_AT, SWT.SINGLE, 0).setMessage("2026-12-01T08:30:00Z"); //$NON-NLS-1$
		schedule = toolkit.createLabel(pc, "", SWT.WRAP); //$NON-NLS-1$
		schedule.setData(FIELD_KEY, "schedule"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(200, SWT.DEFAULT).applyTo(schedule);

		Section pool = section(right, Messages.Section_servers, Messages.Section_servers_description);
		Composite p = (Composite) pool.getClient();
		servers = CheckboxTableViewer.newCheckList(p, SWT.BORDER | SWT.FULL_SELECTION);
		servers.getTable().setData(FIELD_KEY, CampaignModel.SERVERS);
		GridDataFactory.fillDefaults().grab(true, false).hint(200, 110).span(1, 2).applyTo(servers.getControl());
		servers.setContentProvider(ArrayContentProvider.getInstance());
		Color grey = p.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND);
		servers.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				MailServer s = (MailServer) element;
				String text = s.name() + " \u2014 " + s.address(); //$NON-NLS-1$
				return model.registry().isActive(s) ? text : NLS.bind(Messages.Servers_inactive, text);
			}

			@Override
			public Color getForeground(Object element) {
				return model.registry().isActive((MailServer) element) ? null : grey;
			}
		});
		servers.addCheckStateListener(e -> chosenChanged());
		Button up = toolkit.createButton(p, Messages.Servers_up, SWT.PUSH);
		GridDataFactory.fillDefaults().align(SWT.FILL, SWT.TOP).applyTo(up);
		Button down = toolkit.createButton(p, Messages.Servers_down, SWT.PUSH);
		GridDataFactory.fillDefaults().align(SWT.FILL, SWT.TOP).applyTo(down);
		up.addListener(SWT.Selection, e -> move(-1));
		down.addListener(SWT.Selection, e -> move(1));
		showProblemsAt(CampaignModel.SERVERS, servers.getControl());
		model.registry().addListener(registryListener);
		servers.getControl().addDisposeListener(e -> model.registry().removeListener(registryListener));

		Section sending = section(right, Messages.Section_sending, Messages.Section_sending_description);
		Composite s = (Composite) sending.getClient();
		status = toolkit.createLabel(s, "", SWT.WRAP); //$NON-NLS-1$
		status.setData(FIELD_KEY, "status"); //$NON-NLS-1$
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(200, SWT.DEFAULT).applyTo(status);
		Composite buttons = toolkit.createComposite(s);
		buttons.setLayout(new org.eclipse.swt.layout.RowLayout());
		GridDataFactory.fillDefaults().span(2, 1).applyTo(buttons);
		runButton = toolkit.createButton(buttons, Messages.Action_run, SWT.PUSH);
		runButton.addListener(SWT.Selection, e -> getEditor().run(CampaignRunner.Mode.PENDING));
		pauseButton = toolkit.createButton(buttons, Messages.Action_pause, SWT.PUSH);
		pauseButton.addListener(SWT.Selection, e -> {
			CampaignJob job = job();
			if (job != null) {
				job.pause();
			}
		});
		resumeButton = toolkit.createButton(buttons, Messages.Action_resume, SWT.PUSH);
		resumeButton.addListener(SWT.Selection, e -> getEditor().run(CampaignRunner.Mode.PENDING));
		retryButton = toolkit.createButton(buttons, Messages.Action_retryFailed, SWT.PUSH);
		retryButton.addListener(SWT.Selection, e -> getEditor().run(CampaignRunner.Mode.RETRY_FAILED));
		toolkit.createButton(buttons, Messages.Action_report, SWT.PUSH).addListener(SWT.Selection,
				e -> getEditor().showReport());
	}

	private Spinner spinner(Composite parent, String label, String key, int value, String hint) {
		toolkit.createLabel(parent, label);
		Spinner spinner = new Spinner(parent, SWT.BORDER);
		spinner.setValues(value, 0, Throttle.MAX, 0, 1, 100);
		spinner.setData(FIELD_KEY, key);
		toolkit.adapt(spinner);
		GridDataFactory.fillDefaults().indent(8, 0).hint(90, SWT.DEFAULT).applyTo(spinner);
		Label h = toolkit.createLabel(parent, hint, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(120, SWT.DEFAULT).applyTo(h);
		spinner.addModifyListener(e -> {
			if (!refreshing) {
				model.setThrottle(perHour.getSelection(), batch == null ? model.batchSize() : batch.getSelection());
			}
		});
		return spinner;
	}

	/** @return the servers offered: the chosen ones first, in pool order, then the others by name */
	private List<MailServer> offered() {
		List<MailServer> offered = new ArrayList<>();
		for (CampaignFile.ServerRef ref : model.servers()) {
			ref.find(model.registry()).ifPresent(offered::add);
		}
		model.registry().servers().stream().filter(s -> !offered.contains(s))
				.sorted(Comparator.comparing(MailServer::name, String.CASE_INSENSITIVE_ORDER)).forEach(offered::add);
		return offered;
	}

	private void chosenChanged() {
		List<CampaignFile.ServerRef> chosen = new ArrayList<>();
		for (Object o : servers.getCheckedElements()) {
			chosen.add(CampaignFile.ServerRef.of((MailServer) o));
		}
		model.setServers(chosen);
	}

	private void move(int delta) {
		Object selected = servers.getStructuredSelection().getFirstElement();
		if (!(selected instanceof MailServer server) || !servers.getChecked(server)) {
			return;
		}
		List<CampaignFile.ServerRef> chosen = new ArrayList<>(model.servers());
		int i = indexOf(chosen, server);
		int j = i + delta;
		if (i < 0 || j < 0 || j >= chosen.size()) {
			return;
		}
		chosen.add(j, chosen.remove(i));
		model.setServers(chosen);
	}

	private static int indexOf(List<CampaignFile.ServerRef> refs, MailServer server) {
		for (int i = 0; i < refs.size(); i++) {
			if (refs.get(i).id().equals(server.id()) || refs.get(i).name().equals(server.name())) {
				return i;
			}
		}
		return -1;
	}

	@Override
	protected void refresh() {
		if (servers == null || servers.getControl().isDisposed()) {
			return;
		}
		List<MailServer> offered = offered();
		Object selection = servers.getStructuredSelection().getFirstElement();
		servers.setInput(offered);
		List<MailServer> checked = new ArrayList<>();
		for (CampaignFile.ServerRef ref : model.servers()) {
			ref.find(model.registry()).ifPresent(checked::add);
		}
		servers.setCheckedElements(checked.toArray());
		if (selection != null) {
			servers.setSelection(new org.eclipse.jface.viewers.StructuredSelection(selection));
		}
		refreshing = true;
		try {
			if (perHour.getSelection() != model.messagesPerHour()) {
				perHour.setSelection(model.messagesPerHour());
			}
			if (batch.getSelection() != model.batchSize()) {
				batch.setSelection(model.batchSize());
			}
		} finally {
			refreshing = false;
		}
		CampaignJob job = job();
		status.setText(describe(Optional.ofNullable(job)));
		schedule.setText(scheduleText(model.contents().policy(), java.time.Instant.now()));
		schedule.getParent().layout();
		boolean running = job != null && job.getState() != Job.NONE;
		boolean paused = job != null && job.isPaused();
		runButton.setEnabled(!running && !paused);
		pauseButton.setEnabled(running);
		resumeButton.setEnabled(paused);
		retryButton.setEnabled(!running);
		status.getParent().layout();
	}

	/** "Scheduled: starts Tue 2026-12-01 09:30 CET (in 5 h)." and when the window opens, or nothing */
	static String scheduleText(com.bitfaster.mail.campaign.SendingPolicy policy, java.time.Instant now) {
		StringBuilder b = new StringBuilder();
		if (policy.startAt() != null && policy.startAt().isAfter(now)) {
			b.append(NLS.bind(Messages.Policy_scheduled, java.time.ZonedDateTime
					.ofInstant(policy.startAt(), java.time.ZoneId.systemDefault())
					.format(java.time.format.DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", java.util.Locale.ENGLISH)), //$NON-NLS-1$
					com.bitfaster.mail.campaign.SendWindow.in(java.time.Duration.between(now, policy.startAt()))));
		}
		com.bitfaster.mail.campaign.SendWindow w = policy.sendWindow();
		if (w != null && !w.perRecipient()) {
			java.time.Instant from = policy.startAt() != null && policy.startAt().isAfter(now) ? policy.startAt() : now;
			java.time.ZoneId zone = java.time.ZoneId.of(w.zone());
			if (b.length() > 0) {
				b.append(' ');
			}
			b.append(w.isOpen(from, zone) ? Messages.Policy_windowOpen
					: NLS.bind(Messages.Policy_windowOpens,
							com.bitfaster.mail.campaign.SendWindow.describeOpening(w.nextOpen(from, zone), now)));
		} else if (w != null) {
			if (b.length() > 0) {
				b.append(' ');
			}
			b.append(NLS.bind(Messages.Policy_windowPerRecipient, com.bitfaster.mail.campaign.SendWindow.ZONE_COLUMN));
		}
		return b.toString();
	}

	static String describe(Optional<CampaignJob> job) {
		if (job.isEmpty()) {
			return Messages.Status_notStarted;
		}
		CampaignJob j = job.get();
		String progress = j.progress().text();
		if (j.isPaused()) {
			return NLS.bind(Messages.Status_paused, progress);
		}
		if (j.getState() != Job.NONE) {
			return NLS.bind(Messages.Status_running, progress.isEmpty() ? Messages.Status_starting : progress);
		}
		var result = j.getResult();
		if (result == null || result.getSeverity() == org.eclipse.core.runtime.IStatus.CANCEL) {
			return NLS.bind(Messages.Status_cancelled, progress);
		}
		if (result.getCode() == CampaignJob.LOCKED || result.getCode() == CampaignJob.OTHER_CAMPAIGN) {
			return NLS.bind(Messages.Status_notRun, result.getMessage());
		}
		if (!result.isOK()) {
			return NLS.bind(Messages.Status_failed, result.getMessage());
		}
		return NLS.bind(Messages.Status_finished, progress);
	}
}
