package com.bitfaster.mail.ui.internal.editor;

import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessage;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.events.HyperlinkAdapter;
import org.eclipse.ui.forms.events.HyperlinkEvent;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestJob;
import com.bitfaster.mail.ui.HeadingMessage;
import com.bitfaster.mail.ui.internal.form.FormSections;
import com.bitfaster.mail.ui.internal.form.ServerEditModel;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/**
 * The single page of the server editor: the shared server fields as form sections in tabs (Connection, Security &
 * Authentication, Sending), and the header actions.
 */
public class ServerFormPage extends FormPage {

	private final ServerEditModel model;
	private ServerSettingsForm settings;
	private Action save;
	private ScrolledForm form;
	private final Runnable updater = this::update;
	private CTabFolder tabs;

	/** Ids of the tabs (their {@link ServerSettingsForm#FIELD_KEY} data). */
	public static final String PAGE_CONNECTION = "page.connection"; //$NON-NLS-1$
	public static final String PAGE_SECURITY = "page.security"; //$NON-NLS-1$
	public static final String PAGE_SENDING = "page.sending"; //$NON-NLS-1$

	ServerFormPage(ServerEditor editor, ServerEditModel model) {
		super(editor, "settings", Messages.Editor_pageSettings); //$NON-NLS-1$
		this.model = model;
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		form = managedForm.getForm();
		FormToolkit toolkit = managedForm.getToolkit();
		toolkit.decorateFormHeading(form.getForm());
		form.setImage(ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/server.png") //$NON-NLS-1$
				.map(d -> d.createImage()).orElse(null));
		Composite body = form.getBody();
		body.setLayout(new GridLayout(1, false));
		// The sections in tabs, so that each tab fits the editor without scrolling (at 1280x800 in the Mail perspective).
		tabs = new CTabFolder(body, SWT.FLAT | SWT.TOP);
		toolkit.adapt(tabs, true, true);
		tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		settings = new ServerSettingsForm(model, new FormSections(toolkit), () -> form.reflow(true),
				this::testConnection);
		Composite connection = tab(toolkit, PAGE_CONNECTION, Messages.Editor_tabConnection);
		settings.createGeneral(connection);
		settings.createConnection(connection);
		settings.createStatus(connection);
		Composite security = tab(toolkit, PAGE_SECURITY, Messages.Editor_tabSecurity);
		settings.createSecurity(security);
		settings.createAuthentication(security);
		Composite sending = tab(toolkit, PAGE_SENDING, Messages.Editor_tabSending);
		settings.createLimits(sending);
		settings.createTransport(sending);
		settings.follow(tabs);
		tabs.setSelection(0);
		tabs.addListener(SWT.Selection, e -> form.reflow(true));
		// The heading's message, when clicked, shows the tab of the first field with a problem.
		form.getForm().addMessageHyperlinkListener(new HyperlinkAdapter() {
			@Override
			public void linkActivated(HyperlinkEvent e) {
				showFirstProblem();
			}
		});
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

	private Composite tab(FormToolkit toolkit, String id, String title) {
		CTabItem item = new CTabItem(tabs, SWT.NONE);
		item.setText(title);
		item.setData(ServerSettingsForm.FIELD_KEY, id);
		Composite page = toolkit.createComposite(tabs);
		GridLayout layout = new GridLayout(2, true);
		layout.horizontalSpacing = 12;
		page.setLayout(layout);
		item.setControl(page);
		return page;
	}

	/** @return the tabs, one per page of sections: {@link #PAGE_CONNECTION}, {@link #PAGE_SECURITY}, {@link #PAGE_SENDING} */
	public CTabFolder tabs() {
		return tabs;
	}

	/** Shows the tab with this id. */
	public void showPage(String id) {
		for (CTabItem item : tabs.getItems()) {
			if (id.equals(item.getData(ServerSettingsForm.FIELD_KEY))) {
				tabs.setSelection(item);
				form.reflow(true);
				return;
			}
		}
		throw new IllegalArgumentException(id);
	}

	/** Shows the tab of the first field with a problem and focuses the field, as a click on the heading's message. */
	public void showFirstProblem() {
		settings.fieldsWithProblems().stream().findFirst().map(f -> settings.decoration(f).getControl())
				.ifPresent(control -> {
					tabOf(control).ifPresent(tabs::setSelection);
					control.setFocus();
				});
	}

	private java.util.Optional<CTabItem> tabOf(Control control) {
		for (CTabItem item : tabs.getItems()) {
			for (Control c = control; c != null; c = c.getParent()) {
				if (c == item.getControl()) {
					return java.util.Optional.of(item);
				}
			}
		}
		return java.util.Optional.empty();
	}

	/** Marks the tabs that hold a field with a problem, since the field itself may be on a tab not shown. */
	private void markTabs() {
		List<CTabItem> withProblems = settings.fieldsWithProblems().stream()
				.map(f -> tabOf(settings.decoration(f).getControl())).flatMap(java.util.Optional::stream).toList();
		// The registry's shared image: not ours to dispose.
		var error = FieldDecorationRegistry.getDefault().getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage();
		for (CTabItem item : tabs.getItems()) {
			boolean problem = withProblems.contains(item);
			item.setImage(problem ? error : null);
			item.setToolTipText(problem ? Messages.Editor_tabProblem : null);
		}
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
		markTabs();
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
