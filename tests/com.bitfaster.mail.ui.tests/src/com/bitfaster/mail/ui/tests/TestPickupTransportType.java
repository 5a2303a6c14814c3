package com.bitfaster.mail.ui.tests;

import java.nio.file.Path;
import java.util.List;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.TransportType;

/** Stands in for the pickup bundle: id {@code pickup}, setting {@code directory}, an absolute path. */
public class TestPickupTransportType implements TransportType {

	static final String MESSAGE = "The pickup directory must be an absolute path."; //$NON-NLS-1$

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		String directory = server.transportSettings().getOrDefault("directory", ""); //$NON-NLS-1$ //$NON-NLS-2$
		if (directory.isBlank() || !Path.of(directory).isAbsolute()) {
			return List.of(new FieldProblem(ServerField.TRANSPORT_SETTING, "directory", MESSAGE)); //$NON-NLS-1$
		}
		return List.of();
	}

	@Override
	public boolean usesNetwork() {
		return false;
	}
}
