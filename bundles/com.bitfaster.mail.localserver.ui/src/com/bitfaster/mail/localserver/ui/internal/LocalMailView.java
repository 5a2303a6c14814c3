package com.bitfaster.mail.localserver.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.LocalMailStore;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.WorkbenchStarted;
import com.bitfaster.mail.ui.preview.MessagePreview;

import jakarta.mail.internet.MimeMessage;

/**
 * Every message the local server kept (any mailbox), newest first, searchable; the selected one shown rendered with
 * its text, headers and source, its attachments to save; Delete, Clear, and Release to a real server.
 */
public class LocalMailView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.localserver.ui.localMail"; //$NON-NLS-1$

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
			.withZone(ZoneId.systemDefault());

	private Text search;
	private Label status;
	private TableViewer table;
	private MessagePreview preview;
	private Composite previewHolder;
	private org.eclipse.swt.widgets.List attachmentList;
	private Button save;
	private Button delete;
	private Button clear;
	private Button release;
	private List<StoredMessage> all = List.of();
	/** A message to select once the list has it (from the start page). */
	private String revealId;
	private List<MessageParts.Attachment> attachments = List.of();
	private LocalMailStore store;
	/** Whether the local server was asked for (only after the workbench started). */
	private boolean connected;
	private LocalMailServer server;
	private final Consumer<LocalMailServer.State> onStateChange = state -> {
		Display display = PlatformUI.getWorkbench().getDisplay();
		if (!display.isDisposed()) {
			display.asyncExec(() -> {
				if (!table.getTable().isDisposed()) {
					showFiltered(); // for the state line; the list is the same
				}
			});
		}
	};
	/** Whether a refresh is queued already: a campaign or a Clear changes thousands of messages at once. */
	private final AtomicBoolean refreshQueued = new AtomicBoolean();
	/** A message stored or deleted (Delete, Clear, the cap, a POP3 client), here or by another part. */
	private final Consumer<StoredMessage> onStoreChange = message -> {
		Display display = PlatformUI.getWorkbench().getDisplay();
		if (!display.isDisposed() && refreshQueued.compareAndSet(false, true)) {
			display.asyncExec(() -> {
				refreshQueued.set(false);
				refresh();
			});
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
		Composite top = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(top);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(top);
		search = new Text(top, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
		search.setMessage(Messages.View_search);
		GridDataFactory.fillDefaults().hint(280, SWT.DEFAULT).applyTo(search);
		search.addModifyListener(e -> showFiltered());
		status = new Label(top, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);

		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
		Composite tableHolder = new Composite(sash, SWT.NONE);
		TableColumnLayout columns = new TableColumnLayout();
		tableHolder.setLayout(columns);
		table = new TableViewer(tableHolder, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		Image clip = PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJ_FILE);
		column(columns, "", 3, m -> "", m -> m.hasAttachments() ? clip : null); //$NON-NLS-1$ //$NON-NLS-2$
		column(columns, Messages.View_from, 20, StoredMessage::from, m -> null);
		column(columns, Messages.View_to, 20, m -> m.to(), m -> null);
		column(columns, Messages.View_subject, 34, StoredMessage::subject, m -> null);
		column(columns, Messages.View_date, 15, m -> DATE.format(m.date()), m -> null);
		column(columns, Messages.View_size, 8, m -> size(m.size()), m -> null);
		table.addSelectionChangedListener(e -> showSelected());

		Composite bottom = new Composite(sash, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(bottom);
		// The preview (WebKit, Jakarta Mail) is made when the first message is shown: the view opens with the window,
		// and releng/test-product.sh checks that no mail class loads before it.
		previewHolder = new Composite(bottom, SWT.NONE);
		previewHolder.setLayout(new org.eclipse.swt.layout.FillLayout());
		GridDataFactory.fillDefaults().grab(true, true).span(2, 1).applyTo(previewHolder);
		Label attachmentsLabel = new Label(bottom, SWT.NONE);
		attachmentsLabel.setText(Messages.View_attachments);
		attachmentList = new org.eclipse.swt.widgets.List(bottom, SWT.SINGLE | SWT.BORDER | SWT.H_SCROLL);
		GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 40).applyTo(attachmentList);
		attachmentList.addListener(SWT.Selection, e -> updateButtons());
		Composite buttons = new Composite(bottom, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(4).applyTo(buttons);
		GridDataFactory.fillDefaults().span(2, 1).applyTo(buttons);
		save = button(buttons, Messages.View_save, this::saveAttachment);
		delete = button(buttons, Messages.View_delete, this::deleteSelected);
		clear = button(buttons, Messages.View_clear, this::clearAll);
		release = button(buttons, Messages.View_release, this::releaseSelected);
		sash.setWeights(45, 55);
		// In a low, wide place (the Mail perspective's strip below the editors) the list and the message sit side by
		// side, so that rows and buttons stay visible; stacked when the view has the height.
		sash.addListener(SWT.Resize, e -> {
			org.eclipse.swt.graphics.Point size = sash.getSize();
			int orientation = size.x > 3 * size.y ? SWT.HORIZONTAL : SWT.VERTICAL;
			if (sash.getOrientation() != orientation) {
				sash.setOrientation(orientation);
			}
		});

		connectAfterStartup();
	}

	/**
	 * Asks for the local server once the workbench has started: the view opens with the window, and the server's
	 * component brings SubEthaSMTP and Jakarta Mail, which releng/test-product.sh checks are not loaded before it.
	 */
	private void connectAfterStartup() {
		if (!WorkbenchStarted.isStarted()) {
			showFiltered();
		}
		WorkbenchStarted.whenStarted(table.getTable().getDisplay(), this::connect);
	}

	private void connect() {
		if (table.getTable().isDisposed()) {
			return;
		}
		connected = true;
		Optional<LocalMailServer> found = MailServices.find(LocalMailServer.class);
		if (found.isPresent()) {
			// The server starts in a job after the window shows, and commands elsewhere start and stop it.
			server = found.get();
			server.addStateListener(onStateChange);
			store = server.store();
			store.addListener(onStoreChange);
			store.addDeletionListener(onStoreChange);
		}
		refresh();
	}

	private void column(TableColumnLayout layout, String title, int weight, java.util.function.Function<StoredMessage, String> text,
			java.util.function.Function<StoredMessage, Image> image) {
		TableViewerColumn column = new TableViewerColumn(table, SWT.LEFT);
		column.getColumn().setText(title);
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 24));
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((StoredMessage) element);
			}

			@Override
			public Image getImage(Object element) {
				return image.apply((StoredMessage) element);
			}
		});
	}

	private static Button button(Composite parent, String text, Runnable action) {
		Button button = new Button(parent, SWT.PUSH);
		button.setText(text);
		button.addListener(SWT.Selection, e -> action.run());
		return button;
	}

	/**
	 * Reads the store again in a job (it is on disk, the command line may have added mail too, and a large store takes
	 * a moment: never on the UI thread, never delaying start-up), then shows it.
	 */
	public void refresh() {
		if (table == null || table.getTable().isDisposed()) {
			return;
		}
		LocalMailStore source = store;
		Display display = table.getTable().getDisplay();
		Job.create(Messages.View_readJob, monitor -> {
			List<StoredMessage> read = source == null ? List.<StoredMessage>of() : source.list();
			display.asyncExec(() -> {
				if (!table.getTable().isDisposed()) {
					all = read;
					showFiltered();
				}
			});
		}).schedule();
	}

	private void showFiltered() {
		String needle = search.getText().strip().toLowerCase(Locale.ROOT);
		List<StoredMessage> shown = needle.isEmpty() ? all
				: all.stream().filter(m -> (m.from() + "\n" + m.to() + "\n" + m.subject() + "\n" + m.mailbox()) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						.toLowerCase(Locale.ROOT).contains(needle)).toList();
		IStructuredSelection before = table.getStructuredSelection();
		table.setInput(shown);
		StoredMessage revealed = revealId == null ? null
				: shown.stream().filter(m -> m.id().equals(revealId)).findFirst().orElse(null);
		if (revealed != null) {
			revealId = null;
			table.setSelection(new org.eclipse.jface.viewers.StructuredSelection(revealed), true);
		} else {
			table.setSelection(before);
		}
		long bytes = all.stream().mapToLong(StoredMessage::size).sum();
		Optional<LocalMailServer> server = connected ? MailServices.find(LocalMailServer.class) : Optional.empty();
		String state = !connected ? Messages.View_starting : server.isEmpty() ? Messages.View_notInstalled
				: server.get().isRunning() ? NLS.bind(Messages.View_running, server.get().smtpPort(), server.get().pop3Port())
						: Messages.View_stopped;
		status.setText(NLS.bind(Messages.View_status, new Object[] { shown.size(), all.size(), size(bytes), state }));
		status.getParent().layout();
		updateButtons();
	}

	/**
	 * Selects (and so shows) the message with this id, now when the list has it, else once a reading of the store
	 * has it; the search is cleared so that it is not filtered out.
	 */
	public void reveal(String messageId) {
		revealId = messageId;
		search.setText(""); //$NON-NLS-1$
		if (all.stream().anyMatch(m -> m.id().equals(messageId))) {
			showFiltered();
		} else {
			refresh();
		}
	}

	/** @return the message selected in the table, if any */
	public java.util.Optional<StoredMessage> selectedMessage() {
		return table.getStructuredSelection().isEmpty() ? java.util.Optional.empty()
				: java.util.Optional.of((StoredMessage) table.getStructuredSelection().getFirstElement());
	}

	/** @return the messages the table shows, in its order */
	public List<StoredMessage> shownMessages() {
		@SuppressWarnings("unchecked")
		List<StoredMessage> input = (List<StoredMessage>) table.getInput();
		return input == null ? List.of() : input;
	}

	public Label statusLine() {
		return status;
	}

	public Text searchField() {
		return search;
	}

	public TableViewer table() {
		return table;
	}

	/** @return the preview, made on first use */
	public MessagePreview preview() {
		if (preview == null) {
			preview = new MessagePreview(previewHolder, SWT.NONE);
			previewHolder.layout(true, true);
		}
		return preview;
	}

	public org.eclipse.swt.widgets.List attachmentList() {
		return attachmentList;
	}

	private List<StoredMessage> selected() {
		List<StoredMessage> list = new ArrayList<>();
		for (Object o : table.getStructuredSelection().toList()) {
			list.add((StoredMessage) o);
		}
		return list;
	}

	private void showSelected() {
		List<StoredMessage> selection = selected();
		attachmentList.removeAll();
		attachments = List.of();
		if (selection.size() == 1 && store != null) {
			try {
				byte[] raw = store.read(selection.get(0));
				preview().setMessage(raw);
				attachments = Parts.attachments(raw);
				for (MessageParts.Attachment a : attachments) {
					attachmentList.add(a.fileName() + "  (" + a.contentType() + ")"); //$NON-NLS-1$ //$NON-NLS-2$
				}
			} catch (IOException e) {
				preview().setMessage(new byte[0]);
				status.setText(NLS.bind(Messages.View_readFailed, e.getMessage()));
			}
		} else if (preview != null) {
			preview.setMessage(new byte[0]);
		}
		updateButtons();
	}

	private void updateButtons() {
		int count = table.getStructuredSelection().size();
		save.setEnabled(attachmentList.getSelectionIndex() >= 0);
		delete.setEnabled(count > 0);
		clear.setEnabled(!all.isEmpty());
		release.setEnabled(count == 1);
	}

	private void saveAttachment() {
		int index = attachmentList.getSelectionIndex();
		if (index < 0) {
			return;
		}
		MessageParts.Attachment attachment = attachments.get(index);
		Optional<Path> file = UserPrompts.current().askFile(getSite().getShell(), true, attachment.fileName());
		if (file.isPresent()) {
			try {
				Files.write(file.get(), Parts.bytes(attachment));
			} catch (IOException e) {
				UserPrompts.current().warn(getSite().getShell(), Messages.View_save,
						NLS.bind(Messages.View_saveFailed, e.getMessage()), List.of());
			}
		}
	}

	private void deleteSelected() {
		try {
			for (StoredMessage message : selected()) {
				store.delete(message);
			}
		} catch (IOException e) {
			UserPrompts.current().warn(getSite().getShell(), Messages.View_delete,
					NLS.bind(Messages.View_deleteFailed, e.getMessage()), List.of());
		}
		refresh();
	}

	private void clearAll() {
		if (store == null || !UserPrompts.current().confirm(getSite().getShell(), Messages.View_clear,
				NLS.bind(Messages.View_confirmClear, all.size()))) {
			return;
		}
		try {
			store.clear();
		} catch (IOException e) {
			UserPrompts.current().warn(getSite().getShell(), Messages.View_clear,
					NLS.bind(Messages.View_deleteFailed, e.getMessage()), List.of());
		}
		refresh();
	}

	/** Asks for a configured server (not the local one) and sends the selected message through it, as it was caught. */
	private void releaseSelected() {
		List<StoredMessage> selection = selected();
		if (selection.size() != 1) {
			return;
		}
		StoredMessage message = selection.get(0);
		List<MailServer> servers = MailServices.registry().activeServers().stream()
				.filter(s -> !LocalMailServer.SERVER_ID.equals(s.id())).toList();
		if (servers.isEmpty()) {
			UserPrompts.current().inform(getSite().getShell(), Messages.View_release, Messages.View_noServers, List.of());
			return;
		}
		ElementListSelectionDialog dialog = new ElementListSelectionDialog(getSite().getShell(), new LabelProvider() {
			@Override
			public String getText(Object element) {
				MailServer s = (MailServer) element;
				return s.name() + "  (" + s.host() + ":" + s.port() + ")"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			}
		});
		dialog.setTitle(Messages.View_release);
		dialog.setMessage(NLS.bind(Messages.View_chooseServer, message.subject()));
		dialog.setElements(servers.toArray());
		dialog.setMultipleSelection(false);
		if (dialog.open() != org.eclipse.jface.window.Window.OK || dialog.getFirstResult() == null) {
			return;
		}
		release(message, (MailServer) dialog.getFirstResult());
	}

	/** Sends a kept message through a server in a job, then says how it went. */
	public Job release(StoredMessage message, MailServer server) {
		Shell shell = getSite().getShell();
		Job job = new Job(NLS.bind(Messages.View_releaseJob, server.name())) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				String outcome;
				boolean ok;
				try {
					MimeMessage mime = MessageParts.parse(store.read(message));
					// The headers the local server added on delivery are not part of the message as sent.
					mime.removeHeader("Return-Path"); //$NON-NLS-1$
					mime.removeHeader("Delivered-To"); //$NON-NLS-1$
					mime.removeHeader("X-Original-To"); //$NON-NLS-1$
					SenderService sender = MailServices.sender().orElseThrow(() -> new IllegalStateException("no sender")); //$NON-NLS-1$
					SendResult result = sender.send(mime, server, monitor);
					ok = result.allAccepted();
					outcome = result.outcomes().stream().map(o -> o.address() + ": " + o.code() + " " + o.reply()) //$NON-NLS-1$ //$NON-NLS-2$
							.reduce((a, b) -> a + "\n" + b).orElse(String.valueOf(result.message())); //$NON-NLS-1$
				} catch (IOException | jakarta.mail.MessagingException | RuntimeException e) {
					ok = false;
					outcome = String.valueOf(e.getMessage());
				}
				String text = NLS.bind(ok ? Messages.View_released : Messages.View_releaseFailed, server.name(), outcome);
				boolean accepted = ok;
				if (!shell.isDisposed()) {
					shell.getDisplay().asyncExec(() -> {
						if (!shell.isDisposed()) {
							if (accepted) {
								UserPrompts.current().inform(shell, Messages.View_release, text, List.of());
							} else {
								UserPrompts.current().warn(shell, Messages.View_release, text, List.of());
							}
						}
					});
				}
				return Status.OK_STATUS;
			}
		};
		job.schedule();
		return job;
	}

	static String size(long bytes) {
		if (bytes < 10_240) {
			return NLS.bind(Messages.View_bytes, bytes);
		}
		if (bytes < 10L * 1024 * 1024) {
			return NLS.bind(Messages.View_kilobytes, (bytes + 512) / 1024);
		}
		return NLS.bind(Messages.View_megabytes, (bytes + 512 * 1024) / (1024 * 1024));
	}

	@Override
	public void setFocus() {
		table.getTable().setFocus();
	}

	@Override
	public void dispose() {
		if (server != null) {
			server.removeStateListener(onStateChange);
		}
		if (store != null) {
			store.removeListener(onStoreChange);
			store.removeDeletionListener(onStoreChange);
		}
		super.dispose();
	}

	/**
	 * The mail parsing of this view in a class of its own: a catch of {@code MessagingException} in the view would have
	 * the verifier load Jakarta Mail with the view, which opens with the window (releng/test-product.sh checks that no
	 * mail class loads before it).
	 */
	private static final class Parts {

		static List<MessageParts.Attachment> attachments(byte[] raw) throws IOException {
			try {
				return MessageParts.attachments(MessageParts.parse(raw));
			} catch (jakarta.mail.MessagingException e) {
				throw new IOException(e.getMessage(), e);
			}
		}

		static byte[] bytes(MessageParts.Attachment attachment) throws IOException {
			try {
				return attachment.bytes();
			} catch (jakarta.mail.MessagingException e) {
				throw new IOException(e.getMessage(), e);
			}
		}
	}
}
