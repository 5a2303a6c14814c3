package com.bitfaster.mail.pickup.ui.internal;

import org.eclipse.jface.fieldassist.ControlDecoration;
import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.pickup.PickupSettings;
import com.bitfaster.mail.ui.TransportSettings;
import com.bitfaster.mail.ui.TransportConfigurator;

/** The pickup directory of a "pickup" server: a path field with a Browse... button and its validation message. */
public class PickupConfigurator implements TransportConfigurator {

	/** The setting holding the absolute path of the pickup directory, defined by the headless pickup bundle. */
	static final String DIRECTORY = PickupSettings.DIRECTORY;
	/** Key of {@code Control.getData(String)} the UI uses to name the setting a control edits. */
	static final String FIELD_KEY = "com.bitfaster.mail.ui.field"; //$NON-NLS-1$

	@Override
	public void createControls(Composite parent, TransportSettings settings) {
		parent.setLayout(new GridLayout(3, false));
		new Label(parent, SWT.NONE).setText(Messages.Pickup_directory);
		Text directory = new Text(parent, SWT.BORDER | SWT.SINGLE);
		directory.setData(FIELD_KEY, "transportSetting." + DIRECTORY); //$NON-NLS-1$
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 200;
		data.horizontalIndent = 8;
		directory.setLayoutData(data);
		directory.setText(settings.get(DIRECTORY));
		directory.setMessage(Messages.Pickup_directoryHint);
		ControlDecoration decoration = new ControlDecoration(directory, SWT.LEFT | SWT.TOP);
		decoration.setImage(FieldDecorationRegistry.getDefault()
				.getFieldDecoration(FieldDecorationRegistry.DEC_ERROR).getImage());
		decoration.hide();
		directory.addModifyListener(e -> settings.set(DIRECTORY, directory.getText().strip()));
		Button browse = new Button(parent, SWT.PUSH);
		browse.setText(Messages.Pickup_browse);
		browse.addListener(SWT.Selection, e -> {
			DirectoryDialog dialog = new DirectoryDialog(parent.getShell());
			dialog.setMessage(Messages.Pickup_browseMessage);
			dialog.setFilterPath(directory.getText());
			String chosen = dialog.open();
			if (chosen != null) {
				directory.setText(chosen);
			}
		});
		Label note = new Label(parent, SWT.WRAP);
		note.setText(Messages.Pickup_note);
		GridData noteData = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
		noteData.widthHint = 300;
		note.setLayoutData(noteData);
		Runnable showProblem = () -> {
			if (directory.isDisposed()) {
				return;
			}
			settings.problem(DIRECTORY).ifPresentOrElse(message -> {
				decoration.setDescriptionText(message);
				decoration.show();
			}, decoration::hide);
		};
		settings.addChangeListener(showProblem);
		showProblem.run();
	}
}
