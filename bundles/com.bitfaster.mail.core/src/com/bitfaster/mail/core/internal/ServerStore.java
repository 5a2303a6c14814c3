package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.MailServer;
import com.google.gson.JsonParseException;

/**
 * Keeps the servers in one JSON file. Writes are atomic (temporary file, fsync, rename) and keep the previous version
 * as {@code servers.json.bak}; a file that cannot be read is moved aside, never overwritten; a file from a newer
 * schema is left untouched and makes the store read-only. Shared with other processes (the command line): loading and
 * saving take the cross-process lock on {@code servers.json.lock}, a read-modify-write holds {@link #lock()} across
 * both, and {@link #isStale()} tells when the file changed since it was read.
 */
public final class ServerStore {

	public static final String FILE_NAME = "servers.json"; //$NON-NLS-1$
	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC); //$NON-NLS-1$

	/**
	 * What loading found.
	 *
	 * @param servers  the servers to use
	 * @param problem  a message for the user, or {@code null} when the file was read as it was
	 * @param readOnly whether the file must not be written (it is from a newer version)
	 */
	public record LoadResult(List<MailServer> servers, String problem, boolean readOnly) {
	}

	private final Path file;
	private final Path backup;
	private final Path lockFile;
	private final Clock clock;
	private final UnaryOperator<OutputStream> writeInterceptor;
	private FileTime knownModified;
	private long knownSize = -1;

	public ServerStore(Path file, Clock clock) {
		this(file, clock, UnaryOperator.identity());
	}

	/** @param writeInterceptor wraps the stream the file is written through; tests use it to interrupt a write */
	public ServerStore(Path file, Clock clock, UnaryOperator<OutputStream> writeInterceptor) {
		this.file = Objects.requireNonNull(file);
		this.backup = file.resolveSibling(file.getFileName() + ".bak"); //$NON-NLS-1$
		this.lockFile = file.resolveSibling(file.getFileName() + ".lock"); //$NON-NLS-1$
		this.clock = clock;
		this.writeInterceptor = writeInterceptor;
	}

	public Path file() {
		return file;
	}

	public Path backupFile() {
		return backup;
	}

	/**
	 * The lock every process holds while it reads, changes and writes the servers file. Reentrant: {@link #load()} and
	 * {@link #save(List)} take it too.
	 */
	public CrossProcessLock lock() throws IOException {
		return CrossProcessLock.acquire(lockFile);
	}

	/** Reads the servers; never throws for a bad file, reports it instead. */
	public synchronized LoadResult load() {
		// Under the lock: a corrupt file is moved aside, which must not happen to a file another process just wrote.
		try (CrossProcessLock lock = lock()) {
			return loadLocked();
		} catch (IOException e) {
			// Still show the servers (a read-only folder, say), but change nothing another process could lose.
			LoadResult unlocked = loadLocked();
			return new LoadResult(unlocked.servers(), unlocked.problem() != null ? unlocked.problem()
					: NLS.bind(Messages.Store_cannotLock, file, describe(e)), true);
		}
	}

	private LoadResult loadLocked() {
		if (!Files.exists(file)) {
			remember();
			return new LoadResult(List.of(), null, false);
		}
		try {
			ServerJson.Document doc = ServerJson.read(readUtf8(file));
			remember();
			return new LoadResult(doc.servers(), null, false);
		} catch (ServerJson.NewerSchemaException e) {
			remember();
			return new LoadResult(List.of(), NLS.bind(Messages.Store_newerSchema,
					new Object[] { file, e.version(), ServerJson.SCHEMA_VERSION }), true);
		} catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException e) {
			return recoverFromCorruptFile(describe(e));
		}
	}

	private LoadResult recoverFromCorruptFile(String reason) {
		Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant())); //$NON-NLS-1$
		try {
			for (int i = 1; Files.exists(aside); i++) {
				aside = aside.resolveSibling(aside.getFileName().toString().replaceFirst("(\\.\\d+)?$", "." + i)); //$NON-NLS-1$ //$NON-NLS-2$
			}
			Files.move(file, aside);
		} catch (IOException moveFailed) {
			// Cannot move it: keep it where it is and refuse to write over it.
			return new LoadResult(List.of(), NLS.bind(Messages.Store_unreadable, file, reason), true);
		}
		List<MailServer> servers = List.of();
		String outcome = Messages.Store_corruptEmpty;
		if (Files.exists(backup)) {
			try {
				ServerJson.Document doc = ServerJson.read(readUtf8(backup));
				servers = doc.servers();
				save(servers);
				outcome = NLS.bind(Messages.Store_corruptBackup, backup);
			} catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException e) {
				servers = List.of();
			}
		}
		remember();
		return new LoadResult(servers, NLS.bind(Messages.Store_corrupt, new Object[] { file, reason, aside, outcome }),
				false);
	}

	/** Writes the servers atomically, keeping the current file as the backup. */
	public synchronized void save(List<MailServer> servers) throws IOException {
		byte[] bytes = ServerJson.write(ServerJson.KIND_STORE, servers).getBytes(StandardCharsets.UTF_8);
		try (CrossProcessLock lock = lock()) {
			AtomicFiles.write(file, out -> {
				OutputStream intercepted = writeInterceptor.apply(out);
				intercepted.write(bytes);
				intercepted.flush();
			}, this::keepBackup);
			remember();
		}
	}

	/** @return whether another process changed the file since this store last read or wrote it */
	public synchronized boolean isStale() {
		try {
			if (!Files.exists(file)) {
				return knownSize >= 0;
			}
			return !Files.getLastModifiedTime(file).equals(knownModified) || Files.size(file) != knownSize;
		} catch (IOException e) {
			return true;
		}
	}

	private void keepBackup() throws IOException {
		if (!Files.exists(file)) {
			return;
		}
		Path tmpBackup = backup.resolveSibling(backup.getFileName() + ".tmp"); //$NON-NLS-1$
		Files.deleteIfExists(tmpBackup);
		try {
			Files.createLink(tmpBackup, file);
		} catch (UnsupportedOperationException | FileAlreadyExistsException e) {
			Files.copy(file, tmpBackup, StandardCopyOption.REPLACE_EXISTING);
		}
		AtomicFiles.replace(tmpBackup, backup);
	}

	private void remember() {
		try {
			knownModified = Files.getLastModifiedTime(file);
			knownSize = Files.size(file);
		} catch (NoSuchFileException e) {
			knownModified = null;
			knownSize = -1;
		} catch (IOException e) {
			knownModified = null;
			knownSize = -2;
		}
	}

	private static String readUtf8(Path path) throws IOException {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
		} catch (CharacterCodingException e) {
			throw new IOException("the file is not UTF-8 text", e); //$NON-NLS-1$
		}
	}

	private static String describe(Exception e) {
		Throwable t = e;
		while (t.getCause() != null && t.getMessage() == null) {
			t = t.getCause();
		}
		return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
	}
}
