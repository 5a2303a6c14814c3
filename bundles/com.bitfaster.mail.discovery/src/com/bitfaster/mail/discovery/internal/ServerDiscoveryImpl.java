package com.bitfaster.mail.discovery.internal;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.xbill.DNS.NioClient;

import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.DiagnosticStep.Verdict;
import com.bitfaster.mail.discovery.DiscoveryReport;
import com.bitfaster.mail.discovery.DnsQuestions;
import com.bitfaster.mail.discovery.DnsResolvers;
import com.bitfaster.mail.discovery.Proposal;
import com.bitfaster.mail.discovery.ServerDiscovery;

/**
 * The discovery service: autoconfig, then SRV, then guesses from the domain and its MX hosts; each candidate probed in
 * turn until one reaches TLS with a verified certificate. Holds nothing between calls: each call makes its resolver,
 * sockets and TLS context and closes its sockets before it returns.
 */
@Component(service = ServerDiscovery.class)
public class ServerDiscoveryImpl implements ServerDiscovery {

	/** Sources, as {@link Proposal#source()} names them. */
	static final String AUTOCONFIG = "autoconfig", WELL_KNOWN = "well-known", SRV_SUBMISSIONS = "srv-submissions", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			SRV_SUBMISSION = "srv-submission", GUESS = "guess"; //$NON-NLS-1$ //$NON-NLS-2$

	private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern
			.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+"); //$NON-NLS-1$
	private static final Set<String> OAUTH_MECHANISMS = Set.of("XOAUTH2", "OAUTHBEARER"); //$NON-NLS-1$ //$NON-NLS-2$

	private final Duration dnsTimeout;
	private final Duration connectTimeout;
	private final Duration readTimeout;
	private final Duration deadline;

	public ServerDiscoveryImpl() {
		this(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(60));
	}

	/**
	 * @param dnsTimeout     per DNS question
	 * @param connectTimeout per TCP connection
	 * @param readTimeout    per read (greeting, reply, TLS handshake, HTTP response)
	 * @param deadline       no new step starts after this
	 */
	public ServerDiscoveryImpl(Duration dnsTimeout, Duration connectTimeout, Duration readTimeout, Duration deadline) {
		this.dnsTimeout = dnsTimeout;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.deadline = deadline;
	}

	/** Whether a discovery asked DNS: only then has dnsjava a selector thread to stop. */
	private final AtomicBoolean askedDns = new AtomicBoolean();

	/**
	 * Stops dnsjava's selector thread, which its first UDP question started; a later question starts it again. Left
	 * alone when nothing asked: loading dnsjava's client at shutdown initialised its logging after the logging provider
	 * had stopped, and every such command warned on stderr.
	 */
	@Deactivate
	void deactivate() {
		if (askedDns.get()) {
			NioClient.close();
		}
	}

	@Override
	public DiscoveryReport discover(String address, Consumer<DiagnosticStep> progress, IProgressMonitor monitor) {
		return new Run(address, progress, monitor).run();
	}

	/** @return the configured DNS server ({@code HOST[:PORT]}) and where it was configured, or empty */
	static String[] configuredDnsServer() {
		return com.bitfaster.mail.discovery.DnsResolvers.configuredServer();
	}

	/** One discovery: its steps, its candidates tried, the best plain-text fallback. */
	private final class Run {
		private final String address;
		private final Consumer<DiagnosticStep> progress;
		private final IProgressMonitor monitor;
		private final long start = System.nanoTime();
		private final List<DiagnosticStep> steps = new ArrayList<>();
		private final List<Candidate> probed = new ArrayList<>();
		private String localPart = ""; //$NON-NLS-1$
		private String domain = ""; //$NON-NLS-1$
		private DnsQuestions dns;
		private String resolverDescription = ""; //$NON-NLS-1$
		private Net net;
		private SmtpProbe probe;
		private Proposal found;
		private Proposal plainFallback;

		Run(String address, Consumer<DiagnosticStep> progress, IProgressMonitor monitor) {
			this.address = address == null ? "" : address.trim(); //$NON-NLS-1$
			this.progress = progress;
			this.monitor = monitor;
		}

		private void step(String name, Verdict verdict, String detail) {
			DiagnosticStep s = new DiagnosticStep(name, verdict, detail);
			steps.add(s);
			if (progress != null) {
				progress.accept(s);
			}
		}

		private boolean stop() {
			return found != null || (monitor != null && monitor.isCanceled())
					|| System.nanoTime() - start > deadline.toNanos();
		}

