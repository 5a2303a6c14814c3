package com.bitfaster.mail.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.Credentials;
import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticReport.SecureOption;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.smtp.internal.SmtpErrors.Failure;
import com.bitfaster.mail.smtp.internal.SmtpErrors.Kind;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * "Test Connection" for SMTP servers: each step with a verdict, the transcript with credentials masked, and plain
 * advice for the usual mistakes.
 */
@Component(service = ConnectionTester.class)
public class ConnectionTesterImpl implements ConnectionTester {

	private static final Pattern AUTH_LINE = Pattern.compile("(?im)^(AUTH\\s+\\S+)\\s+\\S.*$"); //$NON-NLS-1$
	private static final Pattern STARTTLS_LINE = Pattern.compile("(?i)^250[- ]STARTTLS\\s*$"); //$NON-NLS-1$
	private static final int IMPLICIT_TLS_PORT = 465;

	private ServerRegistry registry;
	private MailExtensions extensions;
	private SmtpTransportType transportType;
	/** Where each test's verdict is kept for the Servers overview, when installed. */
	private volatile com.bitfaster.mail.core.ServerStatistics statistics;

	public ConnectionTesterImpl() {
	}

	/** A tester outside Declarative Services, on the given registry and extensions. */
	public ConnectionTesterImpl(ServerRegistry registry, MailExtensions extensions) {
		this.registry = registry;
		this.extensions = extensions;
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
	}

	@Reference
	void setExtensions(MailExtensions mailExtensions) {
		this.extensions = mailExtensions;
	}

	@Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
			policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
			policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
	public void setStatistics(com.bitfaster.mail.core.ServerStatistics serverStatistics) {
		this.statistics = serverStatistics;
	}

	void unsetStatistics(com.bitfaster.mail.core.ServerStatistics serverStatistics) {
		if (this.statistics == serverStatistics) {
			this.statistics = null;
		}
	}

	/** Keeps the verdict of a test of a saved server (not of settings being edited) for the Servers overview. */
	private DiagnosticReport recorded(MailServer server, DiagnosticReport report) {
		com.bitfaster.mail.core.ServerStatistics s = statistics;
		if (s != null && registry.get(server.id()).isPresent()) {
			String summary = report.steps().stream().filter(st -> st.verdict() == Verdict.FAILED).findFirst()
					.map(st -> st.name() + ": " + st.detail()) //$NON-NLS-1$
					.orElse(""); //$NON-NLS-1$
			s.recordTest(server.id(), report.ok(), summary);
		}
		return report;
	}

	private synchronized SmtpTransportType transportType() {
		if (transportType == null) {
			transportType = new SmtpTransportType(id -> {
				try {
					Optional<EncryptionProviderDescriptor> d = extensions.encryptionProvider(id);
					return d.isPresent() ? Optional.of(d.get().provider()) : Optional.empty();
				} catch (CoreException e) {
					return Optional.empty();
				}
			});
		}
		return transportType;
	}

	@Override
	public DiagnosticReport test(MailServer server, char[] password, String testRecipient, IProgressMonitor monitor) {
		SubMonitor progress = SubMonitor.convert(monitor, Messages.Diag_task, 4);
		char[] secret;
		boolean xoauth2 = false;
		String authProblem = null;
		if (password == null && !MailServer.AUTH_PASSWORD.equals(server.authMethod())) {
			// Another method (OAuth2): its credentials, asked for now like a sending connection does.
			secret = null;
			try {
				Credentials credentials = extensions.authenticationMethod(server.authMethod())
						.orElseThrow(() -> new CoreException(Status.error(server.authMethod())))
						.authenticationMethod().credentials(server, registry);
				xoauth2 = credentials.kind() == Credentials.Kind.OAUTH2_TOKEN;
				secret = credentials.secret().orElse(null);
			} catch (CoreException e) {
				authProblem = e.getStatus().getMessage();
			}
		} else {
			secret = password != null ? password.clone()
					: server.username().isEmpty() ? null : registry.password(server.id()).orElse(null);
		}
		try {
			Run run = new Run(server, secret);
			run.xoauth2 = xoauth2;
			if (authProblem != null) {
				run.advice.add(authProblem);
			}
			return recorded(server, run.run(testRecipient, progress));
		} finally {
			if (secret != null) {
				Arrays.fill(secret, '\0');
			}
		}
	}

