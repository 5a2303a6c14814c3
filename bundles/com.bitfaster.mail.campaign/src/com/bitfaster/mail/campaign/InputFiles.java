package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * The files a campaign reads (the campaign file, its recipient list, its body files) must be regular files: a device
 * such as {@code /dev/zero} never ends, a named pipe blocks until someone writes to it, and a folder fails with an
 * obscure error. They are refused before they are opened, with the path named.
 */
public final class InputFiles {

	private InputFiles() {
	}

	/** @return why {@code file} cannot be read as a campaign's input, or empty when it is a readable regular file */
	public static Optional<String> problem(Path file) {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		} catch (NoSuchFileException e) {
			return Optional.of(NLS.bind(Messages.Input_missing, file));
		} catch (AccessDeniedException e) {
			return Optional.of(NLS.bind(Messages.Input_denied, file));
		} catch (IOException e) {
			return Optional.of(NLS.bind(Messages.Input_unreadable, file, e.getMessage()));
		}
		if (attributes.isDirectory()) {
			return Optional.of(NLS.bind(Messages.Input_folder, file));
		}
		if (!attributes.isRegularFile()) {
			return Optional.of(NLS.bind(Messages.Input_notRegular, file));
		}
		if (!Files.isReadable(file)) {
			return Optional.of(NLS.bind(Messages.Input_denied, file));
		}
		return Optional.empty();
	}

	/** @throws IOException with the message of {@link #problem(Path)} when {@code file} is not a readable regular file */
	public static void requireReadable(Path file) throws IOException {
		Optional<String> problem = problem(file);
		if (problem.isPresent()) {
			throw new IOException(problem.get());
		}
	}
}
