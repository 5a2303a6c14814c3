package com.example.mail.sockettransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

/**
 * A third party's transport type ({@code socket}): hands each message to a relay over a plain TCP socket, speaking the
 * few SMTP commands a relay needs itself rather than through Jakarta Mail. It has no TLS, so it refuses a user name:
 * no password may cross the network in the clear.
 */
public class SocketTransportType implements TransportType {

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		List<FieldProblem> problems = new ArrayList<>();
		if (server.host() == null || server.host().isBlank()) {
			problems.add(new FieldProblem(ServerField.HOST, "The relay's host is missing."));
		}
		if (server.port() < 1 || server.port() > 65535) {
			problems.add(new FieldProblem(ServerField.PORT, "The port must be between 1 and 65535."));
		}
		if (server.username() != null && !server.username().isBlank()) {
			problems.add(new FieldProblem(ServerField.USERNAME,
					"The socket transport has no TLS and never signs in: leave the user name empty."));
		}
		if (server.encryption() != null && !"none".equals(server.encryption())) {
			problems.add(new FieldProblem(ServerField.ENCRYPTION,
					"The socket transport has no TLS: choose encryption none."));
		}
		return problems;
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		List<FieldProblem> problems = validateSettings(server);
		if (!problems.isEmpty()) {
			throw new CoreException(Status.error(problems.get(0).message()));
		}
		Socket socket = new Socket();
		int timeoutMillis = Math.max(1, server.timeoutSeconds()) * 1000;
		try {
			socket.connect(new InetSocketAddress(server.host(), server.port()), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			SmtpHandover handover = new SmtpHandover(socket, server.heloName());
			handover.greet();
			return new SocketConnection(handover);
		} catch (IOException e) {
			try {
				socket.close();
			} catch (IOException ignored) {
				// already failing: the first error is the one to report
			}
			throw new CoreException(Status.error("Cannot hand over to " + server.address() + ": " + e.getMessage(), e));
		}
	}
}
