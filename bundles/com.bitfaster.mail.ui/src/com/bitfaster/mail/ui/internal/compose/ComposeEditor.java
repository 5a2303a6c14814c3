package com.bitfaster.mail.ui.internal.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.databinding.swt.DisplayRealm;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.ISaveablePart2;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.forms.editor.FormEditor;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.preflight.Draft;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.ui.FindingsDialog;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.internal.compose.ComposeModel.State;
import com.bitfaster.mail.ui.preview.MessagePreview;

/**
 * Writes one mail and sends it through a chosen active server, as a job. Nothing is saved: closing a mail that was not
 * sent asks first. When sending fails for a recipient the mail stays open with what was written, and the failure is
 * shown in the form header and in a dialog.
 */
public class ComposeEditor extends FormEditor implements ISaveablePart2 {

	public static final String ID = "com.bitfaster.mail.ui.composeEditor"; //$NON-NLS-1$

	/** What the last send said, for the form header. */
	public record Report(int type, String text, List<String> details) {
	}

	private ComposeModel model;
	private ServerRegistry registry;
	private Report report;
	private SendMailJob.Outcome lastOutcome;
	private final ServerRegistryListener registryListener = this::serverChanged;
	private PreflightReport lastCheck;
	private MessagePreview preview;
	/** The index of the Preview tab, after the form. */
	public static final int PREVIEW_PAGE = 1;

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		if (!(input instanceof ComposeEditorInput composeInput)) {
			throw new PartInitException(Messages.Compose_wrongInput);
		}
		super.init(site, input);
		registry = MailServices.registry();
		model = new ComposeModel(DisplayRealm.getRealm(site.getShell().getDisplay()), registry,
				composeInput.serverId());
		model.addListener(() -> {
			firePropertyChange(IEditorPart.PROP_DIRTY);
			updateTitle();
		});
		registry.addListener(registryListener);
		updateTitle();
	}

	@Override
	protected void addPages() {
		try {
			addPage(new ComposeFormPage(this, model));
			preview = new MessagePreview(getContainer(), SWT.NONE);
			setPageText(addPage(preview), Messages.Compose_previewTab);
			setPageText(0, Messages.Compose_writeTab);
			model.addListener(this::updatePreview);
		} catch (PartInitException e) {
			Errors.show(getSite().getShell(), Messages.Compose_title, e.getMessage(), e);
		}
	}

	@Override
	protected void pageChange(int newPageIndex) {
		super.pageChange(newPageIndex);
		updatePreview();
	}

	/** The preview follows the mail while it shows; it is rendered again only when the bodies changed. */
	private void updatePreview() {
		if (preview != null && !preview.isDisposed() && getActivePage() == PREVIEW_PAGE) {
			preview.setDraft(model.subject.getValue(), model.text.getValue(), model.html.getValue());
		}
	}

	/** Shows the Preview tab ({@code true}) or the form. */
	public void showPreview(boolean show) {
		setActivePage(show ? PREVIEW_PAGE : 0);
	}

	/** @return the Preview tab's widget */
	public MessagePreview preview() {
		return preview;
	}

	public ComposeModel model() {
		return model;
	}

	public ComposeFormPage formPage() {
		return (ComposeFormPage) pages.get(0);
	}

	/** @return what the last send said; {@code null} before the first */
	public Report report() {
		return report;
	}

	/** @return how the last send ended; {@code null} before the first */
	public SendMailJob.Outcome lastOutcome() {
		return lastOutcome;
	}

	/**
	 * Runs the pre-flight check for this mail (the From domain's DNS with the server as relay, the message, spamd's
	 * score) with a progress dialog, and shows the findings.
	 *
	 * @return the report, or {@code null} when the mail is not complete or the check was cancelled
	 */
	public PreflightReport check() {
		PreflightReport r = runCheck();
		if (r != null) {
			FindingsDialog.show(getSite().getShell(), r);
		}
		return r;
	}

	/** Runs the check with a progress dialog, without showing the findings; see {@link #check()}. */
	public PreflightReport runCheck() {
		if (!model.canSend()) {
			return null;
		}
		MailDraft mail = model.draft();
		Draft draft = new Draft(mail.from(), "", mail.subject(), mail.text(), mail.html(), "", //$NON-NLS-1$ //$NON-NLS-2$
				List.of(mail.server().host()));
		Optional<PreflightCheck> service = MailServices.find(PreflightCheck.class);
		if (service.isEmpty()) {
			return null;
		}
		Optional<PreflightReport> report = FindingsDialog.run(getSite().getShell(),
				monitor -> service.get().checkDraft(draft, PreflightCheck.Area.all(), monitor));
		report.ifPresent(r -> lastCheck = r);
		return report.orElse(null);
	}

	/** @return the last check's report; {@code null} before the first */
	public PreflightReport lastCheck() {
		return lastCheck;
	}

	/** Sends the mail in the background, when it can be sent. */
	public void send() {
		if (!model.canSend()) {
			return;
		}
		MailDraft draft = model.draft();
		report = new Report(IMessageProvider.INFORMATION, NLS.bind(Messages.Compose_sending, draft.server().name()),
				List.of());
		model.setState(State.SENDING);
		new SendMailJob(draft, this::sendDone).schedule();
	}

	private void sendDone(SendMailJob.Outcome outcome) {
		boolean open = model != null && getContainer() != null && !getContainer().isDisposed();
		lastOutcome = outcome;
		SendResult result = outcome.result();
		String server = outcome.draft().server().name();
		if (outcome.sent()) {
			RecipientOutcome first = result.outcomes().get(0);
			String sent = NLS.bind(Messages.Compose_sent, new Object[] { result.outcomes().size(), server, reply(first) });
			List<String> lines = lines(result);
			if (!outcome.suppressed().isEmpty()) {
				sent += " \u00b7 " + NLS.bind(Messages.Compose_suppressed, String.join(", ", outcome.suppressed())); //$NON-NLS-1$ //$NON-NLS-2$
				outcome.suppressed().forEach(a -> lines.add(NLS.bind(Messages.Compose_suppressedLine, a)));
			}
			report = new Report(outcome.suppressed().isEmpty() ? IMessageProvider.INFORMATION : IMessageProvider.WARNING,
					sent, lines);
			if (open) {
				model.setState(State.SENT);
			}
			return;
		}
		List<String> details = result == null ? List.of() : lines(result);
		String text;
		if (result == null) {
			text = NLS.bind(Messages.Compose_notSent, outcome.problem());
		} else {
			List<RecipientOutcome> failed = result.outcomes().stream()
					.filter(o -> o.status() != RecipientOutcome.Status.ACCEPTED).toList();
			String first = failed.isEmpty() ? result.message() : line(failed.get(0));
			text = NLS.bind(Messages.Compose_partlySent,
					new Object[] { failed.size(), result.outcomes().size(), first });
		}
		report = new Report(IMessageProvider.ERROR, text, details);
		Shell shell = null;
		if (open) {
			model.setState(State.EDITING);
			shell = getSite().getShell();
		} else if (PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null) {
			// Closed while sending: the failure is still reported.
			shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		}
		UserPrompts.current().warn(shell, Messages.Compose_failedTitle, text, details);
	}

	private static List<String> lines(SendResult result) {
		List<String> lines = new ArrayList<>();
		for (RecipientOutcome o : result.outcomes()) {
			lines.add(line(o));
		}
		return lines;
	}

	private static String line(RecipientOutcome o) {
		return NLS.bind(Messages.Compose_outcome, new Object[] { o.address(),
				o.status().name().toLowerCase(Locale.ROOT), reply(o) });
	}

	private static String reply(RecipientOutcome o) {
		String code = Integer.toString(o.code());
		// Servers' replies often start with their code already.
		return o.code() == 0 || o.reply().startsWith(code) ? o.reply() : code + ' ' + o.reply();
	}

	@Override
	public boolean isDirty() {
		return model.hasContent();
	}

	@Override
	public void doSave(IProgressMonitor monitor) {
		// A mail is sent, not saved: a cancelled monitor keeps the editor open.
		monitor.setCanceled(true);
	}

	@Override
	public void doSaveAs() {
		// Not supported.
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}

	@Override
	public int promptToSaveOnClose() {
		if (!model.hasContent()) {
			return NO;
		}
		String question = model.state() == State.SENDING ? Messages.Compose_closeWhileSending : Messages.Compose_discard;
		return UserPrompts.current().confirm(getSite().getShell(), Messages.Compose_discardTitle, question) ? NO
				: CANCEL;
	}

	private void updateTitle() {
		String subject = model.subject.getValue().strip();
		String name = subject.isEmpty() || subject.length() > 60 || model.problem(ComposeModel.Field.SUBJECT).isPresent()
				? Messages.Compose_title : subject;
		if (!name.equals(getPartName())) {
			setPartName(name);
		}
	}

	private void serverChanged(ServerRegistryListener.Kind kind, MailServer server) {
		Display display = getSite().getShell().getDisplay();
		display.asyncExec(() -> {
			if (model != null && getContainer() != null && !getContainer().isDisposed()) {
				model.serversChanged();
			}
		});
	}

	@Override
	public void dispose() {
		if (registry != null) {
			registry.removeListener(registryListener);
		}
		super.dispose();
	}
}
