package com.bitfaster.mail.localserver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The rehearsed bounces not sent yet, in {@value #FILE_NAME} in the mail folder, so that a bounce still due when the
 * server stops is sent at its next start (at once when overdue). A bounce is taken out of the file before it is sent,
 * under the lock the workbench and the command line share, so it is sent once even when both serve one folder. A
 * damaged file is moved aside and reported; the server goes on without the bounces it held.
 */
final class PendingBounces {

	static final String FILE_NAME = ".pending-bounces.json"; //$NON-NLS-1$

	/**
	 * A bounce to send.
	 *
	 * @param id              unique, to take it out of the file once
	 * @param dueMillis       when to send it (epoch milliseconds)
	 * @param sender          the original sender, who receives the bounce
	 * @param recipient       the recipient the rule bounced
	 * @param ruleLine        the rule's line, named in the bounce
	 * @param originalHeaders the original message's headers, returned in the bounce
	 */
	record Bounce(String id, long dueMillis, String sender, String recipient, int ruleLine, String originalHeaders) {
	}

	/** The file's shape, with a version so that a later layout can read this one. */
	private record Stored(int version, List<Bounce> bounces) {
	}

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private final Path folder;
	private final Path file;

	PendingBounces(Path folder) {
		this.folder = folder;
		this.file = folder.resolve(FILE_NAME);
	}

	Path file() {
		return file;
	}

	/** @return every bounce in the file; none when it is missing or damaged (then moved aside and reported) */
	List<Bounce> all() throws IOException {
		try (CrossProcessLock lock = lock()) {
			return read();
		}
	}

	void add(Bounce bounce) throws IOException {
		try (CrossProcessLock lock = lock()) {
			List<Bounce> bounces = read();
			bounces.add(bounce);
			write(bounces);
		}
	}

	/** @return whether the bounce was still to send: then it is taken out of the file, and the caller sends it */
	boolean take(String id) throws IOException {
		try (CrossProcessLock lock = lock()) {
			List<Bounce> bounces = read();
			if (!bounces.removeIf(b -> b.id().equals(id))) {
				return false;
			}
			write(bounces);
			return true;
		}
	}

	private CrossProcessLock lock() throws IOException {
		Files.createDirectories(folder);
		return CrossProcessLock.acquire(folder.resolve(FILE_NAME + ".lock")); //$NON-NLS-1$
	}

	private List<Bounce> read() throws IOException {
		if (!Files.exists(file)) {
			return new ArrayList<>();
		}
		String text = Files.readString(file, StandardCharsets.UTF_8);
		try {
			Stored stored = GSON.fromJson(text, Stored.class);
			if (stored == null || stored.version() != 1 || stored.bounces() == null) {
				throw new JsonParseException("not a list of pending bounces, version 1"); //$NON-NLS-1$
			}
			for (Bounce b : stored.bounces()) {
				if (b == null || b.id() == null || b.sender() == null || b.recipient() == null || b.originalHeaders() == null) {
					throw new JsonParseException("a bounce lacks its id, sender, recipient or headers"); //$NON-NLS-1$
				}
			}
			return new ArrayList<>(stored.bounces());
		} catch (JsonParseException | IllegalArgumentException e) {
			Path aside = file.resolveSibling(FILE_NAME + ".damaged-" + Instant.now().toEpochMilli()); //$NON-NLS-1$
			Files.move(file, aside);
			ILog.of(PendingBounces.class).error(NLS.bind(Messages.bouncesDamaged, file, aside.getFileName()), e);
			return new ArrayList<>();
		}
	}

	private void write(List<Bounce> bounces) throws IOException {
		AtomicFiles.write(file, GSON.toJson(new Stored(1, bounces)).getBytes(StandardCharsets.UTF_8));
	}
}
