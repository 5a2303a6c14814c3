package com.bitfaster.mail.campaign.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.Throttle;

/** File &gt; New Campaign...: asks where to keep the campaign file, writes an empty one there and opens it. */
public class NewCampaignHandler extends AbstractHandler {

	public static final String COMMAND_ID = "com.bitfaster.mail.campaign.ui.commands.newCampaign"; //$NON-NLS-1$

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		Shell shell = HandlerUtil.getActiveShellChecked(event);
		Optional<Path> chosen = FileChooser.current().choose(shell, true, new String[] { "*" + CampaignFile.EXTENSION }, //$NON-NLS-1$
				"new" + CampaignFile.EXTENSION); //$NON-NLS-1$
		if (chosen.isEmpty()) {
			return null;
		}
		Path file = chosen.get();
		String fileName = file.getFileName().toString();
		if (!fileName.endsWith(".json")) { //$NON-NLS-1$
			file = file.resolveSibling(fileName + CampaignFile.EXTENSION);
		}
		String name = file.getFileName().toString().replaceFirst("(\\.campaign)?\\.json$", ""); //$NON-NLS-1$ //$NON-NLS-2$
		try {
			CampaignFile.create(file, new CampaignFile.Contents(name, "", "", "", "", "", "", "", java.util.List.of(), "", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
					Throttle.NONE));
			CampaignEditor.open(HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage(), file);
		} catch (IOException | PartInitException e) {
			MessageDialog.openError(shell, Messages.Editor_openFailed, NLS.bind(Messages.Editor_saveFailed, file, e.getMessage()));
		}
		return null;
	}
}
