package com.bitfaster.mail.ui.internal.navigator;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.jface.viewers.DoubleClickEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.navigator.CommonNavigator;

import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.handlers.CommandIds;

/** The server navigator: a Common Navigator with a filter box; double-click opens a server's editor. */
public class ServerNavigator extends CommonNavigator {

	public static final String ID = "com.bitfaster.mail.ui.navigator"; //$NON-NLS-1$
	/** Key bindings that act on the selected servers. */
	public static final String CONTEXT_ID = "com.bitfaster.mail.ui.navigatorContext"; //$NON-NLS-1$

	private final ServerFilter filter = new ServerFilter();
	private Text filterText;

	@Override
	public void createPartControl(Composite parent) {
		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		layout.verticalSpacing = 2;
		parent.setLayout(layout);
		filterText = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL | SWT.BORDER);
		filterText.setMessage(Messages.Navigator_filter);
		filterText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Composite treeArea = new Composite(parent, SWT.NONE);
		treeArea.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		treeArea.setLayout(new FillLayout());
		super.createPartControl(treeArea);
		getCommonViewer().addFilter(filter);
		filterText.addModifyListener(e -> {
			filter.setText(filterText.getText());
			getCommonViewer().refresh(false);
			getCommonViewer().expandToLevel(2);
		});
		getCommonViewer().expandToLevel(2);
		getSite().getService(IContextService.class).activateContext(CONTEXT_ID);
	}

	@Override
	protected Object getInitialInput() {
		return ServersRoot.INSTANCE;
	}

	@Override
	protected void handleDoubleClick(DoubleClickEvent event) {
		Object first = ((IStructuredSelection) event.getSelection()).getFirstElement();
		if (!(first instanceof ServerNode)) {
			super.handleDoubleClick(event);
			return;
		}
		try {
			getSite().getService(IHandlerService.class).executeCommand(CommandIds.OPEN, null);
		} catch (ExecutionException | NotDefinedException | NotEnabledException | NotHandledException e) {
			Errors.show(getSite().getShell(), Messages.Navigator_openFailed, e.getMessage(), e);
		}
	}
}
