package com.bitfaster.mail.bounces.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import com.bitfaster.mail.core.AtomicFiles;

/**
 * The keys (POP3 UIDLs, IMAP Message-IDs) of messages already handled, one per line in an atomic file per mailbox.
 * Read and written under the reader's cross-process lock; keys of messages no longer in the mailbox are dropped.
 */
public final class SeenKeys {

	private final Path file;
	private final Set<String> keys;

	private SeenKeys(Path file, Set<String> keys) {
		this.file = file;
		this.keys = keys;
	}

	public static SeenKeys load(Path file) throws IOException {
		Set<String> keys = new LinkedHashSet<>();
		if (Files.exists(file)) {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					keys.add(line.strip());
				}
			}
		}
		return new SeenKeys(file, keys);
	}

	public boolean contains(String key) {
		return keys.contains(key);
	}

	/** Remembers handled keys, on disk before it returns. */
	public void addAll(Collection<String> handled) throws IOException {
		if (keys.addAll(handled)) {
			save();
		}
	}

	/** Forgets keys of messages that left the mailbox. */
	public void retainOnly(Collection<String> present) throws IOException {
		if (keys.retainAll(new HashSet<>(present))) {
			save();
		}
	}

	private void save() throws IOException {
		StringBuilder sb = new StringBuilder();
		for (String k : keys) {
			sb.append(k.replace('\n', ' ')).append('\n');
		}
		AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
	}
}
