package com.bitfaster.mail.campaign.ui.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessageManager;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.ui.HeadingMessage;

/**
 * A page of the campaign editor: sections of fields that follow the model, the model's problems at their fields and
 * in the form heading, and the campaign's actions (Save, Run, Pause, Resume, Retry Failed, Report) in the heading.
 */
abstract class CampaignFormPage extends FormPage {

	/**
	 * Key of {@code control.getData(FIELD_KEY)} naming the campaign field a control shows (or a line such as the
	 * status, the list's summary or the report's counts, also in the campaign views): a stable identity of the control,
	 * apart from its label and place, for whatever drives or inspects the UI (UI automation, assistive tools).
	 */
	public static final String FIELD_KEY = "com.bitfaster.mail.campaign.ui.field"; //$NON-NLS-1$

	protected final CampaignModel model;
	protected ScrolledForm form;
	protected FormToolkit toolkit;
	private final Map<Object, Control> problemControls = new LinkedHashMap<>();
	private final Map<CampaignModel.Field, Text> texts = new LinkedHashMap<>();
	private final Runnable updater = this::modelChanged;
	private final Runnable runsUpdater = this::runsChanged;
	private final java.util.concurrent.atomic.AtomicBoolean updateQueued = new java.util.concurrent.atomic.AtomicBoolean();
	private Action save;
	private Action run;
	private Action pause;
	private Action resume;
	private Action retry;

	CampaignFormPage(CampaignEditor editor, String id, String title, CampaignModel model) {
		super(editor, id, title);
		this.model = model;
	}

	@Override
	public CampaignEditor getEditor() {
		return (CampaignEditor) super.getEditor();
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		form = managedForm.getForm();
		toolkit = managedForm.getToolkit();
		toolkit.decorateFormHeading(form.getForm());
		form.setImage(ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/campaign.png") //$NON-NLS-1$
				.map(d -> d.createImage()).orElse(null));
		createContent(form.getBody());
		createActions();
		model.addListener(updater);
		CampaignRuns.get().addListener(runsUpdater);
		form.addDisposeListener(e -> {
			model.removeListener(updater);
			CampaignRuns.get().removeListener(runsUpdater);
			if (form.getImage() != null) {
				form.getImage().dispose();
			}
		});
		modelChanged();
	}

	/** Creates the page's sections in the form body. */
	protected abstract void createContent(Composite body);

	/** Shows the model's values in controls that do not follow it by themselves. */
	protected void refresh() {
		// Nothing by default.
	}

