package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.core.runtime.ILog;
import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;
import org.eclipse.osgi.util.NLS;

/**
 * The master password of secure storage where no OS keyring answers (CI, servers, the command line): a random key in a
 * per-user file readable only by its owner, outside every workspace. The location is {@code ~/.bitfaster/secure-storage.key},
 * or the file named by the {@code BITFASTER_KEY_FILE} environment variable.
 */
public class KeyFilePasswordProvider extends PasswordProvider {

	public static final String KEY_FILE_VARIABLE = "BITFASTER_KEY_FILE"; //$NON-NLS-1$

	@Override
	public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
		Path keyFile = keyFile();
		try {
			return new PBEKeySpec(readOrCreate(keyFile).toCharArray());
		} catch (IOException e) {
			ILog.of(getClass()).error(NLS.bind(Messages.KeyFile_failed, keyFile, e.getMessage()), e);
			return null;
		}
	}

	public static Path keyFile() {
		String configured = System.getenv(KEY_FILE_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".bitfaster", "secure-storage.key"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	static String readOrCreate(Path keyFile) throws IOException {
		if (Files.exists(keyFile)) {
			return Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
		}
		Path dir = keyFile.toAbsolutePath().getParent();
		if (!Files.exists(dir)) {
			Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))); //$NON-NLS-1$
		}
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String encoded = Base64.getEncoder().withoutPadding().encodeToString(key);
		// Written whole to a private temporary file, then linked into place: a reader never sees half a key.
		Path tmp = Files.createTempFile(dir, "key", ".tmp", //$NON-NLS-1$ //$NON-NLS-2$
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))); //$NON-NLS-1$
		try {
			Files.writeString(tmp, encoded + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE); //$NON-NLS-1$
			Files.createLink(keyFile, tmp);
			return encoded;
		} catch (FileAlreadyExistsException raced) {
			return Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