	/** One test: collects steps and advice as it goes. */
	private final class Run {
		private final MailServer server;
		private final char[] password;
		private final List<DiagnosticStep> steps = new ArrayList<>();
		private final List<String> advice = new ArrayList<>();
		private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
		private String fingerprint = ""; //$NON-NLS-1$
		/** Whether the secret is an OAuth2 access token, for SASL XOAUTH2. */
		boolean xoauth2;

		Run(MailServer server, char[] password) {
			this.server = server;
			this.password = password;
		}

		DiagnosticReport run(String testRecipient, SubMonitor progress) {
			List<String> remaining = new ArrayList<>(List.of(Messages.Diag_resolve, Messages.Diag_connect,
					Messages.Diag_greeting, Messages.Diag_ehlo, Messages.Diag_tls, Messages.Diag_auth, Messages.Diag_testMessage));
			try {
				InetAddress[] addresses = InetAddress.getAllByName(server.host());
				step(remaining, Verdict.PASSED, NLS.bind(Messages.Diag_resolved, server.host(),
						String.join(", ", Arrays.stream(addresses).map(InetAddress::getHostAddress).toList()))); //$NON-NLS-1$
			} catch (UnknownHostException e) {
				step(remaining, Verdict.FAILED, NLS.bind(Messages.Smtp_unknownHost, server.host()));
				advice.add(NLS.bind(Messages.Advice_unknownHost, server.host()));
				return finish(remaining);
			}
			progress.worked(1);
			long start = System.nanoTime();
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(server.host(), server.port()), server.timeoutSeconds() * 1000);
				step(remaining, Verdict.PASSED, NLS.bind(Messages.Diag_connected, server.address(),
						(System.nanoTime() - start) / 1_000_000));
			} catch (Exception e) {
				Failure f = SmtpErrors.explain(e, server, null);
				step(remaining, Verdict.FAILED, f.message());
				adviseFor(f, null);
				return finish(remaining);
			}
			progress.worked(1);
			SmtpSessionSettings settings = new SmtpSessionSettings(server, null);
			if (xoauth2) {
				settings.useXOAuth2();
			}
			settings.recordSockets();
			SmtpConnection connection;
			PrintStream debug = new PrintStream(transcript, true, StandardCharsets.UTF_8);
			try {
				connection = transportType().open(settings, password, debug);
			} catch (MessagingException e) {
				Failure f = SmtpErrors.explain(e, server, settings.presentedChain());
				failConnection(remaining, f, settings);
				return finish(remaining);
			} catch (CoreException e) {
				step(remaining, Verdict.FAILED, e.getStatus().getMessage());
				if (server.authenticatesWithoutTls() && !server.allowPlaintextAuth()) {
					readCapabilitiesWithoutSigningIn(debug);
				}
				return finish(remaining);
			}
			progress.worked(1);
			try {
				step(remaining, Verdict.PASSED, greeting());
				step(remaining, Verdict.PASSED, capabilities(connection));
				tlsStep(remaining, settings, null);
				if (server.username().isEmpty()) {
					step(remaining, Verdict.SKIPPED, Messages.Diag_authNone);
				} else if (settings.presentedChain() == null && !settings.guaranteesTls()) {
					// Only reachable when the user allowed it; said plainly every time.
					step(remaining, Verdict.WARNING, NLS.bind(xoauth2 ? Messages.Diag_authPlaintextToken
							: Messages.Diag_authPlaintext, server.username()));
					advice.add(NLS.bind(xoauth2 ? Messages.Advice_tokenReadable : Messages.Advice_passwordReadable,
							server.address()));
				} else {
					step(remaining, Verdict.PASSED, NLS.bind(Messages.Diag_authOk, server.username()));
				}
				if (testRecipient == null || testRecipient.isBlank()) {
					step(remaining, Verdict.SKIPPED, Messages.Diag_notRequested);
				} else {
					sendTest(remaining, connection, testRecipient.strip(), settings);
				}
			} finally {
				connection.close();
			}
			progress.worked(1);
			return finish(remaining);
		}

		private void sendTest(List<String> remaining, SmtpConnection connection, String recipient, SmtpSessionSettings settings) {
			try {
				MimeMessage message = new MimeMessage(Session.getInstance(settings.properties()));
				String from = server.username().contains("@") ? server.username() //$NON-NLS-1$
						: "bitfaster-test@" + (server.heloName().isEmpty() ? "localhost" : server.heloName()); //$NON-NLS-1$ //$NON-NLS-2$
				message.setFrom(new InternetAddress(from));
				message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
				message.setSubject(Messages.Diag_testSubject, "UTF-8"); //$NON-NLS-1$
				message.setText(NLS.bind(Messages.Diag_testBody, server.name()), "UTF-8"); //$NON-NLS-1$
				RecipientOutcome outcome = connection.send(message, List.of(new InternetAddress(recipient))).get(0);
				String detail = (outcome.code() > 0 ? outcome.code() + " " : "") + outcome.reply(); //$NON-NLS-1$ //$NON-NLS-2$
				step(remaining, outcome.status() == RecipientOutcome.Status.ACCEPTED ? Verdict.PASSED : Verdict.FAILED,
						detail.strip());
			} catch (MessagingException e) {
				step(remaining, Verdict.FAILED, e.getMessage());
			}
		}

		private void failConnection(List<String> remaining, Failure f, SmtpSessionSettings settings) {
			boolean greeted = greetingLine() != null;
			switch (f.kind()) {
			case AUTH -> {
				step(remaining, Verdict.PASSED, greeting());
				step(remaining, Verdict.PASSED, capabilities(null));
				tlsStep(remaining, settings, null);
				step(remaining, Verdict.FAILED, f.message());
			}
			case STARTTLS_MISSING -> {
				step(remaining, Verdict.PASSED, greeting());
				step(remaining, Verdict.PASSED, capabilities(null));
				step(remaining, Verdict.FAILED, f.message());
			}
			case UNTRUSTED, HOST_MISMATCH, NOT_TLS -> {
				if (!SmtpErrors.isStartTls(server)) {
					step(remaining, Verdict.FAILED, f.message()); // implicit TLS: no greeting before the handshake
				} else {
					step(remaining, Verdict.PASSED, greeting());
					step(remaining, Verdict.PASSED, capabilities(null));
				}
				jumpTo(remaining, Messages.Diag_tls);
				tlsStep(remaining, settings, f.message());
			}
			default -> {
				if (greeted) {
					step(remaining, Verdict.PASSED, greeting());
				}
				step(remaining, Verdict.FAILED, f.message());
			}
			}
			adviseFor(f, settings.presentedChain());
		}

		private void adviseFor(Failure f, X509Certificate[] chain) {
			switch (f.kind()) {
			case TIMEOUT -> {
				if (!EncryptionProviderDescriptor.SSL.equals(server.encryption()) && greetingLine() == null
						&& speaksImplicitTls()) {
					advice.add(NLS.bind(Messages.Advice_startTlsOnImplicitPort, server.port()));
				} else {
					advice.add(NLS.bind(Messages.Advice_timeout, server.timeoutSeconds()));
				}
			}
			case REFUSED -> advice.add(NLS.bind(Messages.Advice_refused, server.address()));
			case AUTH -> advice.add(Messages.Advice_auth);
			case STARTTLS_MISSING -> advice.add(Messages.Advice_startTlsMissing);
			case NOT_TLS -> advice.add(NLS.bind(Messages.Advice_sslOnPlainPort, server.port()));
			case HOST_MISMATCH -> advice.add(NLS.bind(Messages.Advice_hostMismatch,
					chain == null ? "?" : String.join(", ", SmtpErrors.certificateNames(chain[0])), server.host())); //$NON-NLS-1$ //$NON-NLS-2$
			case UNTRUSTED -> {
				if (server.pinnedCertificate().isEmpty() && chain != null) {
					advice.add(NLS.bind(Messages.Advice_untrusted, Tls.fingerprint(chain[0])));
				}
			}
			case UNKNOWN_HOST -> advice.add(NLS.bind(Messages.Advice_unknownHost, server.host()));
			default -> {
				// the step's message says it all
			}
			}
		}

		/**
		 * A server that says nothing until a TLS handshake is an implicit-TLS port. Only the handshake is tried, so
		 * trusting any certificate here sends nothing to anyone.
		 */
		private boolean speaksImplicitTls() {
			return speaksImplicitTls(server.port(), server.timeoutSeconds() * 1000);
		}

		private boolean speaksImplicitTls(int port, int timeoutMillis) {
			try {
				SSLContext context = SSLContext.getInstance("TLS"); //$NON-NLS-1$
				context.init(null, new TrustManager[] { new AnyCertificate() }, null);
				try (Socket plain = new Socket()) {
					plain.connect(new InetSocketAddress(server.host(), port), timeoutMillis);
					plain.setSoTimeout(timeoutMillis);
					try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, server.host(), port, false)) {
						ssl.startHandshake();
						return true;
					}
				}
			} catch (Exception e) {
				return false;
			}
		}

		private void tlsStep(List<String> remaining, SmtpSessionSettings settings, String failure) {
			X509Certificate[] chain = settings.presentedChain();
			if (chain != null) {
				fingerprint = Tls.fingerprint(chain[0]);
			}
			if (failure != null) {
				step(remaining, Verdict.FAILED, chain == null ? failure : failure + " " + certificate(settings, chain)); //$NON-NLS-1$
				return;
			}
			if (chain == null) {
				step(remaining, EncryptionProviderDescriptor.NONE.equals(server.encryption()) ? Verdict.WARNING : Verdict.SKIPPED,
						Messages.Diag_tlsNotUsed);
				return;
			}
			step(remaining, Verdict.PASSED, certificate(settings, chain));
		}

		private String certificate(SmtpSessionSettings settings, X509Certificate[] chain) {
			SSLSocket socket = settings.lastSocket();
			SSLSession session = socket == null ? null : socket.getSession();
			List<String> names = SmtpErrors.certificateNames(chain[0]);
			boolean matches = names.stream().anyMatch(n -> Tls.hostMatches(n, server.host()));
			return NLS.bind(Messages.Diag_tlsDetail, new Object[] { session == null ? "?" : session.getProtocol(), //$NON-NLS-1$
					session == null ? "?" : session.getCipherSuite(), chain[0].getSubjectX500Principal().getName(), //$NON-NLS-1$
					chain[0].getIssuerX500Principal().getName(),
					chain[0].getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate(),
					matches ? Messages.Diag_hostMatch : NLS.bind(Messages.Diag_hostNoMatch, String.join(", ", names)), //$NON-NLS-1$
					Tls.fingerprint(chain[0]) });
		}

		/**
		 * Read from the EHLO replies in the transcript, so it also works when a later step failed; whether pipelining
		 * is used, and why not, from the connection when there is one.
		 */
		private String capabilities(SmtpConnection connection) {
			String size = null;
			String auth = null;
			boolean startTls = false;
			boolean pipelining = false;
			for (String line : transcriptText().split("\\R")) { //$NON-NLS-1$
				if (!line.startsWith("250-") && !line.startsWith("250 ")) { //$NON-NLS-1$ //$NON-NLS-2$
					continue;
				}
				String keyword = line.substring(4).strip();
				String upper = keyword.toUpperCase(java.util.Locale.ROOT);
				if (upper.startsWith("SIZE")) { //$NON-NLS-1$
					size = keyword.substring(4).strip();
				} else if (upper.startsWith("AUTH ") || upper.startsWith("AUTH=")) { //$NON-NLS-1$ //$NON-NLS-2$
					auth = keyword.substring(5).strip(); // the last EHLO (after STARTTLS) is the one that counts
				} else if (upper.equals("STARTTLS")) { //$NON-NLS-1$
					startTls = true;
				} else if (upper.equals("PIPELINING")) { //$NON-NLS-1$
					pipelining = true;
				}
			}
			String pipelined;
			if (connection == null) {
				pipelined = pipelining ? "yes" : "no"; //$NON-NLS-1$ //$NON-NLS-2$
			} else if (connection.whyThroughAngus() != null) {
				pipelined = NLS.bind(Messages.Diag_pipeliningViaAngus, connection.whyThroughAngus());
			} else if (connection.pipelined()) {
				pipelined = Messages.Diag_pipeliningUsed;
			} else {
				pipelined = pipelining ? Messages.Diag_pipeliningOff : Messages.Diag_pipeliningNotOffered;
			}
			return NLS.bind(Messages.Diag_ehloDetail, new Object[] { size == null || size.isEmpty() ? Messages.Diag_none : size,
					auth == null ? Messages.Diag_none : auth, startTls ? "yes" : "no", pipelined }); //$NON-NLS-1$ //$NON-NLS-2$
		}

		private String greeting() {
			String line = greetingLine();
			return line == null ? "" : line; //$NON-NLS-1$
		}

		private String greetingLine() {
			for (String line : transcriptText().split("\\R")) { //$NON-NLS-1$
				if (line.startsWith("220 ") || line.startsWith("220-") || line.startsWith("421")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					return line;
				}
			}
			return null;
		}

		private String transcriptText() {
			return transcript.toString(StandardCharsets.UTF_8);
		}

		private void step(List<String> remaining, Verdict verdict, String detail) {
			steps.add(new DiagnosticStep(remaining.remove(0), verdict, detail));
		}

		private void jumpTo(List<String> remaining, String name) {
			while (!remaining.isEmpty() && !remaining.get(0).equals(name)) {
				steps.add(new DiagnosticStep(remaining.remove(0), Verdict.SKIPPED, Messages.Diag_notReached));
			}
		}

		private DiagnosticReport finish(List<String> remaining) {
			while (!remaining.isEmpty()) {
				steps.add(new DiagnosticStep(remaining.remove(0), Verdict.SKIPPED, Messages.Diag_notReached));
			}
			List<SecureOption> options = secureOptions();
			return new DiagnosticReport(List.copyOf(steps), mask(transcriptText()), List.copyOf(advice), fingerprint,
					options);
		}

		/**
		 * For a server without encryption that answered: the TLS it offers, named in the advice. STARTTLS when its
		 * EHLO announced it; SSL/TLS on 465 when a TLS handshake succeeds there (only the handshake: nothing is sent).
		 */
		private List<SecureOption> secureOptions() {
			if (!EncryptionProviderDescriptor.NONE.equals(server.encryption()) || greetingLine() == null) {
				return List.of();
			}
			List<SecureOption> options = new ArrayList<>();
			boolean startTls = transcriptText().lines().anyMatch(l -> STARTTLS_LINE.matcher(l).matches());
			if (startTls) {
				options.add(new SecureOption(EncryptionProviderDescriptor.STARTTLS, server.port()));
				advice.add(NLS.bind(Messages.Advice_offersStartTls, server.port()));
			}
			if (server.port() != IMPLICIT_TLS_PORT
					&& speaksImplicitTls(IMPLICIT_TLS_PORT, Math.min(server.timeoutSeconds(), 5) * 1000)) {
				options.add(new SecureOption(EncryptionProviderDescriptor.SSL, IMPLICIT_TLS_PORT));
				advice.add(NLS.bind(Messages.Advice_offersSsl, IMPLICIT_TLS_PORT));
			}
			if (options.isEmpty()) {
				advice.add(Messages.Advice_noTlsOffered);
			}
			return options;
		}

		/**
		 * The server was refused before signing in (a password without TLS, not allowed): greet it and read its EHLO
		 * without a user name, so that the advice can name the TLS it offers. Nothing secret is sent.
		 */
		private void readCapabilitiesWithoutSigningIn(PrintStream debug) {
			SmtpSessionSettings anonymous = new SmtpSessionSettings(server.toBuilder().username("").build(), null); //$NON-NLS-1$
			try {
				transportType().open(anonymous, null, debug).close();
			} catch (MessagingException | CoreException | RuntimeException e) {
				// Only for advice: what was read before the failure is used.
			}
		}

		/** Credentials never reach the transcript: AUTH arguments, the password and its Base64 forms are masked. */
		private String mask(String text) {
			String masked = AUTH_LINE.matcher(text).replaceAll("$1 ****"); //$NON-NLS-1$
			if (password != null && password.length > 0) {
				String pw = new String(password);
				Base64.Encoder b64 = Base64.getEncoder();
				for (String secret : List.of(b64.encodeToString(("\0" + server.username() + "\0" + pw).getBytes(StandardCharsets.UTF_8)), //$NON-NLS-1$ //$NON-NLS-2$
						// SASL XOAUTH2's initial response, also when sent on a line of its own
						b64.encodeToString(("user=" + server.username() + "\u0001auth=Bearer " + pw + "\u0001\u0001") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
								.getBytes(StandardCharsets.UTF_8)),
						b64.encodeToString(pw.getBytes(StandardCharsets.UTF_8)), pw)) {
					masked = masked.replace(secret, "****"); //$NON-NLS-1$
				}
			}
			return masked;
		}
	}

	/** Used only to detect whether a port speaks TLS at all; see {@code speaksImplicitTls}. */
	private static final class AnyCertificate implements X509TrustManager {
		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
			// not a server
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
			// detection only: nothing is sent over this connection
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}
	}
}
