package com.bitfaster.mail.pickup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Writes messages into a pickup directory atomically: the bytes go to a hidden {@code .tmp} file that relays ignore,
 * are synced, and the file is renamed to {@code .eml}. A relay never sees half a message.
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
		Path tmp = directory.resolve("." + name + ".tmp"); //$NON-NLS-1$ //$NON-NLS-2$
		Path eml = directory.resolve(name + ".eml"); //$NON-NLS-1$
		try {
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
					OutputStream out = Channels.newOutputStream(channel)) {
				message.writeTo(out);
				out.flush();
				channel.force(true);
			}
			Files.move(tmp, eml, StandardCopyOption.ATOMIC_MOVE);
			return eml;
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
