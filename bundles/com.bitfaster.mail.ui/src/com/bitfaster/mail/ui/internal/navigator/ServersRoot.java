package com.bitfaster.mail.ui.internal.navigator;

/** The invisible input of the server navigator; its only child is the "SMTP Servers" node. */
public final class ServersRoot {

	public static final ServersRoot INSTANCE = new ServersRoot();

	private ServersRoot() {
	}
}
