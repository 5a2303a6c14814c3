package com.bitfaster.mail.campaign.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.forms.editor.FormEditor;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignLedger;
import com.bitfaster.mail.campaign.CampaignLock;
import com.bitfaster.mail.campaign.CampaignFileException;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.ui.FindingsDialog;
import com.bitfaster.mail.ui.MailServices;

/**
 * Edits a campaign file: the campaign (name, From, List-Unsubscribe, servers, throttles, sending), its recipients
 * (list and check), its template (subject, bodies, preview for a recipient) and its pre-flight check. Saving writes
 * the file atomically; Run saves first, is refused while the campaign has a problem, and runs the pre-flight check:
 * a finding that blocks asks before sending.
 */
public class CampaignEditor extends FormEditor {

	public static final String ID = "com.bitfaster.mail.campaign.ui.editor"; //$NON-NLS-1$
	/** F1 anywhere in the editor opens the user guide's page for it (contexts.xml in com.bitfaster.mail.doc). */
	public static final String HELP_CONTEXT_ID = "com.bitfaster.mail.campaign.ui.campaign_editor"; //$NON-NLS-1$

	private CampaignModel model;
	private CheckPage checkPage;
	/** The last pre-flight check's report; {@code null} before the first. */
	private PreflightReport lastCheck;
	private final Runnable dirtyUpdater = () -> firePropertyChange(PROP_DIRTY);

