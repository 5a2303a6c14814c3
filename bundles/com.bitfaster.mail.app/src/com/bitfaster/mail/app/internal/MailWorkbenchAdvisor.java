package com.bitfaster.mail.app.internal;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.commands.ICommandService;

/** Opens the Mail perspective and remembers the window layout between runs. */
public class MailWorkbenchAdvisor extends WorkbenchAdvisor {

	@Override
	public void initialize(IWorkbenchConfigurer configurer) {
		super.initialize(configurer);
		configurer.setSaveAndRestore(true);
		ModelPrefetch.start();
	}

	@Override
	public void postStartup() {
		super.postStartup();
		AfterWindow.schedule(getWorkbenchConfigurer().getWorkbench());
		PlatformUI.getWorkbench().getService(ICommandService.class).addExecutionListener(new UpdateSite());
	}

	@Override
	public String getInitialWindowPerspectiveId() {
		return MailPerspective.ID;
	}

	@Override
	public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		return new MailWindowAdvisor(configurer);
	}
}