	protected Section section(Composite parent, String title, String description) {
		Section section = toolkit.createSection(parent,
				ExpandableComposite.TITLE_BAR | (description == null ? 0 : Section.DESCRIPTION));
		section.setText(title);
		if (description != null) {
			section.setDescription(description);
		}
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.TOP).applyTo(section);
		Composite client = toolkit.createComposite(section);
		GridLayout layout = new GridLayout(2, false);
		layout.horizontalSpacing = 8;
		client.setLayout(layout);
		section.setClient(client);
		toolkit.paintBordersFor(client);
		return section;
	}

	/** A labelled text field that edits {@code field}. */
	protected Text text(Composite parent, String label, CampaignModel.Field field, int style, int heightHint) {
		org.eclipse.swt.widgets.Label l = toolkit.createLabel(parent, label);
		GridDataFactory.fillDefaults().align(SWT.BEGINNING, (style & SWT.MULTI) != 0 ? SWT.BEGINNING : SWT.CENTER)
				.indent(0, (style & SWT.MULTI) != 0 ? 3 : 0).applyTo(l);
		Text text = toolkit.createText(parent, model.get(field), style);
		GridDataFactory.fillDefaults().grab(true, heightHint > 0).hint(100, heightHint > 0 ? heightHint : SWT.DEFAULT)
				.indent(8, 0).applyTo(text);
		text.setData(FIELD_KEY, field.name());
		text.addModifyListener(e -> model.set(field, text.getText()));
		texts.put(field, text);
		problemControls.put(field, text);
		return text;
	}

	/** Shows the problem with {@code key} at {@code control}. */
	protected void showProblemsAt(Object key, Control control) {
		problemControls.put(key, control);
	}

	private void modelChanged() {
		if (form == null || form.isDisposed()) {
			return;
		}
		texts.forEach((field, text) -> {
			if (!text.getText().equals(model.get(field))) {
				text.setText(model.get(field));
			}
		});
		refresh();
		String name = model.get(CampaignModel.Field.NAME);
		form.setText(name.isBlank() ? model.file().getFileName().toString() : name);
		IMessageManager messages = getManagedForm().getMessageManager();
		messages.setAutoUpdate(false);
		messages.removeAllMessages();
		model.problems().forEach((key, message) -> {
			Control control = problemControls.get(key);
			if (control != null) {
				messages.addMessage(key, message, null, IMessageProvider.ERROR, control);
			} else {
				messages.addMessage(key, message, null, IMessageProvider.ERROR);
			}
		});
		messages.setAutoUpdate(true);
		// The heading says the first problem itself (the manager would only count them); hovering lists them all.
		Map<Object, String> problems = model.problems();
		if (problems.isEmpty()) {
			form.setMessage(null, IMessageProvider.NONE);
		} else {
			String first = problems.values().iterator().next();
			form.getForm().setMessage(problems.size() == 1 ? first
					: org.eclipse.osgi.util.NLS.bind(Messages.Heading_problems, problems.size(), first),
					IMessageProvider.ERROR, problems.entrySet().stream()
							.map(e -> new HeadingMessage(e.getKey(), e.getValue(), IMessageProvider.ERROR, problemControls.get(e.getKey())))
							.toArray(org.eclipse.ui.forms.IMessage[]::new));
		}
		updateActions();
	}

	private void runsChanged() {
		Display display = form == null || form.isDisposed() ? null : form.getDisplay();
		// Progress comes once per recipient: one update queued at a time is enough.
		if (display != null && updateQueued.compareAndSet(false, true)) {
			display.asyncExec(() -> {
				updateQueued.set(false);
				if (!form.isDisposed()) {
					updateActions();
					refresh();
				}
			});
		}
	}

	/** @return the campaign's last run in this workbench, or {@code null} */
	protected CampaignJob job() {
		return CampaignRuns.get().find(model.file()).orElse(null);
	}

	private void createActions() {
		CampaignEditor editor = getEditor();
		save = action(Messages.Action_save, null, () -> editor.doSave(new org.eclipse.core.runtime.NullProgressMonitor()));
		run = action(Messages.Action_run, null, () -> editor.run(CampaignRunner.Mode.PENDING));
		pause = action(Messages.Action_pause, null, () -> {
			CampaignJob job = job();
			if (job != null) {
				job.pause();
			}
		});
		resume = action(Messages.Action_resume, null, () -> editor.run(CampaignRunner.Mode.PENDING));
		retry = action(Messages.Action_retryFailed, null, () -> editor.run(CampaignRunner.Mode.RETRY_FAILED));
		Action report = action(Messages.Action_report, null, editor::showReport);
		for (Action a : new Action[] { run, pause, resume, retry, report, save }) {
			form.getToolBarManager().add(a);
		}
		form.getToolBarManager().update(true);
	}

	private Action action(String text, String icon, Runnable runnable) {
		Action action = new Action(text) {
			@Override
			public void run() {
				runnable.run();
			}
		};
		if (icon != null) {
			ResourceLocator.imageDescriptorFromBundle(getClass(), icon).ifPresent(action::setImageDescriptor);
		}
		return action;
	}

	private void updateActions() {
		if (save == null) {
			return;
		}
		CampaignJob job = job();
		boolean running = job != null && job.getState() != Job.NONE;
		boolean paused = job != null && job.isPaused();
		save.setEnabled(model.isDirty());
		run.setEnabled(!running && !paused);
		pause.setEnabled(running);
		resume.setEnabled(paused);
		retry.setEnabled(!running);
	}
}
