package com.bitfaster.mail.campaign.ui.tests;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

import com.bitfaster.mail.campaign.ui.internal.CampaignProgressView;
import com.bitfaster.mail.tests.support.ui.Widgets;

/**
 * The Campaign Progress view as shown: a row per campaign, found by the campaign file the view names each row with,
 * and in it the bar, the status line and the buttons by their labels. The view has no accessors of its own for tests.
 */
final class CampaignProgressPage {

	/** A progress bar as drawn: how far it is filled, of how much. */
	record Bar(int selection, int maximum) {
	}

	private final Composite root;

	CampaignProgressPage(CampaignProgressView view) {
		this.root = Widgets.partControl(view);
	}

	/** @return the status line of the campaign in {@code file}, or empty while the view has no row for it */
	Optional<String> status(Path file) {
		return row(file).map(row -> Widgets.<Label> field(row, CampaignEditorTab.FIELD_KEY, "status").getText()); //$NON-NLS-1$
	}

	/** @return the progress bar of the campaign in {@code file} */
	Optional<Bar> bar(Path file) {
		return row(file).map(row -> Widgets.only(row, ProgressBar.class))
				.map(bar -> new Bar(bar.getSelection(), bar.getMaximum()));
	}

	/** Presses the campaign's Pause button. @return whether it was there and enabled, so it was pressed */
	boolean pause(Path file) {
		return press(file, "Pause"); //$NON-NLS-1$
	}

	/** Presses the campaign's Resume button. @return whether it was there and enabled, so it was pressed */
	boolean resume(Path file) {
		return press(file, "Resume"); //$NON-NLS-1$
	}

	private boolean press(Path file, String text) {
		Optional<Button> button = row(file).map(row -> Widgets.button(row, text));
		if (button.isEmpty() || !button.get().isEnabled()) {
			return false;
		}
		Widgets.press(button.get());
		return true;
	}

	private Optional<Composite> row(Path file) {
		return Widgets.find(root, CampaignProgressView.CAMPAIGN_KEY, file.toAbsolutePath().normalize().toString())
				.map(Composite.class::cast);
	}
}
