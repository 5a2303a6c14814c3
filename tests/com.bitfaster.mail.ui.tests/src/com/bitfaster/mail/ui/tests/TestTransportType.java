package com.bitfaster.mail.ui.tests;

import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

/** Stands in for the smtp bundle's transport type: no settings of its own. */
public class TestTransportType implements TransportType {

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		return List.of();
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		throw new CoreException(Status.error("The UI tests never send.")); //$NON-NLS-1$
	}
}
