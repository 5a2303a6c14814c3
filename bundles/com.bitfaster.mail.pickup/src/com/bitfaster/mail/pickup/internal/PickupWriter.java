package com.bitfaster.mail.pickup.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.bitfaster.mail.core.AtomicFiles;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Writes messages into a pickup directory atomically ({@link AtomicFiles}): the bytes go to a hidden {@code .tmp} file
 * that relays ignore, are synced, and the file is renamed to {@code .eml}. A relay never sees half a message.
 */
public final class PickupWriter {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC); //$NON-NLS-1$

	private final Path directory;
	private final Clock clock;

	public PickupWriter(Path directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	/** @return the {@code .eml} file written */
	public Path write(MimeMessage message) throws IOException, MessagingException {
		Files.createDirectories(directory);
		if (message.getSentDate() == null) {
			message.setSentDate(java.util.Date.from(clock.instant()));
		}
		message.saveChanges();
		String name = STAMP.format(clock.instant()) + "-" + UUID.randomUUID(); //$NON-NLS-1$
		Path eml = directory.resolve(name + ".eml"); //$NON-NLS-1$
		try {
			AtomicFiles.write(eml, out -> {
				try {
					message.writeTo(out);
				} catch (MessagingException e) {
					throw new IOException(e);
				}
			});
		} catch (IOException e) {
			if (e.getCause() instanceof MessagingException m) {
				throw m;
			}
			throw e;
		}
		return eml;
	}
}