		/** Reports a stage as skipped when a setting was found already, or discovery was stopped. */
		private boolean skipped(String name) {
			if (!stop()) {
				return false;
			}
			step(name, Verdict.SKIPPED, found != null ? Messages.Step_foundAlready
					: monitor != null && monitor.isCanceled() ? Messages.Step_cancelled
							: NLS.bind(Messages.Step_deadline, deadline.toSeconds()));
			return true;
		}

		DiscoveryReport run() {
			if (!parseAddress()) {
				return report();
			}
			String[] server = configuredDnsServer();
			askedDns.set(true);
			try {
				DnsResolvers.Configured resolver = DnsResolvers.of(server[0], dnsTimeout);
				dns = new DnsQuestions(resolver.resolver(), false);
				resolverDescription = resolver.description();
			} catch (UnknownHostException e) {
				step(Messages.Step_resolver, Verdict.FAILED, NLS.bind(Messages.Resolver_bad, server[1], server[0]));
				return report();
			}
			step(Messages.Step_resolver, Verdict.PASSED, server[1].isEmpty() ? Messages.Resolver_system
					: NLS.bind(Messages.Resolver_configured, resolverDescription, server[1]));
			net = new Net(connectTimeout, readTimeout);
			probe = new SmtpProbe(net);

			String query = URLEncoder.encode(localPart + "@" + domain, StandardCharsets.UTF_8); //$NON-NLS-1$
			autoconfig(Messages.Step_autoconfig, AUTOCONFIG,
					URI.create("https://autoconfig." + domain + "/mail/config-v1.1.xml?emailaddress=" + query)); //$NON-NLS-1$ //$NON-NLS-2$
			autoconfig(Messages.Step_wellKnown, WELL_KNOWN,
					URI.create("https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml")); //$NON-NLS-1$ //$NON-NLS-2$
			srv(Messages.Step_srvSubmissions, "_submissions._tcp." + domain, Candidate.Mode.SSL, SRV_SUBMISSIONS); //$NON-NLS-1$
			srv(Messages.Step_srvSubmission, "_submission._tcp." + domain, Candidate.Mode.STARTTLS, SRV_SUBMISSION); //$NON-NLS-1$
			guesses();

			if (found != null) {
				step(Messages.Step_proposal, Verdict.PASSED, describe(found));
			} else if (plainFallback != null) {
				found = plainFallback;
				step(Messages.Step_proposal, Verdict.WARNING, NLS.bind(Messages.Proposal_plainOnly, describe(found)));
			} else {
				step(Messages.Step_proposal, Verdict.FAILED, NLS.bind(Messages.Proposal_none, domain));
			}
			return report();
		}

		private DiscoveryReport report() {
			return new DiscoveryReport(address, domain, steps, found, Duration.ofNanos(System.nanoTime() - start));
		}

		private boolean parseAddress() {
			int at = address.lastIndexOf('@');
			String local = at > 0 ? address.substring(0, at) : ""; //$NON-NLS-1$
			String host = at > 0 ? address.substring(at + 1) : ""; //$NON-NLS-1$
			String ascii;
			try {
				ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
			} catch (IllegalArgumentException e) {
				ascii = ""; //$NON-NLS-1$
			}
			if (ascii.endsWith(".")) { //$NON-NLS-1$
				ascii = ascii.substring(0, ascii.length() - 1);
			}
			if (local.isEmpty() || local.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f) || !DOMAIN.matcher(ascii).matches()) {
				step(Messages.Step_address, Verdict.FAILED, NLS.bind(Messages.Address_bad, address));
				return false;
			}
			localPart = local;
			domain = ascii;
			step(Messages.Step_address, Verdict.PASSED, NLS.bind(Messages.Address_ok, local, domain));
			return true;
		}

		private void autoconfig(String name, String source, URI uri) {
			if (skipped(name)) {
				return;
			}
			HttpsGet get = new HttpsGet(net, host -> {
				DnsQuestions.Answer<InetAddress> a = dns.addresses(host);
				if (a.values().isEmpty() && !a.error().isEmpty()) {
					throw new IOException(NLS.bind(Messages.Dns_error, host, a.error()));
				}
				return a.values();
			});
			List<Candidate> candidates;
			try {
				HttpsGet.Response r = get.get(uri);
				if (r.status() != 200) {
					step(name, Verdict.WARNING, NLS.bind(Messages.Autoconfig_status, uri, r.status()));
					return;
				}
				candidates = Autoconfig.parse(r.body(), source, localPart, domain);
			} catch (UnknownHostException e) {
				step(name, Verdict.WARNING, NLS.bind(Messages.Autoconfig_noHost, uri.getHost()));
				return;
			} catch (IOException e) {
				step(name, Verdict.WARNING, NLS.bind(Messages.Autoconfig_failed, uri, Net.failure(e, uri.getHost(), 443)));
				return;
			}
			if (candidates.isEmpty()) {
				step(name, Verdict.WARNING, NLS.bind(Messages.Autoconfig_noSmtp, uri));
				return;
			}
			step(name, Verdict.PASSED, NLS.bind(Messages.Autoconfig_found, uri, list(candidates)));
			candidates.forEach(this::tryCandidate);
		}

