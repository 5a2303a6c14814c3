package com.bitfaster.mail.ui.internal.navigator;

import org.eclipse.core.runtime.PlatformObject;

import com.bitfaster.mail.core.MailServer;

/**
 * A server in the navigator. Equal by server id, so selection and expansion survive a change of its settings; adapts
 * to {@link MailServer} through {@link ServerNodeAdapterFactory}.
 */
public final class ServerNode extends PlatformObject {

	private final MailServer server;

	public ServerNode(MailServer server) {
		this.server = server;
	}

	public MailServer server() {
		return server;
	}

	@Override
	public boolean equals(Object obj) {
		return obj instanceof ServerNode other && other.server.id().equals(server.id());
	}

	@Override
	public int hashCode() {
		return server.id().hashCode();
	}

	@Override
	public String toString() {
		return server.name();
	}
}
