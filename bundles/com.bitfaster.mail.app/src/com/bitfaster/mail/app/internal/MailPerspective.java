package com.bitfaster.mail.app.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The Mail perspective: the server navigator on the left ("In the tree view of your BitFaster page, on the left
 * side, click SMTP Servers"), editors in the middle with most of the window (at 1280x800 the server editor's
 * sections fit), the Local Mail view (every message the local server kept) in a low strip below, with places for
 * diagnostics and progress next to it.
 */
public class MailPerspective implements IPerspectiveFactory {

	public static final String ID = "com.bitfaster.mail.app.perspective"; //$NON-NLS-1$
	static final String NAVIGATOR_VIEW = "com.bitfaster.mail.ui.navigator"; //$NON-NLS-1$
	static final String INBOX_VIEW = "com.bitfaster.mail.localserver.ui.localMail"; //$NON-NLS-1$
	static final String DIAGNOSTICS_VIEW = "com.bitfaster.mail.ui.diagnostics"; //$NON-NLS-1$

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editorArea = layout.getEditorArea();
		IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.24f, editorArea); //$NON-NLS-1$
		left.addView(NAVIGATOR_VIEW);
		IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.78f, editorArea); //$NON-NLS-1$
		bottom.addView(INBOX_VIEW);
		bottom.addPlaceholder(DIAGNOSTICS_VIEW);
		bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);
		layout.addShowViewShortcut(INBOX_VIEW);
		layout.addShowViewShortcut(NAVIGATOR_VIEW);
		layout.addShowViewShortcut(DIAGNOSTICS_VIEW);
	}
}
