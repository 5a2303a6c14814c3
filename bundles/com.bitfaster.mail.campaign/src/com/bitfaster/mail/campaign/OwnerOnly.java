package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Ledgers, journals and reports name every recipient: they are created readable by their owner only. */
final class OwnerOnly {

	private static final Set<PosixFilePermission> RW = PosixFilePermissions.fromString("rw-------"); //$NON-NLS-1$
	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix"); //$NON-NLS-1$

	private OwnerOnly() {
	}

	/** @return the attributes that create a file owner-only, where the file system has POSIX permissions */
	static FileAttribute<?>[] attributes() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(RW) } : new FileAttribute<?>[0];
	}

	static void set(Path file) throws IOException {
		if (POSIX) {
			Files.setPosixFilePermissions(file, RW);
		}
	}
}
