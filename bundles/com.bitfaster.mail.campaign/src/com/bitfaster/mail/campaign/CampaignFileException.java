package com.bitfaster.mail.campaign;

/** A campaign file that cannot be read or used, with a message for the user. */
public final class CampaignFileException extends Exception {

	private static final long serialVersionUID = 1L;

	/** What is wrong. */
	public enum Kind {
		/** The file is missing, unreadable, not JSON or lacks a member: fix the file. */
		FORMAT,
		/** A server it names is not in the registry: fix the registry or the file. */
		SERVER
	}

	private final Kind kind;

	public CampaignFileException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public CampaignFileException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}
