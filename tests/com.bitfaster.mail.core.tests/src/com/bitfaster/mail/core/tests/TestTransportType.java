package com.bitfaster.mail.core.tests;

import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

/** Contributed by this bundle's plugin.xml; refuses a "folder" setting that is not absolute. */
public class TestTransportType implements TransportType {

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		String folder = server.transportSettings().get("folder"); //$NON-NLS-1$
		if (folder != null && !folder.startsWith("/")) { //$NON-NLS-1$
			return List.of(new FieldProblem(ServerField.TRANSPORT_SETTING, "folder", "The folder must be an absolute path.")); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return List.of();
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		throw new CoreException(Status.error("The test transport type does not send.")); //$NON-NLS-1$
	}
}
