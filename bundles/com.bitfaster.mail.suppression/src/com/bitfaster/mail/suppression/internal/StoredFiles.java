package com.bitfaster.mail.suppression.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** File helpers of this bundle: change stamps, owner-only permissions, damaged files kept aside. */
final class StoredFiles {

	private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS") //$NON-NLS-1$
			.withZone(ZoneOffset.UTC);

	private StoredFiles() {
	}

	/** @return what changes when another program replaces or changes {@code file}; {@code null} when it is missing */
	static Object stamp(Path file) throws IOException {
		try {
			BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
			return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
		} catch (NoSuchFileException e) {
			return null;
		}
	}

	/** Makes {@code file} readable and writable by its owner only, where the file system has POSIX permissions. */
	static void ownerOnly(Path file) throws IOException {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) { //$NON-NLS-1$
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); //$NON-NLS-1$
		}
	}

	/** @return a copy of {@code file} next to it, named {@code NAME.damaged-TIME}, owner-only */
	static Path keepAside(Path file) throws IOException {
		Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + ASIDE.format(Instant.now())); //$NON-NLS-1$
		Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
		ownerOnly(copy);
		return copy;
	}
}
