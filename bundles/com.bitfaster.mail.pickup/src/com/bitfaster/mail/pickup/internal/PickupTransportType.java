package com.bitfaster.mail.pickup.internal;

import com.bitfaster.mail.pickup.PickupSettings;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.TransportConnection;
import com.bitfaster.mail.core.TransportType;

/**
 * The {@code pickup} transport type: each message becomes an {@code .eml} file in a directory (setting
 * {@value #DIRECTORY}), which a relay such as IIS or Exchange picks up.
 */
public class PickupTransportType implements TransportType {

	/** The setting that holds the absolute path of the pickup directory. */
	public static final String DIRECTORY = PickupSettings.DIRECTORY;

	@Override
	public List<FieldProblem> validateSettings(MailServer server) {
		String value = server.transportSettings().get(DIRECTORY);
		if (value == null || value.isBlank()) {
			return problem(Messages.directoryMissing);
		}
		Path dir;
		try {
			dir = Path.of(value);
		} catch (InvalidPathException e) {
			return problem(NLS.bind(Messages.directoryInvalid, value, e.getReason()));
		}
		if (!dir.isAbsolute()) {
			return problem(Messages.directoryRelative);
		}
		if (Files.exists(dir)) {
			if (!Files.isDirectory(dir)) {
				return problem(NLS.bind(Messages.directoryNotADirectory, value));
			}
			if (!Files.isWritable(dir)) {
				return problem(NLS.bind(Messages.directoryNotWritable, value));
			}
		} else if (dir.getParent() == null || !Files.isDirectory(dir.getParent())) {
			return problem(NLS.bind(Messages.directoryParentMissing, value));
		}
		return List.of();
	}

	@Override
	public boolean usesNetwork() {
		return false;
	}

	/** The folder the messages are written to: what a user recognises the server by. */
	@Override
	public String describe(MailServer server) {
		String directory = server.transportSettings().get(DIRECTORY);
		return directory == null || directory.isBlank() ? server.transportType() : directory;
	}

	@Override
	public TransportConnection connect(MailServer server, char[] password) throws CoreException {
		List<FieldProblem> problems = validateSettings(server);
		if (!problems.isEmpty()) {
			throw new CoreException(Status.error(problems.get(0).message()));
		}
		return new PickupConnection(new PickupWriter(Path.of(server.transportSettings().get(DIRECTORY)), Clock.systemUTC()));
	}

	private static List<FieldProblem> problem(String message) {
		return List.of(new FieldProblem(ServerField.TRANSPORT_SETTING, DIRECTORY, message));
	}
}