		private void srv(String name, String query, Candidate.Mode mode, String source) {
			if (skipped(name)) {
				return;
			}
			DnsQuestions.Answer<DnsQuestions.Srv> a = dns.srv(query);
			if (!a.error().isEmpty()) {
				step(name, Verdict.WARNING, NLS.bind(Messages.Dns_error, query, a.error()));
				return;
			}
			if (a.values().isEmpty()) {
				step(name, Verdict.WARNING, NLS.bind(Messages.Srv_none, query));
				return;
			}
			List<Candidate> candidates = a.values().stream()
					.map(s -> new Candidate(s.target().toLowerCase(Locale.ROOT), s.port(), mode, source, "", List.of())) //$NON-NLS-1$
					.toList();
			step(name, Verdict.PASSED, NLS.bind(Messages.Srv_found, query, list(candidates)));
			candidates.forEach(this::tryCandidate);
		}

		private void guesses() {
			if (skipped(Messages.Step_mx)) {
				return;
			}
			Set<String> hosts = new LinkedHashSet<>(List.of("smtp." + domain, "mail." + domain)); //$NON-NLS-1$ //$NON-NLS-2$
			DnsQuestions.Answer<DnsQuestions.Mx> all = dns.mx(domain);
			// a null MX (the domain takes no mail) names no host to try
			DnsQuestions.Answer<DnsQuestions.Mx> mx = new DnsQuestions.Answer<>(
					all.values().stream().filter(m -> !m.isNull()).toList(), all.error());
			if (!mx.error().isEmpty()) {
				step(Messages.Step_mx, Verdict.WARNING, NLS.bind(Messages.Dns_error, domain, mx.error()));
			} else if (mx.values().isEmpty()) {
				step(Messages.Step_mx, Verdict.WARNING, NLS.bind(Messages.Mx_none, domain));
			} else {
				step(Messages.Step_mx, Verdict.PASSED, NLS.bind(Messages.Mx_found, domain, mx.values().stream()
						.map(m -> m.host() + " (" + m.preference() + ")").collect(Collectors.joining(", ")))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				for (DnsQuestions.Mx m : mx.values().subList(0, Math.min(2, mx.values().size()))) {
					String host = m.host().toLowerCase(Locale.ROOT);
					for (String base : baseDomains(host)) {
						if (!base.equals(domain)) {
							hosts.add("smtp." + base); //$NON-NLS-1$
							hosts.add("mail." + base); //$NON-NLS-1$
						}
					}
					hosts.add(host);
				}
			}
			for (String host : hosts) {
				if (skipped(Messages.Step_guess)) {
					return;
				}
				DnsQuestions.Answer<InetAddress> a = dns.addresses(host);
				if (a.values().isEmpty()) {
					step(Messages.Step_guess, Verdict.WARNING, a.error().isEmpty() ? NLS.bind(Messages.Guess_noAddress, host)
							: NLS.bind(Messages.Dns_error, host, a.error()));
					continue;
				}
				step(Messages.Step_guess, Verdict.PASSED, NLS.bind(Messages.Guess_address, host, addresses(a.values())));
				tryCandidate(new Candidate(host, 465, Candidate.Mode.SSL, GUESS, "", List.of()), a.values()); //$NON-NLS-1$
				tryCandidate(new Candidate(host, 587, Candidate.Mode.STARTTLS, GUESS, "", List.of()), a.values()); //$NON-NLS-1$
				tryCandidate(new Candidate(host, 25, Candidate.Mode.PLAIN, GUESS, "", List.of()), a.values()); //$NON-NLS-1$
			}
		}

		/** @return the MX host without its first label, and its last two labels (example.com of mx1.eu.example.com) */
		private List<String> baseDomains(String host) {
			List<String> bases = new ArrayList<>();
			String[] labels = host.split("\\."); //$NON-NLS-1$
			if (labels.length >= 3) {
				bases.add(host.substring(host.indexOf('.') + 1));
				String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1]; //$NON-NLS-1$
				if (!bases.contains(lastTwo)) {
					bases.add(lastTwo);
				}
			}
			return bases;
		}

