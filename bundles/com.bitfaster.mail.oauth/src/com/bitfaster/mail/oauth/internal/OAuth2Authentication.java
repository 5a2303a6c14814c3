package com.bitfaster.mail.oauth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.core.AuthenticationMethod;
import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.FieldProblem;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;

/**
 * The built-in {@code oauth2} authentication method: SASL XOAUTH2 with the server's user name and an access token
 * from {@link OAuthService}, asked for each time a connection is opened (so it is refreshed when it is about to
 * expire, and a long campaign never signs in with an expired token).
 */
public final class OAuth2Authentication implements AuthenticationMethod {

	@Override
	public Credentials credentials(MailServer server, ServerRegistry registry) throws CoreException {
		// The tokens of the registry that holds the server (the workbench's, the command line's, or a test's).
		OAuthService service = OAuthServiceImpl.forRegistry(registry);
		return new Credentials() {
			@Override
			public Kind kind() {
				return Kind.OAUTH2_TOKEN;
			}

			@Override
			public String username() {
				return server.username();
			}

			@Override
			public Optional<char[]> secret() throws CoreException {
				try {
					return Optional.of(service.accessToken(server));
				} catch (OAuthException e) {
					throw new CoreException(Status.error(e.getMessage()));
				}
			}
		};
	}

	@Override
	public List<FieldProblem> validate(MailServer server) {
		List<FieldProblem> problems = new ArrayList<>();
		String provider = server.authSettings().getOrDefault(OAuthSettings.PROVIDER, ""); //$NON-NLS-1$
		if (!OAuthSettings.PROVIDERS.contains(provider)) {
			problems.add(new FieldProblem(ServerField.AUTH_SETTING, OAuthSettings.PROVIDER,
					NLS.bind(Messages.unknownProvider, provider)));
		} else if (OAuthSettings.ISSUER.equals(provider)) {
			try {
				Endpoints.checkIssuer(server.authSettings().getOrDefault(OAuthSettings.ISSUER_URL, "")); //$NON-NLS-1$
			} catch (OAuthException e) {
				problems.add(new FieldProblem(ServerField.AUTH_SETTING, OAuthSettings.ISSUER_URL, e.getMessage()));
			}
		}
		if (server.authSettings().getOrDefault(OAuthSettings.CLIENT_ID, "").isBlank()) { //$NON-NLS-1$
			problems.add(new FieldProblem(ServerField.AUTH_SETTING, OAuthSettings.CLIENT_ID,
					NLS.bind(Messages.noClientId, server.name())));
		}
		if (server.username().isBlank()) {
			problems.add(new FieldProblem(ServerField.USERNAME, NLS.bind(Messages.noUsername, server.name())));
		}
		return problems;
	}

}
