package com.bitfaster.mail.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files replaced whole: after a crash a reader finds the old content or the new one, never a mix. The content goes to
 * a temporary file next to the target, is forced to disk, renamed over the target, and the folder is synced.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	/** Writes the content of a file to a stream. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	/** Work to do once the new content is on disk, just before it replaces the target (keeping a backup, say). */
	@FunctionalInterface
	public interface BeforeReplace {
		void run() throws IOException;
	}

	/** Replaces {@code target} with {@code content}. */
	public static void write(Path target, byte[] content) throws IOException {
		write(target, out -> out.write(content));
	}

	/** Replaces {@code target} with what {@code content} writes; see {@link #write(Path, Content, BeforeReplace)}. */
	public static void write(Path target, Content content) throws IOException {
		write(target, content, () -> {
			// nothing to do before the rename
		});
	}

	/**
	 * Replaces {@code target} with what {@code content} writes. The temporary file is hidden (its name starts with a
	 * dot and ends with {@code .tmp}), so that programs watching the folder ignore it.
	 */
	public static void write(Path target, Content content, BeforeReplace beforeReplace) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp"); //$NON-NLS-1$ //$NON-NLS-2$
		try {
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
					OutputStream out = Channels.newOutputStream(channel)) {
				content.writeTo(out);
				out.flush();
				channel.force(true);
			}
			beforeReplace.run();
			replace(tmp, target);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Renames {@code from} (already on disk) over {@code to}, atomically where the file system can, and syncs the folder. */
	public static void replace(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
		syncDirectory(to.toAbsolutePath().getParent());
	}

	/** Makes the names in a folder durable (a file created or renamed in it), where the file system can. */
	public static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException e) {
			// Not every file system can sync a folder; a rename itself is still atomic.
		}
	}
}
