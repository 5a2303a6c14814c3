package com.bitfaster.mail.ui.internal.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.databinding.DataBindingContext;
import org.eclipse.core.databinding.observable.value.IObservableValue;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.databinding.swt.typed.WidgetProperties;
import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.IMessage;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.HeadingMessage;
import com.bitfaster.mail.ui.internal.compose.ComposeModel.Field;
import com.bitfaster.mail.ui.internal.compose.ComposeModel.State;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/**
 * The single page of the mail editor: server and header fields, text and HTML bodies in tabs, attachments. Each field
 * shows its problem as a decoration; the form header sums them up, or says how the last send went.
 */
public class ComposeFormPage extends FormPage {

	/** Key of {@link Control#getData(String)} naming the field a control edits (as for the server form). */
	public static final String FIELD_KEY = ServerSettingsForm.FIELD_KEY;

	private final ComposeModel model;
	private final DataBindingContext bindings = new DataBindingContext();
	private final Map<Field, ControlDecoration> decorations = new EnumMap<>(Field.class);
	private boolean started;
	private final List<Text> texts = new ArrayList<>();
	private final Runnable updater = this::update;
	private ScrolledForm form;
	private FormToolkit toolkit;
	private Combo serverCombo;
	private List<MailServer> shownServers = List.of();
	private CTabFolder bodyTabs;
	private Table attachmentTable;
	private Button addButton;
	private Button removeButton;
	private Button sendButton;
	private Action sendAction;
	private org.eclipse.swt.widgets.Button checkButton;
	private Image sendImage;

	ComposeFormPage(ComposeEditor editor, ComposeModel model) {
		super(editor, "mail", Messages.Compose_message); //$NON-NLS-1$
		this.model = model;
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		form = managedForm.getForm();
		toolkit = managedForm.getToolkit();
		toolkit.decorateFormHeading(form.getForm());
		sendImage = ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/send.png") //$NON-NLS-1$
				.map(d -> d.createImage()).orElse(null);
		form.setImage(sendImage);
		Composite body = form.getBody();
		GridLayout layout = new GridLayout(1, false);
		layout.verticalSpacing = 10;
		body.setLayout(layout);
		createHeaderSection(body);
		createBodySection(body);
		createAttachmentSection(body);
		createActions();
		for (Text text : texts) {
			text.addListener(SWT.KeyDown, this::sendOnCtrlEnter);
			text.addListener(SWT.Modify, e -> started());
		}
		model.addListener(updater);
		form.addDisposeListener(e -> {
			model.removeListener(updater);
			bindings.dispose();
			if (sendImage != null) {
				sendImage.dispose();
			}
		});
		update();
	}

