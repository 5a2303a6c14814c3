package com.bitfaster.mail.ui.internal.inbox;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/**
 * A mailbox of the local mail server, read over POP3: the address at the top, the messages in a table, the opened
 * one's headers, text, HTML source and attachments below. All POP3 work runs in jobs.
 */
public class InboxView extends ViewPart {

	public static final String ID = "com.bitfaster.mail.ui.inbox"; //$NON-NLS-1$
	/** Family of the view's POP3 jobs, so callers can wait for them. */
	public static final Object JOB_FAMILY = InboxView.class;

	private Composite notRunning;
	private Label notRunningLabel;
	private Text address;
	private Button refresh;
	private Label status;
	private TableViewer table;
	private Text headers;
	private Text body;
	private Text html;
	private TableViewer attachments;
	private CTabFolder tabs;
	private Action deleteAction;
	private Action clearAction;
	private List<InboxMessage> messages = List.of();
	private volatile int runningJobs;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		createNotRunning(parent);
		createAddressRow(parent);
		status = new Label(parent, SWT.WRAP);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		createTable(sash);
		createDetails(sash);
		sash.setWeights(1, 1);
		createActions();
		updateServerState();
		if (address.getText().isBlank()) {
			setStatus(Messages.Inbox_noAddress);
		} else if (isServerRunning()) {
			refresh();
		} else {
			setStatus(""); //$NON-NLS-1$
		}
	}

	/** Shows the status line; an empty one takes no room. */
	private void setStatus(String text) {
		status.setText(text);
		status.setVisible(!text.isEmpty());
		((GridData) status.getLayoutData()).exclude = text.isEmpty();
		status.getParent().layout(true, true);
	}

	private void createNotRunning(Composite parent) {
		notRunning = new Composite(parent, SWT.NONE);
		notRunning.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		notRunning.setLayout(new GridLayout(2, false));
		notRunningLabel = new Label(notRunning, SWT.WRAP);
		notRunningLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Button start = new Button(notRunning, SWT.PUSH);
		start.setText(Messages.Inbox_start);
		start.addListener(SWT.Selection, e -> startServer());
	}

	private void createAddressRow(Composite parent) {
		Composite row = new Composite(parent, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		GridLayout layout = new GridLayout(3, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		row.setLayout(layout);
		new Label(row, SWT.NONE).setText(Messages.Inbox_address);
		address = new Text(row, SWT.BORDER | SWT.SINGLE);
		address.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		address.setMessage(Messages.Inbox_addressHint);
		address.setText(initialAddress());
		address.addListener(SWT.DefaultSelection, e -> refresh());
		refresh = new Button(row, SWT.PUSH);
		refresh.setText(Messages.Inbox_refresh);
		refresh.addListener(SWT.Selection, e -> refresh());
	}

	private static String initialAddress() {
		String notification = UiPreferences.store().getString(UiPreferences.NOTIFICATION_ADDRESS);
		if (notification != null && !notification.isBlank()) {
			return notification.trim();
		}
		String last = UiPreferences.store().getString(UiPreferences.INBOX_ADDRESS);
		return last == null ? "" : last; //$NON-NLS-1$
	}

	private void createTable(Composite parent) {
		Composite area = new Composite(parent, SWT.NONE);
		TableColumnLayout columns = new TableColumnLayout();
		area.setLayout(columns);
		table = new TableViewer(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
		table.getTable().setHeaderVisible(true);
		table.getTable().setLinesVisible(true);
		table.setContentProvider(ArrayContentProvider.getInstance());
		DateFormat dates = DateFormat.getDateTimeInstance(DateFormat.SHORT, DateFormat.SHORT);
		ColumnSorter<InboxMessage> sorter = new ColumnSorter<>(table);
		Comparator<String> text = String.CASE_INSENSITIVE_ORDER;
		sorter.sortable(column(table, columns, Messages.Inbox_from, 4, m -> ((InboxMessage) m).from()),
				Comparator.comparing(InboxMessage::from, text));
		sorter.sortable(column(table, columns, Messages.Inbox_to, 4, m -> ((InboxMessage) m).to()),
				Comparator.comparing(InboxMessage::to, text));
		sorter.sortable(column(table, columns, Messages.Inbox_subject, 6, m -> ((InboxMessage) m).subject()),
				Comparator.comparing(InboxMessage::subject, text));
		Comparator<InboxMessage> byDate = Comparator.comparing(InboxMessage::date,
				Comparator.nullsFirst(Comparator.naturalOrder()));
		TableColumn date = column(table, columns, Messages.Inbox_date, 3,
				m -> ((InboxMessage) m).date() == null ? "" : dates.format(((InboxMessage) m).date())); //$NON-NLS-1$
		sorter.sortable(date, byDate);
		sorter.sortable(column(table, columns, Messages.Inbox_size, 2, m -> size(((InboxMessage) m).size())),
				Comparator.comparingInt(InboxMessage::size));
		sorter.sortBy(date, byDate, true);
		table.addSelectionChangedListener(e -> {
			show(selected().stream().findFirst());
			updateActions();
		});
		table.addDoubleClickListener(e -> {
			show(selected().stream().findFirst());
			tabs.setSelection(1);
		});
		getSite().setSelectionProvider(table);
	}

	private static TableColumn column(TableViewer viewer, TableColumnLayout layout, String title, int weight,
			java.util.function.Function<Object, String> text) {
		TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
		column.getColumn().setText(title);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply(element);
			}
		});
		layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50));
		return column.getColumn();
	}

	private static String size(long bytes) {
		return bytes < 1024 ? NLS.bind(Messages.Inbox_bytes, bytes)
				: NLS.bind(Messages.Inbox_kilobytes, String.format("%.1f", bytes / 1024.0)); //$NON-NLS-1$
	}

	private void createDetails(Composite parent) {
		tabs = new CTabFolder(parent, SWT.BORDER | SWT.TOP);
		headers = textTab(Messages.Inbox_headers);
		body = textTab(Messages.Inbox_text);
		html = textTab(Messages.Inbox_html);
		CTabItem item = new CTabItem(tabs, SWT.NONE);
		item.setText(Messages.Inbox_attachments);
		Composite area = new Composite(tabs, SWT.NONE);
		TableColumnLayout columns = new TableColumnLayout();
		area.setLayout(columns);
		attachments = new TableViewer(area, SWT.FULL_SELECTION);
		attachments.getTable().setHeaderVisible(true);
		attachments.setContentProvider(ArrayContentProvider.getInstance());
		column(attachments, columns, Messages.Inbox_attachmentName, 5, a -> ((InboxMessage.Attachment) a).name());
		column(attachments, columns, Messages.Inbox_attachmentType, 3,
				a -> ((InboxMessage.Attachment) a).contentType());
		column(attachments, columns, Messages.Inbox_size, 2, a -> size(((InboxMessage.Attachment) a).size()));
		item.setControl(area);
		tabs.setSelection(0);
	}

	private Text textTab(String title) {
		CTabItem item = new CTabItem(tabs, SWT.NONE);
		item.setText(title);
		Text text = new Text(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		text.setFont(JFaceResources.getTextFont());
		item.setControl(text);
		return text;
	}

	private void createActions() {
		ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
		deleteAction = new Action(Messages.Inbox_delete) {
			@Override
			public void run() {
				deleteSelected();
			}
		};
		deleteAction.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_TOOL_DELETE));
		clearAction = new Action(Messages.Inbox_clear) {
			@Override
			public void run() {
				clearInbox();
			}
		};
		clearAction.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_ETOOL_CLEAR));
		IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
		toolbar.add(deleteAction);
		toolbar.add(clearAction);
		MenuManager menu = new MenuManager();
		menu.add(deleteAction);
		menu.add(clearAction);
		table.getControl().setMenu(menu.createContextMenu(table.getControl()));
		updateActions();
	}

	private void updateActions() {
		boolean idle = runningJobs == 0 && isServerRunning();
		deleteAction.setEnabled(idle && !selected().isEmpty());
		clearAction.setEnabled(idle && !messages.isEmpty());
		refresh.setEnabled(runningJobs == 0);
	}

	private static boolean isServerRunning() {
		return MailServices.localServer().map(LocalMailServer::isRunning).orElse(false);
	}

	/** Shows or hides the "server not running" line; call after the server started or stopped. */
	public void updateServerState() {
		if (notRunning.isDisposed()) {
			return;
		}
		Optional<LocalMailServer> server = MailServices.localServer();
		boolean running = server.map(LocalMailServer::isRunning).orElse(false);
		notRunningLabel.setText(server.isPresent() ? Messages.Inbox_notRunning : Messages.Inbox_notInstalled);
		notRunning.getChildren()[1].setVisible(server.isPresent());
		notRunning.setVisible(!running);
		((GridData) notRunning.getLayoutData()).exclude = running;
		notRunning.getParent().layout(true, true);
		updateActions();
	}

	private void startServer() {
		MailServices.localServer().ifPresent(server -> {
			setStatus(Messages.Inbox_starting);
			run(Messages.Inbox_startJob, () -> {
				server.start();
				return null;
			}, ignored -> {
				setStatus(""); //$NON-NLS-1$
				refresh();
			});
		});
	}

	/** Reads the mailbox of the address in the field again. */
	public void refresh() {
		updateServerState();
		String mailbox = address.getText().trim();
		Optional<LocalMailServer> server = MailServices.localServer().filter(LocalMailServer::isRunning);
		if (mailbox.isEmpty() || server.isEmpty()) {
			setStatus(mailbox.isEmpty() ? Messages.Inbox_noAddress : ""); //$NON-NLS-1$
			setMessages(List.of());
			return;
		}
		UiPreferences.store().setValue(UiPreferences.INBOX_ADDRESS, mailbox);
		Pop3Mailbox pop3 = new Pop3Mailbox(LocalMailServer.HOST, server.get().pop3Port(), mailbox);
		setStatus(NLS.bind(Messages.Inbox_reading, mailbox));
		run(NLS.bind(Messages.Inbox_readJob, mailbox), pop3::list, list -> {
			setMessages(list);
			setStatus(NLS.bind(list.size() == 1 ? Messages.Inbox_countOne : Messages.Inbox_count, list.size(),
					mailbox));
		});
	}

	/** Deletes the selected messages from the POP3 mailbox, then reads it again. */
	private void deleteSelected() {
		List<InboxMessage> chosen = selected();
		if (chosen.isEmpty() || !UserPrompts.current().confirm(getSite().getShell(), Messages.Inbox_delete,
				NLS.bind(Messages.Inbox_confirmDelete, chosen.size()))) {
			return;
		}
		Pop3Mailbox pop3 = mailbox();
		List<String> uids = chosen.stream().map(InboxMessage::uid).toList();
		run(Messages.Inbox_deleteJob, () -> pop3.delete(uids), deleted -> refresh());
	}

	/** Deletes every message of the mailbox, then reads it again. */
	private void clearInbox() {
		if (messages.isEmpty() || !UserPrompts.current().confirm(getSite().getShell(), Messages.Inbox_clear,
				NLS.bind(Messages.Inbox_confirmClear, address.getText().trim()))) {
			return;
		}
		run(Messages.Inbox_clearJob, mailbox()::clear, deleted -> refresh());
	}

	private Pop3Mailbox mailbox() {
		int port = MailServices.localServer().map(LocalMailServer::pop3Port).orElse(0);
		return new Pop3Mailbox(LocalMailServer.HOST, port, address.getText().trim());
	}

	private interface Work<T> {
		T run() throws Exception;
	}

	/** Runs {@code work} in a job and hands its result to {@code done} on the UI thread; failures are shown and logged. */
	private <T> void run(String name, Work<T> work, java.util.function.Consumer<T> done) {
		runningJobs++;
		updateActions();
		Job job = new Job(name) {
			@Override
			protected IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
				Object result;
				try {
					result = work.run();
				} catch (Exception e) {
					String message = NLS.bind(Messages.Inbox_failed, e.getMessage() == null ? e.toString()
							: e.getMessage());
					ILog.of(InboxView.class).log(Status.error(message, e));
					result = new Failure(message);
				}
				Object outcome = result;
				table.getControl().getDisplay().asyncExec(() -> finished(outcome, done));
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == JOB_FAMILY;
			}
		};
		job.setSystem(false);
		job.schedule();
	}

	private record Failure(String message) {
	}

	@SuppressWarnings("unchecked")
	private <T> void finished(Object outcome, java.util.function.Consumer<T> done) {
		if (table.getControl().isDisposed()) {
			return;
		}
		runningJobs--;
		if (outcome instanceof Failure failure) {
			setStatus(failure.message());
			updateServerState();
		} else {
			done.accept((T) outcome);
		}
		updateActions();
		status.getParent().layout(true, true);
	}

	private void setMessages(List<InboxMessage> list) {
		List<String> previous = selected().stream().map(InboxMessage::uid).toList();
		messages = List.copyOf(list);
		table.setInput(messages);
		List<InboxMessage> keep = messages.stream().filter(m -> previous.contains(m.uid())).toList();
		table.setSelection(new StructuredSelection(keep));
		if (keep.isEmpty()) {
			show(Optional.empty());
		}
		updateActions();
	}

	private void show(Optional<InboxMessage> message) {
		headers.setText(message.map(InboxMessage::headers).orElse("")); //$NON-NLS-1$
		body.setText(message.map(InboxMessage::text).orElse("")); //$NON-NLS-1$
		html.setText(message.map(InboxMessage::html).orElse("")); //$NON-NLS-1$
		attachments.setInput(message.map(InboxMessage::attachments).orElse(List.of()));
	}

	private List<InboxMessage> selected() {
		List<InboxMessage> result = new ArrayList<>();
		for (Object o : ((IStructuredSelection) table.getSelection()).toList()) {
			result.add((InboxMessage) o);
		}
		return result;
	}

	@Override
	public void setFocus() {
		if (address.getText().isBlank()) {
			address.setFocus();
		} else {
			table.getControl().setFocus();
		}
	}
}
