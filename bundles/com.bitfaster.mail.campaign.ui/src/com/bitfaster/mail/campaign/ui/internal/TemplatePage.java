package com.bitfaster.mail.campaign.ui.internal;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.widgets.Section;

import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.ui.preview.MessagePreview;

/**
 * Subject, text and HTML with merge fields, and a preview of the message one recipient gets (one of the first
 * {@value CampaignModel#PREVIEW_RECIPIENTS} of the list).
 */
class TemplatePage extends CampaignFormPage {

	private Combo recipient;
	private Text subject;
	private MessagePreview rendered;
	private Label problem;
	private List<Recipient> offered = List.of();

	TemplatePage(CampaignEditor editor, CampaignModel model) {
		super(editor, "template", Messages.Page_template, model); //$NON-NLS-1$
	}

	@Override
	protected void createContent(Composite body) {
		GridLayout layout = new GridLayout(2, true);
		layout.horizontalSpacing = 12;
		body.setLayout(layout);
		Section message = section(body, Messages.Section_message, Messages.Section_message_description);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(message);
		Composite m = (Composite) message.getClient();
		text(m, Messages.Field_subject, CampaignModel.Field.SUBJECT, SWT.SINGLE, 0);
		Text body1 = text(m, Messages.Field_text, CampaignModel.Field.TEXT, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL, 140);
		text(m, Messages.Field_html, CampaignModel.Field.HTML, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL, 140);
		showProblemsAt(CampaignModel.BODY, body1);

		Section preview = section(body, Messages.Section_preview, Messages.Section_preview_description);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(preview);
		Composite p = (Composite) preview.getClient();
		toolkit.createLabel(p, Messages.Preview_recipient);
		recipient = new Combo(p, SWT.READ_ONLY | SWT.DROP_DOWN);
		recipient.setData(FIELD_KEY, "previewRecipient"); //$NON-NLS-1$
		toolkit.adapt(recipient);
		GridDataFactory.fillDefaults().grab(true, false).indent(8, 0).applyTo(recipient);
		recipient.addListener(SWT.Selection, e -> render());
		showProblemsAt(CampaignModel.TEMPLATE, recipient);
		problem = toolkit.createLabel(p, "", SWT.WRAP); //$NON-NLS-1$
		problem.setData(FIELD_KEY, "previewProblem"); //$NON-NLS-1$
		problem.setForeground(p.getDisplay().getSystemColor(SWT.COLOR_RED));
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(200, SWT.DEFAULT).applyTo(problem);
		subject = output(p, Messages.Field_subject, SWT.SINGLE, 0, "previewSubject"); //$NON-NLS-1$
		this.rendered = new MessagePreview(p, SWT.NONE);
		this.rendered.setData(FIELD_KEY, "preview"); //$NON-NLS-1$
		toolkit.adapt(this.rendered);
		GridDataFactory.fillDefaults().grab(true, true).span(2, 1).hint(200, 320).applyTo(this.rendered);
	}

	private Text output(Composite parent, String label, int style, int height, String key) {
		Label l = toolkit.createLabel(parent, label);
		GridDataFactory.fillDefaults().align(SWT.BEGINNING, height > 0 ? SWT.BEGINNING : SWT.CENTER)
				.indent(0, height > 0 ? 3 : 0).applyTo(l);
		Text t = toolkit.createText(parent, "", style | SWT.READ_ONLY); //$NON-NLS-1$
		t.setData(FIELD_KEY, key);
		GridDataFactory.fillDefaults().grab(true, height > 0).hint(100, height > 0 ? height : SWT.DEFAULT).indent(8, 0)
				.applyTo(t);
		return t;
	}

	@Override
	protected void refresh() {
		if (recipient == null || recipient.isDisposed() || this.rendered.isDisposed()) {
			return;
		}
		CampaignModel.ListCheck check = model.check();
		List<Recipient> first = check == null ? List.of() : check.first();
		if (!first.equals(offered)) {
			int index = Math.max(0, recipient.getSelectionIndex());
			offered = first;
			recipient.setItems(first.stream().map(r -> r.address()).toArray(String[]::new));
			if (!first.isEmpty()) {
				recipient.select(Math.min(index, first.size() - 1));
			}
		}
		render();
	}

	private void render() {
		int index = recipient.getSelectionIndex();
		String error = ""; //$NON-NLS-1$
		MessageTemplate.Rendered rendered = new MessageTemplate.Rendered("", "", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		if (index < 0 || index >= offered.size()) {
			error = model.check() == null ? Messages.Preview_noList : Messages.Preview_noRecipients;
		} else {
			try {
				rendered = model.template().render(offered.get(index).fields());
			} catch (IllegalArgumentException e) {
				error = model.missingFields().orElse(e.getMessage());
			}
		}
		set(subject, rendered.subject());
		this.rendered.setDraft(rendered.subject(), rendered.text(), rendered.html());
		problem.setText(error);
		((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = error.isEmpty();
		problem.setVisible(!error.isEmpty());
		problem.getParent().layout();
	}

	private static void set(Text t, String value) {
		if (!t.getText().equals(value)) {
			t.setText(value);
		}
	}
}
