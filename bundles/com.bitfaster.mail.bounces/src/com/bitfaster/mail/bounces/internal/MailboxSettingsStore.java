package com.bitfaster.mail.bounces.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.core.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The bounce mailbox settings in {@value #FILE_NAME} (no secret in it), replaced atomically. A damaged file is copied
 * aside and reported, never overwritten silently.
 */
public final class MailboxSettingsStore {

	public static final String FILE_NAME = "bounce-mailbox.json"; //$NON-NLS-1$
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** The file's shape; a schema version so a later layout can read this one. */
	private record Stored(int version, BounceMailbox mailbox) {
	}

	private final Path file;

	public MailboxSettingsStore(Path folder) {
		this.file = folder.resolve(FILE_NAME);
	}

	public Path file() {
		return file;
	}

	/** @return the settings, {@link BounceMailbox#NONE} when none were saved */
	public BounceMailbox read() throws CoreException {
		if (!Files.exists(file)) {
			return BounceMailbox.NONE;
		}
		String json;
		try {
			json = Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new CoreException(Status.error("Cannot read " + file + ": " + e.getMessage(), e)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		try {
			Stored s = GSON.fromJson(json, Stored.class);
			if (s == null || s.mailbox() == null) {
				throw new JsonParseException("no mailbox"); //$NON-NLS-1$
			}
			return s.mailbox();
		} catch (JsonParseException | IllegalArgumentException e) {
			Path aside = file.resolveSibling(FILE_NAME + ".damaged-" + Instant.now().toEpochMilli()); //$NON-NLS-1$
			try {
				Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
			} catch (IOException copy) {
				e.addSuppressed(copy);
			}
			throw new CoreException(Status.error("The bounce mailbox settings " + file //$NON-NLS-1$
					+ " are damaged (a copy is kept as " + aside.getFileName() //$NON-NLS-1$
					+ "); set the mailbox again to replace them.", e)); //$NON-NLS-1$
		}
	}

	public void write(BounceMailbox mailbox) throws CoreException {
		try {
			AtomicFiles.write(file, GSON.toJson(new Stored(1, mailbox)).getBytes(StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new CoreException(Status.error("Cannot save " + file + ": " + e.getMessage(), e)); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}
}