	private Composite section(Composite parent, String title, String description, boolean grabVertical) {
		Section section = toolkit.createSection(parent,
				ExpandableComposite.TITLE_BAR | Section.DESCRIPTION | ExpandableComposite.EXPANDED);
		section.setText(title);
		section.setDescription(description);
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, grabVertical);
		// Wrapped descriptions would otherwise ask for their one-line width and widen the form.
		data.widthHint = 300;
		section.setLayoutData(data);
		Composite client = toolkit.createComposite(section);
		section.setClient(client);
		return client;
	}

	private void createHeaderSection(Composite parent) {
		Composite client = section(parent, Messages.Compose_message, Messages.Compose_messageDescription, false);
		GridLayout layout = new GridLayout(2, false);
		layout.horizontalSpacing = 12;
		layout.marginLeft = 4;
		client.setLayout(layout);
		label(client, Messages.Compose_server);
		serverCombo = new Combo(client, SWT.READ_ONLY);
		serverCombo.setData(FIELD_KEY, Field.SERVER.name());
		serverCombo.setLayoutData(fill());
		serverCombo.addListener(SWT.Selection, e -> {
			int i = serverCombo.getSelectionIndex();
			if (i >= 0 && i < shownServers.size()) {
				model.serverId.setValue(shownServers.get(i).id());
			}
		});
		toolkit.adapt(serverCombo, true, false);
		decorate(serverCombo, Field.SERVER);
		text(client, Messages.Compose_from, Field.FROM, model.from).setMessage(Messages.Compose_fromHint);
		text(client, Messages.Compose_to, Field.TO, model.to).setMessage(Messages.Compose_toHint);
		text(client, Messages.Compose_cc, Field.CC, model.cc);
		text(client, Messages.Compose_bcc, Field.BCC, model.bcc);
		text(client, Messages.Compose_subject, Field.SUBJECT, model.subject);
		new Label(client, SWT.NONE);
		Composite buttons = toolkit.createComposite(client);
		GridLayout buttonsLayout = new GridLayout(2, false);
		buttonsLayout.marginWidth = 0;
		buttonsLayout.marginHeight = 0;
		buttons.setLayout(buttonsLayout);
		sendButton = toolkit.createButton(buttons, Messages.Compose_send, SWT.PUSH);
		sendButton.setData(FIELD_KEY, "send"); //$NON-NLS-1$
		sendButton.setImage(sendImage);
		sendButton.setToolTipText(Messages.Compose_sendTooltip);
		GridData sendData = new GridData(SWT.BEGINNING, SWT.CENTER, false, false);
		sendData.horizontalIndent = 8;
		sendData.widthHint = Math.max(100, sendButton.computeSize(SWT.DEFAULT, SWT.DEFAULT).x);
		sendButton.setLayoutData(sendData);
		sendButton.addListener(SWT.Selection, e -> editor().send());
		checkButton = toolkit.createButton(buttons, Messages.Compose_check, SWT.PUSH);
		checkButton.setData(FIELD_KEY, "check"); //$NON-NLS-1$
		checkButton.setToolTipText(Messages.Compose_checkTooltip);
		GridData checkData = new GridData(SWT.BEGINNING, SWT.CENTER, false, false);
		checkData.widthHint = Math.max(100, checkButton.computeSize(SWT.DEFAULT, SWT.DEFAULT).x);
		checkButton.setLayoutData(checkData);
		checkButton.addListener(SWT.Selection, e -> editor().check());
		toolkit.paintBordersFor(client);
	}

	private void createBodySection(Composite parent) {
		Composite client = section(parent, Messages.Compose_body, Messages.Compose_bodyDescription, true);
		GridLayout layout = new GridLayout(1, false);
		layout.marginLeft = 4;
		client.setLayout(layout);
		bodyTabs = new CTabFolder(client, SWT.BORDER | SWT.FLAT);
		bodyTabs.setData(FIELD_KEY, "bodyTabs"); //$NON-NLS-1$
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
		data.heightHint = 80;
		data.widthHint = 300;
		bodyTabs.setLayoutData(data);
		toolkit.adapt(bodyTabs, true, false);
		bodyTab(Messages.Compose_text, Field.TEXT, model.text);
		bodyTab(Messages.Compose_html, Field.HTML, model.html);
		bodyTabs.setSelection(0);
	}

	private void bodyTab(String title, Field field, IObservableValue<String> value) {
		CTabItem item = new CTabItem(bodyTabs, SWT.NONE);
		item.setText(title);
		Text text = new Text(bodyTabs, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
		text.setData(FIELD_KEY, field.name());
		bindings.bindValue(WidgetProperties.text(SWT.Modify).observe(text), value);
		texts.add(text);
		item.setControl(text);
	}

	private void createAttachmentSection(Composite parent) {
		Composite client = section(parent, Messages.Compose_attachments, Messages.Compose_attachmentsDescription,
				false);
		GridLayout layout = new GridLayout(2, false);
		layout.marginLeft = 4;
		client.setLayout(layout);
		attachmentTable = toolkit.createTable(client, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
		attachmentTable.setData(FIELD_KEY, Field.ATTACHMENTS.name());
		attachmentTable.setHeaderVisible(true);
		column(Messages.Compose_columnName, 200);
		column(Messages.Compose_columnSize, 90);
		column(Messages.Compose_columnFolder, 320);
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, false);
		data.heightHint = 2 * attachmentTable.getItemHeight() + attachmentTable.getHeaderHeight();
		data.widthHint = 300;
		attachmentTable.setLayoutData(data);
		attachmentTable.addListener(SWT.Selection, e -> updateButtons());
		Composite buttons = toolkit.createComposite(client);
		GridLayout buttonLayout = new GridLayout(1, true);
		buttonLayout.marginWidth = 0;
		buttonLayout.marginHeight = 0;
		buttons.setLayout(buttonLayout);
		buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
		addButton = toolkit.createButton(buttons, Messages.Compose_add, SWT.PUSH);
		addButton.setData(FIELD_KEY, "addAttachment"); //$NON-NLS-1$
		addButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		addButton.addListener(SWT.Selection, e -> chooseAttachments());
		removeButton = toolkit.createButton(buttons, Messages.Compose_remove, SWT.PUSH);
		removeButton.setData(FIELD_KEY, "removeAttachment"); //$NON-NLS-1$
		removeButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		removeButton.addListener(SWT.Selection, e -> removeSelectedAttachments());
		toolkit.paintBordersFor(client);
	}

	/** Ctrl+Enter in any field sends the mail, as in most mail programs. */
	private void sendOnCtrlEnter(org.eclipse.swt.widgets.Event e) {
		if ((e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR) && (e.stateMask & SWT.MOD1) != 0) {
			e.doit = false;
			editor().send();
		}
	}

	private void column(String title, int width) {
		TableColumn column = new TableColumn(attachmentTable, SWT.LEFT);
		column.setText(title);
		column.setWidth(width);
	}

	private void chooseAttachments() {
		FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN | SWT.MULTI);
		if (dialog.open() == null) {
			return;
		}
		List<Path> chosen = new ArrayList<>();
		for (String name : dialog.getFileNames()) {
			chosen.add(Path.of(dialog.getFilterPath(), name));
		}
		model.addAttachments(chosen);
	}

	/** Removes the attachments selected in the table. */
	public void removeSelectedAttachments() {
		List<Path> selected = new ArrayList<>();
		for (TableItem item : attachmentTable.getSelection()) {
			selected.add((Path) item.getData());
		}
		model.removeAttachments(selected);
	}

	private void createActions() {
		sendAction = new Action(Messages.Compose_send) {
			@Override
			public void run() {
				editor().send();
			}
		};
		sendAction.setToolTipText(Messages.Compose_sendTooltip);
		ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/send.png") //$NON-NLS-1$
				.ifPresent(sendAction::setImageDescriptor);
		form.getToolBarManager().add(sendAction);
		form.getToolBarManager().update(true);
	}

	/** The user began writing: from now on every field's problem shows, not just a hint. */
	private void started() {
		if (!started) {
			started = true;
			update();
		}
	}

	/** @return whether a field's problem is shown; before the user writes, only a missing server is */
	private boolean shown(Field field) {
		return started || field == Field.SERVER;
	}

	private ComposeEditor editor() {
		return (ComposeEditor) getEditor();
	}

	private void update() {
		if (form == null || form.isDisposed()) {
			return;
		}
		boolean editing = model.state() == State.EDITING;
		String subject = model.subject.getValue().strip();
		form.setText(subject.isEmpty() || model.problem(Field.SUBJECT).isPresent() ? Messages.Compose_title : subject);
		updateServers();
		for (Map.Entry<Field, ControlDecoration> entry : decorations.entrySet()) {
			Optional<String> problem = model.problem(entry.getKey());
			ControlDecoration decoration = entry.getValue();
			decoration.setDescriptionText(problem.orElse(null));
			if (problem.isPresent() && shown(entry.getKey())) {
				decoration.show();
			} else {
				decoration.hide();
			}
		}
		updateAttachments();
		for (Text text : texts) {
			text.setEditable(editing);
		}
		serverCombo.setEnabled(editing);
		updateButtons();
		sendButton.setEnabled(model.canSend());
		checkButton.setEnabled(model.canSend());
		sendAction.setEnabled(model.canSend());
		updateHeader();
	}

	private void updateHeader() {
		Map<Field, String> problems = new EnumMap<>(Field.class);
		model.problems().forEach((field, problem) -> {
			if (shown(field)) {
				problems.put(field, problem);
			}
		});
		ComposeEditor.Report report = editor().report();
		if (!started && problems.isEmpty() && report == null && model.state() == State.EDITING) {
			form.setMessage(Messages.Compose_start, IMessageProvider.INFORMATION);
		} else if (!problems.isEmpty() && model.state() == State.EDITING) {
			List<Map.Entry<Field, String>> all = new ArrayList<>(new java.util.TreeMap<>(problems).entrySet());
			String first = all.get(0).getValue();
			String text = all.size() == 1 ? first : NLS.bind(Messages.Compose_problemCount, all.size(), first);
			form.getForm().setMessage(text, IMessageProvider.ERROR,
					all.stream().map(e -> new HeadingMessage(e.getKey(), e.getValue(), IMessageProvider.ERROR, null))
							.toArray(IMessage[]::new));
		} else if (report != null) {
			form.getForm().setMessage(report.text(), report.type(), report.details().stream()
					.map(d -> new HeadingMessage(d, d, report.type(), null)).toArray(IMessage[]::new));
		} else if (!model.warnings().isEmpty()) {
			form.getForm().setMessage(model.warnings().get(0), IMessageProvider.WARNING,
					model.warnings().stream().map(w -> new HeadingMessage(w, w, IMessageProvider.WARNING, null))
							.toArray(IMessage[]::new));
		} else {
			form.setMessage(null, IMessageProvider.NONE);
		}
		form.setBusy(model.state() == State.SENDING);
	}

	private void updateServers() {
		List<MailServer> servers = model.servers();
		if (!servers.equals(shownServers)) {
			shownServers = servers;
			serverCombo.removeAll();
			for (MailServer server : servers) {
				serverCombo.add(NLS.bind(Messages.Compose_serverItem, server.name(), server.address()));
			}
		}
		int index = -1;
		for (int i = 0; i < shownServers.size(); i++) {
			if (shownServers.get(i).id().equals(model.serverId.getValue())) {
				index = i;
			}
		}
		if (index < 0) {
			serverCombo.deselectAll();
		} else if (serverCombo.getSelectionIndex() != index) {
			serverCombo.select(index);
		}
	}

	private void updateAttachments() {
		List<Path> files = model.attachments();
		List<Object> shown = new ArrayList<>();
		for (TableItem item : attachmentTable.getItems()) {
			shown.add(item.getData());
		}
		if (shown.equals(files)) {
			return;
		}
		attachmentTable.removeAll();
		for (Path file : files) {
			TableItem item = new TableItem(attachmentTable, SWT.NONE);
			item.setData(file);
			item.setText(new String[] { file.getFileName().toString(), size(file),
					file.getParent() == null ? "" : file.getParent().toString() }); //$NON-NLS-1$
		}
	}

	private static String size(Path file) {
		try {
			long bytes = Files.size(file);
			return bytes < 10_240 ? NLS.bind(Messages.Inbox_bytes, bytes)
					: NLS.bind(Messages.Inbox_kilobytes, (bytes + 512) / 1024);
		} catch (IOException e) {
			return Messages.Compose_missing;
		}
	}

	private void updateButtons() {
		boolean editing = model.state() == State.EDITING;
		addButton.setEnabled(editing);
		removeButton.setEnabled(editing && attachmentTable.getSelectionCount() > 0);
	}

	private Label label(Composite parent, String name) {
		Label label = toolkit.createLabel(parent, NLS.bind(Messages.Compose_label, name));
		label.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
		return label;
	}

	private Text text(Composite parent, String name, Field field, IObservableValue<String> value) {
		label(parent, name);
		Text text = toolkit.createText(parent, "", SWT.SINGLE); //$NON-NLS-1$
		text.setData(FIELD_KEY, field.name());
		text.setLayoutData(fill());
		bindings.bindValue(WidgetProperties.text(SWT.Modify).observe(text), value);
		decorate(text, field);
		texts.add(text);
		return text;
	}

	private void decorate(Control control, Field field) {
		decorations.put(field, ServerSettingsForm.errorDecoration(control));
	}

	private static GridData fill() {
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 200;
		data.horizontalIndent = 8;
		return data;
	}

	/** @return the decoration showing a field's problem */
	public ControlDecoration decoration(Field field) {
		return decorations.get(field);
	}

	/** @return the Send button, enabled only when the mail can be sent */
	public Button sendButton() {
		return sendButton;
	}

	/** @return the Check button, enabled when the mail could be sent */
	public org.eclipse.swt.widgets.Button checkButton() {
		return checkButton;
	}

	public Action sendAction() {
		return sendAction;
	}

	public ScrolledForm form() {
		return form;
	}

	/** Shows the text (0) or HTML (1) body. */
	public void showBody(int tab) {
		bodyTabs.setSelection(tab);
	}

}
