package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;

import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.internal.inbox.InboxMessage;
import com.bitfaster.mail.ui.internal.inbox.InboxView;

/**
 * The Inbox view as a user works it: its controls found in its widget tree by their type and label, its actions in the
 * view's tool bar. The view has no accessors of its own for tests.
 */
final class InboxPage {

	private final InboxView view;
	/** The composite the view built its controls in: above the address row, the status line and the sash. */
	private final Composite root;

	InboxPage(InboxView view) {
		this.view = view;
		this.root = Widgets.only(Widgets.partControl(view), SashForm.class).getParent();
	}

	/** Types the address and presses Refresh. */
	void read(String address) {
		Text field = Widgets.all(root, Text.class).stream().filter(t -> (t.getStyle() & SWT.SINGLE) != 0).findFirst()
				.orElseThrow(() -> new AssertionError("no address field")); //$NON-NLS-1$
		field.setText(address);
		button("Refresh").notifyListeners(SWT.Selection, new Event()); //$NON-NLS-1$
	}

	/** @return whether the view says that the local server is not running (the line with its Start button) */
	boolean saysNotRunning() {
		return button("Start").getParent().isVisible(); //$NON-NLS-1$
	}

	/** @return whether POP3 work is under way: the view disables Refresh meanwhile */
	boolean isBusy() {
		return !button("Refresh").isEnabled(); //$NON-NLS-1$
	}

	/** @return the status line below the address */
	String status() {
		return Arrays.stream(root.getChildren()).filter(Label.class::isInstance).map(c -> ((Label) c).getText())
				.findFirst().orElseThrow(() -> new AssertionError("no status line")); //$NON-NLS-1$
	}

	int rowCount() {
		return messageTable().getItemCount();
	}

	/** @return the messages listed, top to bottom */
	List<InboxMessage> messages() {
		return Arrays.stream(messageTable().getItems()).map(item -> (InboxMessage) item.getData()).toList();
	}

	/** @return the texts of one column, top to bottom, as shown */
	List<String> column(int column) {
		return Arrays.stream(messageTable().getItems()).map(item -> item.getText(column)).toList();
	}

	/** Clicks a column header, as a user sorting the table does. */
	void clickHeader(int column) {
		messageTable().getColumn(column).notifyListeners(SWT.Selection, new Event());
	}

	/** Selects the messages as a click (with Ctrl for more than one) does. */
	void select(List<InboxMessage> chosen) {
		Table table = messageTable();
		table.setSelection(items(chosen));
		table.notifyListeners(SWT.Selection, new Event());
		flush();
	}

	/** Double-clicks the message, which shows it in the details. */
	void open(InboxMessage message) {
		select(List.of(message));
		Event event = new Event();
		event.item = items(List.of(message))[0];
		messageTable().notifyListeners(SWT.DefaultSelection, event);
		flush();
	}

	void showTab(int index) {
		Widgets.only(root, CTabFolder.class).setSelection(index);
	}

	String bodyText() {
		return ((Text) tab("Text")).getText(); //$NON-NLS-1$
	}

	String htmlText() {
		return ((Text) tab("HTML Source")).getText(); //$NON-NLS-1$
	}

	/** @return the names in the attachments table, as shown */
	List<String> attachmentNames() {
		Table attachments = Widgets.only((Composite) tab("Attachments"), Table.class); //$NON-NLS-1$
		return Arrays.stream(attachments.getItems()).map(item -> item.getText(0)).toList();
	}

	boolean canDelete() {
		return action("Delete Selected Messages").isEnabled(); //$NON-NLS-1$
	}

	boolean canClear() {
		return action("Clear Inbox").isEnabled(); //$NON-NLS-1$
	}

	void deleteSelected() {
		run(action("Delete Selected Messages")); //$NON-NLS-1$
	}

	void clear() {
		run(action("Clear Inbox")); //$NON-NLS-1$
	}

	/** The messages table: the one that allows several rows to be selected (the attachments table does not). */
	private Table messageTable() {
		return Widgets.all(root, Table.class).stream().filter(t -> (t.getStyle() & SWT.MULTI) != 0).findFirst()
				.orElseThrow(() -> new AssertionError("no messages table")); //$NON-NLS-1$
	}

	private TableItem[] items(List<InboxMessage> messages) {
		return Arrays.stream(messageTable().getItems()).filter(item -> messages.contains(item.getData()))
				.toArray(TableItem[]::new);
	}

	private Button button(String text) {
		return Widgets.all(root, Button.class).stream().filter(b -> text.equals(b.getText())).findFirst()
				.orElseThrow(() -> new AssertionError("no button " + text)); //$NON-NLS-1$
	}

	private Control tab(String title) {
		return Arrays.stream(Widgets.only(root, CTabFolder.class).getItems()).filter(i -> title.equals(i.getText()))
				.map(CTabItem::getControl).findFirst().orElseThrow(() -> new AssertionError("no tab " + title)); //$NON-NLS-1$
	}

	private IAction action(String text) {
		for (IContributionItem item : view.getViewSite().getActionBars().getToolBarManager().getItems()) {
			if (item instanceof ActionContributionItem contribution && text.equals(contribution.getAction().getText())) {
				return contribution.getAction();
			}
		}
		throw new AssertionError("no tool bar action " + text); //$NON-NLS-1$
	}

	/** Runs a tool bar action as its button does: only when it is enabled. */
	private static void run(IAction action) {
		if (!action.isEnabled()) {
			throw new AssertionError(action.getText() + " is disabled"); //$NON-NLS-1$
		}
		action.runWithEvent(new Event());
		flush();
	}
}
