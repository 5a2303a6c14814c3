package com.bitfaster.mail.ui.internal.start;

import org.eclipse.core.runtime.ILog;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

/**
 * Shows the start page once the workbench window is up, and again whenever the last editor closes; another editor
 * opening closes it. {@code -Dbitfaster.startpage=false} turns this off (UI tests that count editors run so).
 */
public class StartPageStartup implements IStartup {

	static final String ENABLED_PROPERTY = "bitfaster.startpage"; //$NON-NLS-1$

	@Override
	public void earlyStartup() {
		IWorkbench workbench = PlatformUI.getWorkbench();
		workbench.getDisplay().asyncExec(() -> {
			for (IWorkbenchWindow window : workbench.getWorkbenchWindows()) {
				IWorkbenchPage page = window.getActivePage();
				if (page != null) {
					follow(page);
				}
			}
		});
	}

	static boolean enabled() {
		return Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true")); //$NON-NLS-1$
	}

	/** Opens the start page in an empty editor area now and whenever the area becomes empty again. */
	public static void follow(IWorkbenchPage page) {
		showIfEmpty(page);
		page.addPartListener(new IPartListener2() {
			@Override
			public void partClosed(IWorkbenchPartReference ref) {
				if (ref instanceof IEditorReference && !page.getWorkbenchWindow().getWorkbench().isClosing()) {
					page.getWorkbenchWindow().getShell().getDisplay().asyncExec(() -> showIfEmpty(page));
				}
			}

			@Override
			public void partOpened(IWorkbenchPartReference ref) {
				if (ref instanceof IEditorReference editor && !StartPage.ID.equals(editor.getId())) {
					page.getWorkbenchWindow().getShell().getDisplay().asyncExec(() -> closeStartPage(page));
				}
			}
		});
	}

	private static void showIfEmpty(IWorkbenchPage page) {
		if (!enabled() || page.getWorkbenchWindow().getShell() == null || page.getEditorReferences().length > 0) {
			return;
		}
		try {
			StartPage.open(page);
		} catch (PartInitException e) {
			ILog.of(StartPageStartup.class).error(e.getMessage(), e);
		}
	}

	private static void closeStartPage(IWorkbenchPage page) {
		for (IEditorReference ref : page.getEditorReferences()) {
			if (StartPage.ID.equals(ref.getId())) {
				page.closeEditors(new IEditorReference[] { ref }, false);
			}
		}
	}
}