		private void tryCandidate(Candidate c) {
			if (stop() || probed.stream().anyMatch(c::sameServer)) {
				return;
			}
			DnsQuestions.Answer<InetAddress> a = dns.addresses(c.host());
			if (a.values().isEmpty()) {
				probed.add(c);
				step(Messages.Step_probe, Verdict.FAILED, a.error().isEmpty() ? NLS.bind(Messages.Guess_noAddress, c.host())
						: NLS.bind(Messages.Dns_error, c.host(), a.error()));
				return;
			}
			tryCandidate(c, a.values());
		}

		private void tryCandidate(Candidate c, List<InetAddress> addresses) {
			if (stop() || probed.stream().anyMatch(c::sameServer)) {
				return;
			}
			probed.add(c);
			String where = c.host() + ":" + c.port() + " " + modeName(c.mode()); //$NON-NLS-1$ //$NON-NLS-2$
			long t0 = System.nanoTime();
			SmtpProbe.Result r = probe.probe(c, addresses);
			String took = " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)"; //$NON-NLS-1$ //$NON-NLS-2$
			if (r.secure()) {
				found = proposal(c, r);
				step(Messages.Step_probe, Verdict.PASSED, where + ": " + r.detail() + took); //$NON-NLS-1$
			} else if (r.reached()) {
				step(Messages.Step_probe, Verdict.WARNING, where + ": " + NLS.bind(Messages.Probe_noTls, r.detail()) + took); //$NON-NLS-1$
				if (plainFallback == null) {
					plainFallback = new Proposal(c.host(), c.port(), Proposal.NONE, Proposal.AUTH_NONE, "", c.source(), //$NON-NLS-1$
							r.authMechanisms(), ""); //$NON-NLS-1$
				}
			} else {
				step(Messages.Step_probe, Verdict.FAILED, where + ": " + r.detail() + took); //$NON-NLS-1$
			}
		}

		private Proposal proposal(Candidate c, SmtpProbe.Result r) {
			List<String> mechanisms = r.authMechanisms();
			String authentication;
			if (mechanisms.isEmpty()) {
				authentication = Proposal.AUTH_NONE;
			} else if (OAUTH_MECHANISMS.containsAll(mechanisms)
					|| (!c.authentication().isEmpty() && "oauth2".equalsIgnoreCase(c.authentication().get(0)) //$NON-NLS-1$
							&& mechanisms.stream().anyMatch(OAUTH_MECHANISMS::contains))) {
				authentication = Proposal.AUTH_OAUTH2;
			} else {
				authentication = Proposal.AUTH_PASSWORD;
			}
			String user = Proposal.AUTH_NONE.equals(authentication) ? "" //$NON-NLS-1$
					: c.username().isEmpty() ? localPart + "@" + domain : c.username(); //$NON-NLS-1$
			return new Proposal(c.host(), c.port(), c.mode() == Candidate.Mode.SSL ? Proposal.SSL : Proposal.STARTTLS,
					authentication, user, c.source(), mechanisms, r.tls());
		}

		private static String modeName(Candidate.Mode mode) {
			return switch (mode) {
			case SSL -> "SSL/TLS"; //$NON-NLS-1$
			case STARTTLS -> "STARTTLS"; //$NON-NLS-1$
			case PLAIN -> Messages.Mode_plain;
			};
		}

		private static String list(List<Candidate> candidates) {
			return candidates.stream().map(c -> c.host() + ":" + c.port() + " " + modeName(c.mode())) //$NON-NLS-1$ //$NON-NLS-2$
					.collect(Collectors.joining(", ")); //$NON-NLS-1$
		}

		private static String addresses(List<InetAddress> list) {
			return list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ")); //$NON-NLS-1$
		}

		private static String describe(Proposal p) {
			String auth = switch (p.authentication()) {
			case Proposal.AUTH_PASSWORD -> NLS.bind(Messages.Proposal_password, p.username());
			case Proposal.AUTH_OAUTH2 -> NLS.bind(Messages.Proposal_oauth2, p.username());
			default -> Messages.Proposal_noAuth;
			};
			return NLS.bind(Messages.Proposal_found, new Object[] { p.host(), p.port(), p.encryption(), auth, p.source() });
		}
	}
}