	/** Opens the campaign file in its editor (or activates the editor that has it). */
	public static CampaignEditor open(IWorkbenchPage page, Path file) throws PartInitException {
		return (CampaignEditor) page.openEditor(new CampaignEditorInput(file), ID);
	}

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		if (!(input instanceof CampaignEditorInput campaignInput)) {
			throw new PartInitException(Messages.Editor_wrongInput);
		}
		super.init(site, input);
		CampaignFile.Contents contents;
		try {
			contents = java.nio.file.Files.exists(campaignInput.file()) ? CampaignFile.read(campaignInput.file())
					: CampaignFile.Contents.EMPTY;
		} catch (CampaignFileException e) {
			throw new PartInitException(e.getMessage(), e);
		}
		try {
			model = new CampaignModel(campaignInput.file(), contents, MailServices.registry());
		} catch (IllegalStateException e) {
			throw new PartInitException(e.getMessage(), e);
		}
		model.addListener(dirtyUpdater);
		model.addListener(this::updateTitle);
		updateTitle();
		model.checkList();
	}

	@Override
	protected void addPages() {
		try {
			addPage(new CampaignPage(this, model));
			addPage(new RecipientsPage(this, model));
			addPage(new TemplatePage(this, model));
			checkPage = new CheckPage(this, model);
			addPage(checkPage);
		} catch (PartInitException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Editor_openFailed, e.getMessage());
		}
		// SWT sends F1 to the focused control and then up its parents: one listener on the pages' folder serves all.
		PlatformUI.getWorkbench().getHelpSystem().setHelp(getContainer(), HELP_CONTEXT_ID);
	}

	public CampaignModel model() {
		return model;
	}

	@Override
	public boolean isDirty() {
		return model != null && model.isDirty();
	}

	/** Saves the file, also while it has problems: a draft may be incomplete, only running it needs it complete. */
	@Override
	public void doSave(IProgressMonitor monitor) {
		try {
			model.save();
			firePropertyChange(PROP_DIRTY);
		} catch (IOException e) {
			monitor.setCanceled(true);
			MessageDialog.openError(getSite().getShell(), Messages.Editor_saveFailedTitle,
					NLS.bind(Messages.Editor_saveFailed, model.file(), e.getMessage()));
		}
	}

	@Override
	public void doSaveAs() {
		// Not supported: the file was chosen when the campaign was created.
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}

	/**
	 * Saves and starts sending: to recipients with nothing recorded ({@link CampaignRunner.Mode#PENDING}, a first run
	 * or a resume) or to the failed ones.
	 *
	 * @return the job, or {@code null} when the campaign cannot run (the reason is shown)
	 */
	public CampaignJob run(CampaignRunner.Mode mode) {
		model.recheck();
		Map<Object, String> problems = model.problems();
		if (!problems.isEmpty()) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle,
					NLS.bind(Messages.Run_refused, problems.values().iterator().next()));
			return null;
		}
		if (isDirty()) {
			doSave(new org.eclipse.core.runtime.NullProgressMonitor());
			if (isDirty()) {
				return null;
			}
		}
		Campaign campaign;
		try {
			campaign = CampaignFile.toCampaign(model.file(), model.contents(), model.registry());
		} catch (CampaignFileException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle, e.getMessage());
			return null;
		}
		if (mode == CampaignRunner.Mode.PENDING && !passesCheck(campaign)) {
			return null;
		}
		if (!mayRun()) {
			return null;
		}
		CampaignJob job;
		try {
			job = CampaignRuns.get().start(model.file(), campaign, mode);
		} catch (IllegalStateException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle, e.getMessage());
			return null;
		}
		try {
			getSite().getPage().showView(CampaignProgressView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
		} catch (PartInitException e) {
			// The job runs anyway; the workbench's Progress view shows it too.
		}
		return job;
	}

	/**
	 * Runs the pre-flight check of the saved campaign and shows it on the Check page.
	 *
	 * @return the report, or {@code null} when the campaign has a problem or the check was cancelled
	 */
	public PreflightReport check() {
		model.recheck();
		Campaign campaign;
		try {
			campaign = CampaignFile.toCampaign(model.file(), model.contents(), model.registry());
		} catch (CampaignFileException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle, e.getMessage());
			return null;
		}
		return check(campaign);
	}

	private PreflightReport check(Campaign campaign) {
		java.util.Optional<PreflightCheck> service = MailServices.find(PreflightCheck.class);
		if (service.isEmpty()) {
			return null;
		}
		PreflightReport report = FindingsDialog.run(getSite().getShell(),
				monitor -> service.get().check(campaign, PreflightCheck.Area.all(), monitor)).orElse(null);
		if (report != null) {
			lastCheck = report;
			checkPage.show(report);
		}
		return report;
	}

	/**
	 * The check before Run: when a finding blocks, shows the Check page and asks whether to send anyway ("Don't
	 * Send" the default).
	 *
	 * @return whether the run may start
	 */
	private boolean passesCheck(Campaign campaign) {
		PreflightReport report = check(campaign);
		if (report == null) {
			return MailServices.find(PreflightCheck.class).isEmpty(); // cancelled: no run; no check service: run
		}
		if (!report.blocks()) {
			return true;
		}
		setActivePage(CheckPage.ID);
		return confirmBlocked.test(report);
	}

	/** How a blocking check is confirmed: the dialog; tests answer instead. */
	private java.util.function.Predicate<PreflightReport> confirmBlocked = r -> FindingsDialog
			.askToSendAnyway(getSite().getShell(), r);

	/** Tests: answers "send anyway?" instead of the dialog. */
	public void answerBlockedCheck(java.util.function.Predicate<PreflightReport> answer) {
		confirmBlocked = answer;
	}

	/** @return the last pre-flight check's report; {@code null} before the first */
	public PreflightReport lastCheck() {
		return lastCheck;
	}

	/**
	 * Says before the start what the run itself would refuse: another run (the command line, another workbench) holds
	 * the campaign's lock, or the ledger beside the file belongs to another campaign (then offers to start fresh, the
	 * old ledger kept aside).
	 */
	private boolean mayRun() {
		Path ledgerFile = CampaignFile.ledgerFile(model.file());
		try {
			java.util.Optional<CampaignLock.Holder> holder = CampaignLock.holder(ledgerFile);
			// A run of this workbench is shown in the progress view; the job's own rule keeps it to one.
			boolean ours = CampaignRuns.get().find(model.file()).map(j -> j.getState() != org.eclipse.core.runtime.jobs.Job.NONE).orElse(false);
			if (holder.isPresent() && !ours) {
				MessageDialog.openError(getSite().getShell(), Messages.Run_lockedTitle, NLS.bind(Messages.Run_locked,
						new Object[] { Long.toString(holder.get().pid()), holder.get().host(),
								holder.get().since() == null ? "?" : java.time.format.DateTimeFormatter //$NON-NLS-1$
										.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM)
										.withZone(java.time.ZoneId.systemDefault()).format(holder.get().since()) }));
				return false;
			}
			String ledgerId = CampaignLedger.campaignIdOf(ledgerFile);
			String fileId = CampaignFile.readId(model.file());
			if (ledgerId != null && fileId != null && !ledgerId.equals(fileId)) {
				if (!MessageDialog.openQuestion(getSite().getShell(), Messages.Run_otherCampaignTitle,
						NLS.bind(Messages.Run_otherCampaign, ledgerFile.getFileName()))) {
					return false;
				}
				Path aside = CampaignLedger.startFresh(ledgerFile);
				MessageDialog.openInformation(getSite().getShell(), Messages.Run_otherCampaignTitle,
						NLS.bind(Messages.Run_keptAside, aside));
			}
			return true;
		} catch (java.io.IOException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Run_refusedTitle, e.getMessage());
			return false;
		}
	}

	/** Shows the campaign's outcomes in the Campaign Report view. */
	public void showReport() {
		try {
			CampaignReportView view = (CampaignReportView) getSite().getPage().showView(CampaignReportView.ID);
			view.show(model.file());
		} catch (PartInitException e) {
			MessageDialog.openError(getSite().getShell(), Messages.Editor_openFailed, e.getMessage());
		}
	}

	private void updateTitle() {
		String name = model.get(CampaignModel.Field.NAME);
		setPartName(name.isBlank() ? model.file().getFileName().toString() : name);
		setTitleToolTip(model.file().toString());
	}

	@Override
	public void dispose() {
		if (model != null) {
			model.removeListener(dirtyUpdater);
		}
		super.dispose();
	}
}
