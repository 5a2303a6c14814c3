package com.bitfaster.mail.core.tests;

import java.util.List;

import com.bitfaster.mail.core.AuthenticationMethod;
import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerRegistry;

/** A third party's method, as a client certificate would be: one setting ({@code alias}) it insists on. */
public class TestAuthenticationMethod implements AuthenticationMethod {

	@Override
	public Credentials credentials(MailServer server, ServerRegistry registry) {
		return Credentials.NONE;
	}

	@Override
	public List<FieldProblem> validate(MailServer server) {
		return server.authSettings().getOrDefault("alias", "").isBlank() //$NON-NLS-1$ //$NON-NLS-2$
				? List.of(new FieldProblem(ServerField.AUTH_SETTING, "alias", "Choose the certificate's alias.")) //$NON-NLS-1$ //$NON-NLS-2$
				: List.of();
	}
}
