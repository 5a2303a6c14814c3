package com.bitfaster.mail.ui.internal.start;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.forms.events.HyperlinkAdapter;
import org.eclipse.ui.forms.events.HyperlinkEvent;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.Hyperlink;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.EditorPart;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.StartPageSection;
import com.bitfaster.mail.ui.WorkbenchStarted;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/**
 * The start page in the editor area when nothing else is open: the servers and their state, and the first steps as
 * links to their commands (a step whose command is not installed, such as campaigns, is left out), and the sections
 * other plug-ins contribute ({@code startPageSections}: the last campaigns, the local server's newest mail). It is
 * built empty and filled after it shows, the contributed sections by a job once the workbench has started, so it never
 * delays start-up.
 */
public class StartPage extends EditorPart {

	public static final String ID = "com.bitfaster.mail.ui.startPage"; //$NON-NLS-1$
	/** Key of {@code getData} on a first step's link: the command it runs. */
	public static final String COMMAND_KEY = ServerSettingsForm.FIELD_KEY;

	/** First steps: command id and link text, in the order a new user takes them. */
	private static final String[][] STEPS = {
			{ "com.bitfaster.mail.ui.commands.sendTestMessage", Messages.Start_sendTest }, //$NON-NLS-1$
			{ "com.bitfaster.mail.ui.commands.newMail", Messages.Start_newMail }, //$NON-NLS-1$
			{ "com.bitfaster.mail.ui.commands.newServerFromAddress", Messages.Start_newServerFromAddress }, //$NON-NLS-1$
			{ "com.bitfaster.mail.ui.commands.newServer", Messages.Start_newServer }, //$NON-NLS-1$
			{ "com.bitfaster.mail.campaign.ui.commands.newCampaign", Messages.Start_newCampaign }, //$NON-NLS-1$
			{ "com.bitfaster.mail.campaign.ui.commands.openCampaign", Messages.Start_openCampaign } }; //$NON-NLS-1$

	private FormToolkit toolkit;
	private ScrolledForm form;
	private Composite servers;
	private Composite steps;
	private final List<String> serverLines = new ArrayList<>();
	private final Map<String, Hyperlink> links = new LinkedHashMap<>();
	private boolean filled;
	/** The sections other plug-ins contribute, in order, and the lines each shows once read. */
	private final List<ContributedSection> contributed = new ArrayList<>();
	private Hyperlink overviewLink;
	private final ServerRegistryListener registryListener = (kind, server) -> refreshLater();

