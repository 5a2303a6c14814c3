package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.core.runtime.ILog;
import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AtomicFiles;

/**
 * The master password of secure storage where no OS keyring answers (CI, servers, the command line): a random key in a
 * per-user file readable only by its owner, outside every workspace. The location is {@code ~/.bitfaster/secure-storage.key},
 * or the file named by the {@code BITFASTER_KEY_FILE} environment variable.
 * <p>
 * A new key is written to a private temporary file, forced to disk, then linked into place (an atomic rename that
 * never replaces a key another process created meanwhile) and the folder synced. An existing key file is used only
 * when it is not empty, belongs to the user running the product and is readable by no one else; otherwise secure
 * storage is refused with a one-line message naming the file and the fix ({@link #problem()}).
 * </p>
 */
public class KeyFilePasswordProvider extends PasswordProvider {

	public static final String KEY_FILE_VARIABLE = "BITFASTER_KEY_FILE"; //$NON-NLS-1$

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	/** Why the key file was last refused, or {@code null}. */
	private static volatile String problem;

	@Override
	public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
		Path keyFile = keyFile();
		try {
			PBEKeySpec spec = new PBEKeySpec(readOrCreate(keyFile).toCharArray());
			problem = null;
			return spec;
		} catch (RefusedKeyFileException e) {
			problem = e.getMessage();
			ILog.of(getClass()).error(e.getMessage());
			return null;
		} catch (IOException e) {
			problem = NLS.bind(Messages.KeyFile_failed, keyFile, e.getMessage());
			ILog.of(getClass()).error(problem, e);
			return null;
		}
	}

	/**
	 * @return why secure storage could not be opened with the key file the last time it was asked for, in one line
	 *         naming the file and the fix; empty when it was used (or never asked for)
	 */
	public static Optional<String> problem() {
		return Optional.ofNullable(problem);
	}

	public static Path keyFile() {
		String configured = System.getenv(KEY_FILE_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".bitfaster", "secure-storage.key"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	/**
	 * @return the key in {@code keyFile}, created when there is none
	 * @throws RefusedKeyFileException when the existing file is empty, not the user's own, or readable by others
	 */
	public static String readOrCreate(Path keyFile) throws IOException {
		if (Files.exists(keyFile)) {
			return readChecked(keyFile);
		}
		Path dir = keyFile.toAbsolutePath().getParent();
		if (!Files.exists(dir)) {
			Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))); //$NON-NLS-1$
		}
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String encoded = Base64.getEncoder().withoutPadding().encodeToString(key);
		// Written whole to a private temporary file and forced to disk, then linked into place: a reader never sees
		// half a key, a crash never leaves an empty one, and a key another process linked first is never replaced.
		Path tmp = Files.createTempFile(dir, ".key", ".tmp", //$NON-NLS-1$ //$NON-NLS-2$
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))); //$NON-NLS-1$
		try {
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ByteBuffer bytes = ByteBuffer.wrap((encoded + "\n").getBytes(StandardCharsets.US_ASCII)); //$NON-NLS-1$
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.createLink(keyFile, tmp);
			AtomicFiles.syncDirectory(dir);
			return encoded;
		} catch (FileAlreadyExistsException raced) {
			return readChecked(keyFile);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static String readChecked(Path keyFile) throws IOException {
		Path file = keyFile.toAbsolutePath();
		UserPrincipal owner = Files.getOwner(file);
		UserPrincipal me = file.getFileSystem().getUserPrincipalLookupService()
				.lookupPrincipalByName(System.getProperty("user.name")); //$NON-NLS-1$
		if (!owner.equals(me)) {
			throw new RefusedKeyFileException(NLS.bind(Messages.KeyFile_otherOwner,
					new Object[] { file, owner.getName(), me.getName() }));
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
		if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
			throw new RefusedKeyFileException(NLS.bind(Messages.KeyFile_loose,
					file, PosixFilePermissions.toString(permissions)));
		}
		String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
		if (key.isEmpty()) {
			throw new RefusedKeyFileException(NLS.bind(Messages.KeyFile_empty, file));
		}
		return key;
	}

	/** The key file exists but must not be used; the message names the file and the fix. */
	static final class RefusedKeyFileException extends IOException {
		private static final long serialVersionUID = 1L;

		RefusedKeyFileException(String message) {
			super(message);
		}
	}
}
