package com.bitfaster.mail.pickup;

/** The transport settings of the {@code pickup} transport type, as a server's transport-specific key/values hold them. */
public final class PickupSettings {

	/** The folder each message is written into as an {@code .eml} file. */
	public static final String DIRECTORY = "directory"; //$NON-NLS-1$

	private PickupSettings() {
	}
}
