package com.bitfaster.mail.cli.internal;

import java.util.Optional;

import org.eclipse.core.runtime.CoreException;

import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.TransportTypeDescriptor;

/** Where a server sends to, in the words of its transport type: host:port, the pickup folder, a third party's own. */
final class ServerDescriptions {

	private ServerDescriptions() {
	}

	static String sendsTo(Services services, MailServer server) {
		try {
			Optional<TransportTypeDescriptor> type = services.get(MailExtensions.class)
					.transportType(server.transportType());
			if (type.isPresent()) {
				String described = type.get().transportType().describe(server);
				// a type with nothing better to say than its id: its label reads better
				return described.equals(server.transportType()) ? type.get().label() : described;
			}
		} catch (CliException | CoreException | RuntimeException e) {
			// the type is missing or broken: say what is known without it
		}
		return MailServer.DEFAULT_TRANSPORT_TYPE.equals(server.transportType()) ? server.address()
				: server.transportType();
	}
}
