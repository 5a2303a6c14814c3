package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.bitfaster.mail.core.internal.KeyFilePasswordProvider;

/** The key file of the headless secure storage: private when made, refused when it is not private or empty. */
class KeyFileTest {

	@TempDir
	Path dir;

	@Test
	void aNewKeyIsPrivateAndStable() throws IOException {
		Path keyFile = dir.resolve("home/.bitfaster/secure-storage.key"); //$NON-NLS-1$
		String key = KeyFilePasswordProvider.readOrCreate(keyFile);
		assertTrue(key.length() >= 40, key);
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))); //$NON-NLS-1$
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))); //$NON-NLS-1$
		assertEquals(key, KeyFilePasswordProvider.readOrCreate(keyFile));
		try (var files = Files.list(keyFile.getParent())) {
			assertEquals(1, files.count(), "no temporary file is left behind"); //$NON-NLS-1$
		}
	}

	@Test
	void aKeyFileOthersCanReadIsRefusedWithTheFix() throws IOException {
		Path keyFile = dir.resolve("secure-storage.key"); //$NON-NLS-1$
		KeyFilePasswordProvider.readOrCreate(keyFile);
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--")); //$NON-NLS-1$
		IOException e = assertThrows(IOException.class, () -> KeyFilePasswordProvider.readOrCreate(keyFile));
		assertTrue(e.getMessage().contains(keyFile.toAbsolutePath().toString()), e.getMessage());
		assertTrue(e.getMessage().contains("chmod 600 " + keyFile.toAbsolutePath()), e.getMessage()); //$NON-NLS-1$
		assertFalse(e.getMessage().contains("\n"), e.getMessage()); //$NON-NLS-1$
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------")); //$NON-NLS-1$
		assertFalse(KeyFilePasswordProvider.readOrCreate(keyFile).isEmpty(), "the fix works"); //$NON-NLS-1$
	}

	@Test
	void anEmptyKeyFileIsRefused() throws IOException {
		Path keyFile = Files.createFile(dir.resolve("secure-storage.key"), //$NON-NLS-1$
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))); //$NON-NLS-1$
		IOException e = assertThrows(IOException.class, () -> KeyFilePasswordProvider.readOrCreate(keyFile));
		assertTrue(e.getMessage().contains("is empty") && e.getMessage().contains(keyFile.toAbsolutePath().toString()), //$NON-NLS-1$
				e.getMessage());
		assertEquals(0, Files.size(keyFile), "an empty key file is never replaced silently"); //$NON-NLS-1$
	}

	@Test
	void aKeyFileOfAnotherUserIsRefused() throws IOException {
		Path keyFile = dir.resolve("secure-storage.key"); //$NON-NLS-1$
		KeyFilePasswordProvider.readOrCreate(keyFile);
		UserPrincipal nobody;
		try {
			nobody = keyFile.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"); //$NON-NLS-1$
			Files.setOwner(keyFile, nobody);
		} catch (IOException e) {
			Assumptions.abort("giving a file to another user needs root: " + e); //$NON-NLS-1$
			return;
		}
		IOException e = assertThrows(IOException.class, () -> KeyFilePasswordProvider.readOrCreate(keyFile));
		assertTrue(e.getMessage().contains("belongs to nobody"), e.getMessage()); //$NON-NLS-1$
		assertTrue(e.getMessage().contains(keyFile.toAbsolutePath().toString()), e.getMessage());
	}
}
