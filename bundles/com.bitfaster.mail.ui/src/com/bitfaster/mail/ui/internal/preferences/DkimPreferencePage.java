package com.bitfaster.mail.ui.internal.preferences;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * Window > Preferences > SMTP Servers > DKIM: the signing keys, per From domain and selector, with Generate...,
 * Import..., DNS Record... (the TXT record to publish, copyable) and Remove. The keys are the {@link DkimKeys} service's,
 * shared with the command line; nothing here is applied later, every button acts at once.
 */
public class DkimPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "com.bitfaster.mail.ui.dkimPreferencePage"; //$NON-NLS-1$
	private static final DateTimeFormatter CREATED = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
			.withZone(ZoneId.systemDefault());

	private TableViewer viewer;
	private Button record;
	private Button remove;

	public DkimPreferencePage() {
		setDescription(Messages.DkimPreferences_description);
		noDefaultAndApplyButton();
	}

	@Override
	public void init(IWorkbench workbench) {
		// nothing to read before the page is shown
	}

	static Optional<DkimKeys> keys() {
		return MailServices.find(DkimKeys.class);
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite body = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(body);
		viewer = new TableViewer(body, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		viewer.getTable().setHeaderVisible(true);
		viewer.getTable().setLinesVisible(true);
		column(Messages.DkimPreferences_domain, 140, DkimKey::domain);
		column(Messages.DkimPreferences_selector, 90, DkimKey::selector);
		column(Messages.DkimPreferences_algorithm, 80, DkimPreferencePage::algorithm);
		column(Messages.DkimPreferences_created, 150, k -> CREATED.format(k.created()));
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		GridDataFactory.fillDefaults().grab(true, true).hint(480, 200).applyTo(viewer.getControl());

		Composite buttons = new Composite(body, SWT.NONE);
		GridLayoutFactory.fillDefaults().applyTo(buttons);
		GridDataFactory.fillDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(buttons);
		button(buttons, Messages.DkimPreferences_generate, this::generate);
		button(buttons, Messages.DkimPreferences_import, this::importKey);
		record = button(buttons, Messages.DkimPreferences_record, this::showRecord);
		remove = button(buttons, Messages.DkimPreferences_remove, this::remove);
		viewer.addSelectionChangedListener(e -> updateButtons());
		viewer.addDoubleClickListener(e -> showRecord());

		Label note = new Label(body, SWT.WRAP);
		note.setText(Messages.DkimPreferences_note);
		GridDataFactory.fillDefaults().span(2, 1).hint(480, SWT.DEFAULT).applyTo(note);
		refresh();
		if (keys().isEmpty()) {
			setErrorMessage(Messages.DkimPreferences_unavailable);
		}
		return body;
	}

	private void column(String title, int width, java.util.function.Function<DkimKey, String> text) {
		TableViewerColumn c = new TableViewerColumn(viewer, SWT.NONE);
		c.getColumn().setText(title);
		c.getColumn().setWidth(width);
		c.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((DkimKey) element);
			}
		});
	}

	private static Button button(Composite parent, String text, Runnable action) {
		Button b = new Button(parent, SWT.PUSH);
		b.setText(text);
		GridDataFactory.fillDefaults().applyTo(b);
		b.addListener(SWT.Selection, e -> action.run());
		return b;
	}

	static String algorithm(DkimKey key) {
		return key.algorithm() == DkimKey.Algorithm.RSA_SHA256 ? "RSA 2048" : "Ed25519"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return the keys shown */
	public List<DkimKey> shown() {
		@SuppressWarnings("unchecked")
		List<DkimKey> input = (List<DkimKey>) viewer.getInput();
		return input;
	}

	private void refresh() {
		viewer.setInput(keys().map(DkimKeys::list).orElse(List.of()));
		updateButtons();
	}

	private void updateButtons() {
		boolean one = selected() != null;
		record.setEnabled(one);
		remove.setEnabled(one);
	}

	private DkimKey selected() {
		Object o = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
		return o instanceof DkimKey k ? k : null;
	}

	void generate() {
		DkimKeyDialog dialog = new DkimKeyDialog(getShell(), false);
		if (dialog.open() == Window.OK) {
			refresh();
			new DkimRecordDialog(getShell(), dialog.key()).open();
		}
	}

	void importKey() {
		DkimKeyDialog dialog = new DkimKeyDialog(getShell(), true);
		if (dialog.open() == Window.OK) {
			refresh();
			new DkimRecordDialog(getShell(), dialog.key()).open();
		}
	}

	void showRecord() {
		DkimKey k = selected();
		if (k != null) {
			new DkimRecordDialog(getShell(), k).open();
		}
	}

	void remove() {
		DkimKey k = selected();
		if (k == null || keys().isEmpty()) {
			return;
		}
		if (!MessageDialog.openConfirm(getShell(), Messages.DkimPreferences_removeTitle,
				NLS.bind(Messages.DkimPreferences_removeQuestion, k.domain(), k.selector()))) {
			return;
		}
		try {
			keys().get().remove(k.domain(), k.selector());
		} catch (CoreException e) {
			MessageDialog.openError(getShell(), Messages.DkimPreferences_removeTitle, e.getMessage());
		}
		refresh();
	}
}
