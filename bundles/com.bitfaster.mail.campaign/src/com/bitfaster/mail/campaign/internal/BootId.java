package com.bitfaster.mail.campaign.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The id of this boot of the machine ({@code /proc/sys/kernel/random/boot_id}): a reboot, a power loss included,
 * changes it. A ledger's RUN record keeps the id of the boot it ran in; a reader compares it with {@link #current()}
 * to know whether records that were never synced may have been lost (only a reboot loses what the operating system
 * holds; a process that dies does not).
 */
public final class BootId {

	/** What a RUN record holds when the boot id could not be read: it never matches, not even itself. */
	public static final String UNKNOWN = "-"; //$NON-NLS-1$

	private static final Path FILE = Path.of("/proc/sys/kernel/random/boot_id"); //$NON-NLS-1$

	/** Read once: a process does not outlive its boot. */
	private static volatile String current;

	private BootId() {
	}

	/** @return the id of this boot, or {@link #UNKNOWN} where the system does not tell it */
	public static String current() {
		String id = current;
		if (id == null) {
			try {
				id = Files.readString(FILE).strip();
			} catch (IOException | RuntimeException e) {
				id = UNKNOWN;
			}
			if (id.isEmpty()) {
				id = UNKNOWN;
			}
			current = id;
		}
		return id;
	}

	/** @return whether a RUN record's boot id names the boot {@code now}: nothing unsynced it wrote was lost */
	public static boolean same(String recorded, String now) {
		return recorded != null && !recorded.isEmpty() && !UNKNOWN.equals(recorded) && recorded.equals(now);
	}
}
