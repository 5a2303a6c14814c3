package com.bitfaster.mail.campaign.ui.tests;

import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.campaign.ui.internal.CampaignEditor;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.preview.MessagePreview;

/** The editor's Template tab: subject and bodies, and the preview of the message a chosen recipient gets. */
final class TemplateTab extends CampaignEditorTab {

	private TemplateTab(CampaignEditor editor) {
		super(editor, "template"); //$NON-NLS-1$
	}

	static TemplateTab show(CampaignEditor editor) {
		return new TemplateTab(editor);
	}

	/** @return how many recipients the preview offers */
	int offeredCount() {
		return recipient().getItemCount();
	}

	/** Chooses the recipient at {@code index} of those offered for the preview. */
	void previewRecipient(int index) {
		Widgets.select(recipient(), index);
	}

	/** @return the previewed recipient's address, as the choice shows it */
	String previewAddress() {
		return recipient().getText();
	}

	String previewSubject() {
		return text("previewSubject"); //$NON-NLS-1$
	}

	/** @return the text part of the previewed message, as sent */
	String previewText() {
		return preview().textPart();
	}

	/** @return the HTML part of the previewed message, as sent (the preview renders it cleaned) */
	String previewHtml() {
		return preview().htmlPart();
	}

	MessagePreview preview() {
		return field("preview"); //$NON-NLS-1$
	}

	/** @return what the preview says instead of a message, or "" */
	String previewProblem() {
		return label("previewProblem"); //$NON-NLS-1$
	}

	private String text(String key) {
		return this.<Text> field(key).getText();
	}

	private Combo recipient() {
		return field("previewRecipient"); //$NON-NLS-1$
	}
}