	/** Opens the start page in {@code page} (or brings it up). */
	public static StartPage open(IWorkbenchPage page) throws PartInitException {
		return (StartPage) page.openEditor(StartPageInput.INSTANCE, ID, true);
	}

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		setSite(site);
		setInput(input);
		setPartName(Messages.Start_title);
	}

	@Override
	public void createPartControl(Composite parent) {
		toolkit = new FormToolkit(parent.getDisplay());
		form = toolkit.createScrolledForm(parent);
		form.setText(Messages.Start_heading);
		toolkit.decorateFormHeading(form.getForm());
		Composite body = form.getBody();
		GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).margins(12, 12).spacing(16, 8).applyTo(body);
		servers = section(body, Messages.Start_servers, Messages.Start_serversDescription);
		steps = section(body, Messages.Start_firstSteps, Messages.Start_firstStepsDescription);
		toolkit.createLabel(servers, Messages.Start_loading);
		// Titled now from plugin.xml (no class loaded); filled by a job once the workbench has started.
		for (IConfigurationElement element : ContributedSection.elements()) {
			ContributedSection section = new ContributedSection(element,
					section(body, element.getAttribute("title"), element.getAttribute("description"))); //$NON-NLS-1$ //$NON-NLS-2$
			toolkit.createLabel(section.client, Messages.Start_loading);
			contributed.add(section);
		}
		// Filled once the window has shown: the registry is read after the events that paint it.
		parent.getDisplay().asyncExec(this::fill);
	}

	private Composite section(Composite parent, String title, String description) {
		Section section = toolkit.createSection(parent,
				Section.TITLE_BAR | (description == null || description.isEmpty() ? 0 : Section.DESCRIPTION));
		section.setText(title == null ? "" : title); //$NON-NLS-1$
		if (description != null && !description.isEmpty()) {
			section.setDescription(description);
		}
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.BEGINNING).applyTo(section);
		Composite client = toolkit.createComposite(section);
		GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(client);
		section.setClient(client);
		return client;
	}

	private void fill() {
		if (form == null || form.isDisposed()) {
			return;
		}
		if (!filled) {
			filled = true;
			MailServices.find(ServerRegistry.class).ifPresent(r -> r.addListener(registryListener));
			ICommandService commands = getSite().getService(ICommandService.class);
			for (String[] step : STEPS) {
				Command command = commands.getCommand(step[0]);
				if (command.isDefined()) {
					Hyperlink link = toolkit.createHyperlink(steps, step[1], SWT.WRAP);
					link.setData(COMMAND_KEY, step[0]);
					link.addHyperlinkListener(new HyperlinkAdapter() {
						@Override
						public void linkActivated(HyperlinkEvent e) {
							run(step[0]);
						}
					});
					links.put(step[0], link);
				}
			}
			if (!contributed.isEmpty()) {
				WorkbenchStarted.whenStarted(form.getDisplay(), this::loadSections);
			}
		}
		for (Control child : servers.getChildren()) {
			child.dispose();
		}
		serverLines.clear();
		List<MailServer> all = MailServices.find(ServerRegistry.class).map(ServerRegistry::servers).orElse(List.of());
		if (all.isEmpty()) {
			serverLines.add(Messages.Start_noServers);
		}
		java.time.Instant now = java.time.Instant.now();
		for (MailServer server : all) {
			serverLines.add(NLS.bind(Messages.Start_serverLine, new Object[] { server.name(), server.address(),
					server.isActiveAt(now) ? Messages.Start_active : Messages.Start_inactive }));
		}
		for (String line : serverLines) {
			Label label = toolkit.createLabel(servers, line, SWT.WRAP);
			GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(label);
		}
		overviewLink = toolkit.createHyperlink(servers, Messages.Start_serversOverview, SWT.WRAP);
		overviewLink.addHyperlinkListener(new HyperlinkAdapter() {
			@Override
			public void linkActivated(HyperlinkEvent e) {
				openServersOverview();
			}
		});
		// The sections' clients changed size: lay out from the sections up, then let the form measure again.
		servers.getParent().layout(true, true);
		steps.getParent().layout(true, true);
		form.getBody().layout(true, true);
		form.reflow(true);
	}

	/** Reads the contributed sections in a job and shows their entries as links. */
	private void loadSections() {
		if (form == null || form.isDisposed()) {
			return;
		}
		org.eclipse.core.runtime.jobs.Job job = org.eclipse.core.runtime.jobs.Job.create(Messages.Start_loadingJob,
				monitor -> {
					for (ContributedSection section : contributed) {
						section.load(monitor);
						if (!form.isDisposed()) {
							form.getDisplay().asyncExec(() -> show(section));
						}
					}
				});
		job.setSystem(true);
		job.schedule();
	}

	private void show(ContributedSection section) {
		if (form == null || form.isDisposed()) {
			return;
		}
		for (Control child : section.client.getChildren()) {
			child.dispose();
		}
		if (section.problem != null) {
			Label label = toolkit.createLabel(section.client, section.problem, SWT.WRAP);
			GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(label);
		} else if (section.entries.isEmpty()) {
			toolkit.createLabel(section.client, section.emptyText(), SWT.WRAP);
		}
		for (StartPageSection.Entry entry : section.entries) {
			Composite line = toolkit.createComposite(section.client);
			GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 0).applyTo(line);
			GridDataFactory.fillDefaults().grab(true, false).applyTo(line);
			Hyperlink link = toolkit.createHyperlink(line, entry.text(), SWT.NONE);
			link.addHyperlinkListener(new HyperlinkAdapter() {
				@Override
				public void linkActivated(HyperlinkEvent e) {
					entry.open().accept(getSite().getPage());
				}
			});
			Label detail = toolkit.createLabel(line, entry.detail(), SWT.WRAP);
			GridDataFactory.fillDefaults().grab(true, false).hint(150, SWT.DEFAULT).applyTo(detail);
		}
		section.shown = true;
		section.client.getParent().layout(true, true);
		form.getBody().layout(true, true);
		form.reflow(true);
	}

	/** Opens (or brings up) the Servers overview. */
	public void openServersOverview() {
		try {
			getSite().getPage().showView(com.bitfaster.mail.ui.internal.overview.ServersOverviewView.ID);
		} catch (PartInitException e) {
			form.setMessage(NLS.bind(Messages.Start_stepFailed, e.getMessage()), org.eclipse.jface.dialogs.IMessageProvider.ERROR);
		}
	}

	/** @return the lines a contributed section shows once read (link text, two spaces, detail); empty before */
	public List<String> sectionLines(String sectionId) {
		return contributed.stream().filter(c -> c.id.equals(sectionId) && c.shown).findFirst()
				.map(c -> c.entries.stream().map(e -> e.text() + "  " + e.detail()).toList()).orElse(List.of()); //$NON-NLS-1$
	}

	/** @return whether a contributed section has been read and shown */
	public boolean isSectionShown(String sectionId) {
		return contributed.stream().anyMatch(c -> c.id.equals(sectionId) && c.shown);
	}

	/** Follows a contributed section's link, as a click does. */
	public void openSectionEntry(String sectionId, int index) {
		contributed.stream().filter(c -> c.id.equals(sectionId)).findFirst()
				.ifPresent(c -> c.entries.get(index).open().accept(getSite().getPage()));
	}

	private void refreshLater() {
		if (form != null && !form.isDisposed()) {
			form.getDisplay().asyncExec(this::fill);
		}
	}

	/** Runs a first step's command, as its link does. */
	public void run(String commandId) {
		try {
			getSite().getService(IHandlerService.class).executeCommand(commandId, null);
		} catch (Exception e) {
			form.setMessage(NLS.bind(Messages.Start_stepFailed, e.getMessage()), org.eclipse.jface.dialogs.IMessageProvider.ERROR);
		}
	}

	/** @return whether the page was filled in */
	public boolean isFilled() {
		return filled;
	}

	/** @return the servers lines as shown */
	public List<String> serverLines() {
		return List.copyOf(serverLines);
	}

	/** @return the commands of the first steps' links, in order */
	public List<String> stepCommands() {
		return List.copyOf(links.keySet());
	}

	@Override
	public void setFocus() {
		form.setFocus();
	}

	@Override
	public void dispose() {
		MailServices.find(ServerRegistry.class).ifPresent(r -> r.removeListener(registryListener));
		if (toolkit != null) {
			toolkit.dispose();
		}
		super.dispose();
	}

	@Override
	public void doSave(IProgressMonitor monitor) {
		// Nothing to save.
	}

	@Override
	public void doSaveAs() {
		// Nothing to save.
	}

	@Override
	public boolean isDirty() {
		return false;
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}
}
