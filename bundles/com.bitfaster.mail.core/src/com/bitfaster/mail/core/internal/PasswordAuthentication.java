package com.bitfaster.mail.core.internal;

import java.util.Optional;

import com.bitfaster.mail.core.AuthenticationMethod;
import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;

/**
 * The built-in {@code password} method: the server's user name and its password from secure storage, read when a
 * connection is opened; no sign-in when the user name is empty.
 */
public final class PasswordAuthentication implements AuthenticationMethod {

	@Override
	public Credentials credentials(MailServer server, ServerRegistry registry) {
		if (server.username().isEmpty()) {
			return Credentials.NONE;
		}
		return new Credentials() {
			@Override
			public Kind kind() {
				return Kind.PASSWORD;
			}

			@Override
			public String username() {
				return server.username();
			}

			@Override
			public Optional<char[]> secret() {
				return registry.password(server.id());
			}
		};
	}
}
