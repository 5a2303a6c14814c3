package com.bitfaster.mail.ui.internal.editor;

import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessage;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ScrolledForm;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestJob;
import com.bitfaster.mail.ui.HeadingMessage;
import com.bitfaster.mail.ui.internal.form.FormSections;
import com.bitfaster.mail.ui.internal.form.ServerEditModel;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/** The single page of the server editor: the shared server fields as form sections, and the header actions. */
public class ServerFormPage extends FormPage {

	private final ServerEditModel model;
	private ServerSettingsForm settings;
	private Action save;
	private ScrolledForm form;
	private final Runnable updater = this::update;

	ServerFormPage(ServerEditor editor, ServerEditModel model) {
		super(editor, "settings", Messages.Editor_pageSettings); //$NON-NLS-1$
		this.model = model;
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		form = managedForm.getForm();
		managedForm.getToolkit().decorateFormHeading(form.getForm());
		form.setImage(ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/server.png") //$NON-NLS-1$
				.map(d -> d.createImage()).orElse(null));
		Composite body = form.getBody();
		GridLayout layout = new GridLayout(2, true);
		layout.horizontalSpacing = 12;
		body.setLayout(layout);
		settings = new ServerSettingsForm(model, new FormSections(managedForm.getToolkit()), () -> form.reflow(true),
				this::testConnection);
		settings.createAll(body);
		createActions();
		model.addListener(updater);
		form.addDisposeListener(e -> {
			model.removeListener(updater);
			if (form.getImage() != null) {
				form.getImage().dispose();
			}
		});
		update();
	}

	private void createActions() {
		ServerEditor editor = (ServerEditor) getEditor();
		save = new Action(Messages.Action_save) {
			@Override
			public void run() {
				editor.doSave(new org.eclipse.core.runtime.NullProgressMonitor());
			}
		};
		Action revert = new Action(Messages.Action_revert) {
			@Override
			public void run() {
				editor.revert();
			}
		};
		Action test = new Action(Messages.Action_testConnection) {
			@Override
			public void run() {
				testConnection();
			}
		};
		ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/test_connection.png") //$NON-NLS-1$
				.ifPresent(test::setImageDescriptor);
		form.getToolBarManager().add(test);
		form.getToolBarManager().add(revert);
		form.getToolBarManager().add(save);
		form.getToolBarManager().update(true);
	}

	private void testConnection() {
		new ConnectionTestJob(model.server(), model.passwordIfChanged(), null).schedule();
	}

	private void update() {
		if (form == null || form.isDisposed()) {
			return;
		}
		String name = model.name.getValue();
		form.setText(name.isBlank() ? Messages.Editor_newServer : name);
		// The heading stays short (a long one widens the whole form); hovering it lists every problem.
		List<FieldProblem> problems = model.problems();
		if (problems.isEmpty() && model.sendsPasswordReadable()) {
			// Short, as every heading message; the Security section says it in full, next to the fix.
			form.setMessage(Messages.Editor_passwordReadableShort, IMessageProvider.WARNING);
		} else if (problems.isEmpty()) {
			form.setMessage(null, IMessageProvider.NONE);
		} else {
			String text = problems.size() == 1 ? problems.get(0).message()
					: NLS.bind(Messages.Editor_problemCount, problems.size(), problems.get(0).message());
			form.getForm().setMessage(text, IMessageProvider.ERROR,
					problems.stream().map(p -> new HeadingMessage(p.field(), p.message(), IMessageProvider.ERROR, p))
							.toArray(IMessage[]::new));
		}
		save.setEnabled(model.canSave());
	}

	public ServerSettingsForm settings() {
		return settings;
	}

	/** @return the header's Save action, enabled only when the server can be saved */
	public Action saveAction() {
		return save;
	}

	public ScrolledForm form() {
		return form;
	}
}
