package com.bitfaster.mail.ui.internal.properties;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.databinding.swt.DisplayRealm;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.dialogs.PropertyPage;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestJob;
import com.bitfaster.mail.ui.internal.form.GroupSections;
import com.bitfaster.mail.ui.internal.form.ServerEditModel;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;

/**
 * The settings of a server in the properties dialog: the same fields and validation as the editor. Bound in
 * plugin.xml to anything that adapts to {@link MailServer}.
 */
public class ServerPropertyPage extends PropertyPage {

	public static final String ID = "com.bitfaster.mail.ui.serverPropertyPage"; //$NON-NLS-1$

	private ServerEditModel model;
	private ServerSettingsForm settings;

	@Override
	protected Control createContents(Composite parent) {
		noDefaultAndApplyButton();
		MailServer element = Adapters.adapt(getElement(), MailServer.class);
		ServerRegistry registry = MailServices.registry();
		MailServer server = element == null ? null : registry.get(element.id()).orElse(null);
		if (server == null) {
			Label gone = new Label(parent, SWT.WRAP);
			gone.setText(Messages.Properties_gone);
			return gone;
		}
		model = ServerEditModel.forExisting(DisplayRealm.getRealm(parent.getDisplay()), registry,
				MailServices.extensions().orElse(null), server);
		Composite body = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(2, true);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		body.setLayout(layout);
		settings = new ServerSettingsForm(model, new GroupSections(), () -> body.layout(true, true),
				() -> new ConnectionTestJob(model.server(), model.passwordIfChanged(), null).schedule());
		settings.createAll(body);
		model.addListener(this::update);
		update();
		return body;
	}

	private void update() {
		if (getControl() != null && getControl().isDisposed()) {
			return;
		}
		setValid(model.problems().isEmpty());
		setErrorMessage(model.summary().orElse(null));
	}

	@Override
	public boolean performOk() {
		if (model == null || !model.isDirty()) {
			return true;
		}
		if (!model.problems().isEmpty()) {
			return false;
		}
		try {
			model.save();
			return true;
		} catch (ServerValidationException | IllegalStateException e) {
			setErrorMessage(e.getMessage());
			return false;
		}
	}

	public ServerEditModel model() {
		return model;
	}

	public ServerSettingsForm settings() {
		return settings;
	}
}
