package com.bitfaster.mail.ui.internal.navigator;

/** The "SMTP Servers" node: its children are the servers of the registry. */
public final class ServersNode {

	public static final ServersNode INSTANCE = new ServersNode();

	private ServersNode() {
	}
}
