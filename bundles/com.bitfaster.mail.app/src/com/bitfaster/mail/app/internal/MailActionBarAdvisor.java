package com.bitfaster.mail.app.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The File, Edit, Window and Help menus with the standard workbench actions; bundles add their commands through
 * {@code org.eclipse.ui.menus} at the standard group markers.
 */
public class MailActionBarAdvisor extends ActionBarAdvisor {

	public MailActionBarAdvisor(IActionBarConfigurer configurer) {
		super(configurer);
	}

	@Override
	protected void makeActions(IWorkbenchWindow window) {
		register(ActionFactory.SAVE.create(window));
		register(ActionFactory.SAVE_ALL.create(window));
		register(ActionFactory.CLOSE.create(window));
		register(ActionFactory.QUIT.create(window));
		register(ActionFactory.DELETE.create(window));
		register(ActionFactory.PROPERTIES.create(window));
		register(ActionFactory.PREFERENCES.create(window));
		register(ActionFactory.ABOUT.create(window));
		// Loads nothing of the help system until it runs (the help bundles stay off the start path).
		register(ActionFactory.HELP_CONTENTS.create(window));
		register(ActionFactory.RESET_PERSPECTIVE.create(window));
	}

	@Override
	protected void fillMenuBar(IMenuManager menuBar) {
		MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE); //$NON-NLS-1$
		file.add(new GroupMarker(IWorkbenchActionConstants.FILE_START));
		file.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
		file.add(new Separator());
		file.add(getAction(ActionFactory.CLOSE.getId()));
		file.add(getAction(ActionFactory.SAVE.getId()));
		file.add(getAction(ActionFactory.SAVE_ALL.getId()));
		file.add(new Separator(IWorkbenchActionConstants.IMPORT_EXT));
		file.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		file.add(new Separator());
		file.add(getAction(ActionFactory.PROPERTIES.getId()));
		file.add(new Separator());
		file.add(getAction(ActionFactory.QUIT.getId()));
		file.add(new GroupMarker(IWorkbenchActionConstants.FILE_END));
		menuBar.add(file);

		MenuManager edit = new MenuManager("&Edit", IWorkbenchActionConstants.M_EDIT); //$NON-NLS-1$
		edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_START));
		edit.add(getAction(ActionFactory.DELETE.getId()));
		edit.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_END));
		menuBar.add(edit);

		menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

		MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW); //$NON-NLS-1$
		// The perspective's view shortcuts (Local Mail, Servers Overview, the campaign views) and "Other...".
		MenuManager showView = new MenuManager("Show &View", "showView"); //$NON-NLS-1$ //$NON-NLS-2$
		showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(getActionBarConfigurer().getWindowConfigurer().getWindow()));
		window.add(showView);
		window.add(getAction(ActionFactory.RESET_PERSPECTIVE.getId()));
		window.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		window.add(getAction(ActionFactory.PREFERENCES.getId()));
		menuBar.add(window);

		MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP); //$NON-NLS-1$
		help.add(new GroupMarker(IWorkbenchActionConstants.HELP_START));
		help.add(getAction(ActionFactory.HELP_CONTENTS.getId()));
		help.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		help.add(getAction(ActionFactory.ABOUT.getId()));
		help.add(new GroupMarker(IWorkbenchActionConstants.HELP_END));
		menuBar.add(help);
	}
}
