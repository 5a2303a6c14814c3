package com.bitfaster.mail.preflight.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.xbill.DNS.NioClient;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageBodies;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.discovery.DnsQuestions;
import com.bitfaster.mail.discovery.DnsResolvers;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.preflight.Draft;
import com.bitfaster.mail.preflight.Finding;
import com.bitfaster.mail.preflight.PreflightCheck;
import com.bitfaster.mail.preflight.PreflightReport;
import com.bitfaster.mail.preflight.Severity;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The pre-flight check as a DS component; see {@link PreflightCheck}. */
@Component(service = PreflightCheck.class)
public final class PreflightCheckImpl implements PreflightCheck {

	/** Gmail clips a message whose HTML is larger than this. */
	static final int GMAIL_CLIP_BYTES = 102 * 1024;

	private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$
	private static final Pattern ALT = Pattern.compile("\\salt\\s*=", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$
	private static final Pattern HTTP_HREF = Pattern.compile("\\b(?:href|src)\\s*=\\s*[\"']?(http://[^\"'\\s>]+)", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern HTTP_TEXT = Pattern.compile("(?<![\\w/])(http://[^\\s<>\"]+)", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$
	private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*\\}\\}"); //$NON-NLS-1$
	private static final Pattern NO_REPLY = Pattern.compile("(?i)^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply)([-_.+].*)?$"); //$NON-NLS-1$

	private final Duration dnsTimeout;
	private volatile ServerRegistry registry;
	/** The product's DKIM keys of a domain; none until the DKIM bundle provides them. */
	private volatile Function<String, List<SigningKey>> signingKeys = d -> List.of();

	public PreflightCheckImpl() {
		this(Duration.ofSeconds(3));
	}

	/** @param dnsTimeout per DNS question */
	public PreflightCheckImpl(Duration dnsTimeout) {
		this.dnsTimeout = dnsTimeout;
	}

	@Reference
	void setRegistry(ServerRegistry serverRegistry) {
		this.registry = serverRegistry;
	}

	/** The product's DKIM keys, when the DKIM bundle runs: the records are compared with them. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	void setDkimKeys(DkimKeys keys) {
		this.signingKeys = domain -> keys.forDomain(domain).stream().map(k -> new SigningKey(k.selector(),
				k.algorithm().keyType(), k.publicKeyBase64(), k.txtRecord())).toList();
	}

	void unsetDkimKeys(DkimKeys keys) {
		this.signingKeys = d -> List.of();
	}

	/** Stops dnsjava's selector thread, which the first UDP question started; a later question starts it again. */
	@Deactivate
	void deactivate() {
		NioClient.close();
	}

	@Override
	public PreflightReport check(Campaign campaign, Set<Area> areas, IProgressMonitor monitor) {
		long start = System.nanoTime();
		Run run = new Run(monitor);
		String from = campaign.from().getAddress();
		Map<String, String> sample = Map.of();
		long recipients = 0;
		MessageTemplate template = campaign.template();
		MessageTemplate withUnsubscribe = new MessageTemplate(template.subject() + " " + campaign.listUnsubscribe(), //$NON-NLS-1$
				template.text(), template.html());
		// The list: every recipient, for the merge fields; the first one renders the sample message.
		try {
			ListScan scan = ListScan.of(campaign.recipientList(), withUnsubscribe.fieldsUsed(), monitor);
			recipients = scan.recipients;
			sample = scan.sample;
			if (areas.contains(Area.MESSAGE)) {
				scan.findings(campaign.recipientList().getFileName().toString(), run.findings);
			}
		} catch (IOException | UncheckedIOException e) {
			run.add(Severity.BLOCKS, "list.unreadable", campaign.recipientList().toString(), //$NON-NLS-1$
					e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage());
		}
		boolean bulk = recipients >= BULK_RECIPIENTS;
		Map<String, String> values = new LinkedHashMap<>();
		for (String f : withUnsubscribe.fieldsUsed()) {
			values.put(f, sampleValue(sample, f));
		}
		MessageTemplate.Rendered rendered = template.compile().render(values);
		String unsubscribe = campaign.listUnsubscribe().isEmpty() ? "" //$NON-NLS-1$
				: new MessageTemplate(campaign.listUnsubscribe(), "", "").compile().render(values).subject(); //$NON-NLS-1$ //$NON-NLS-2$
		List<String> relays = relayHosts(campaign);
		String to = sample.getOrDefault("email", from); //$NON-NLS-1$
		run.campaignRunner = true;
		run.all(areas, from, "", template.subject(), rendered.subject(), rendered.text(), rendered.html(), //$NON-NLS-1$
				campaign.listUnsubscribe(), unsubscribe, true, bulk, relays, to);
		return new PreflightReport(run.findings, recipients, Duration.ofNanos(System.nanoTime() - start));
	}

	@Override
	public PreflightReport checkDraft(Draft draft, Set<Area> areas, IProgressMonitor monitor) {
		long start = System.nanoTime();
		Run run = new Run(monitor);
		boolean campaignLike = !draft.listUnsubscribe().isEmpty();
		run.all(areas, draft.from(), draft.replyTo(), draft.subject(), draft.subject(), draft.text(), draft.html(),
				draft.listUnsubscribe(), draft.listUnsubscribe(), campaignLike, false, draft.relayHosts(), draft.from());
		return new PreflightReport(run.findings, 0, Duration.ofNanos(System.nanoTime() - start));
	}

	private List<String> relayHosts(Campaign campaign) {
		List<String> hosts = new ArrayList<>();
		ServerRegistry r = registry;
		if (r != null) {
			for (String id : campaign.serverIds()) {
				r.get(id).map(MailServer::host).filter(h -> !h.isBlank()).ifPresent(hosts::add);
			}
		}
		return hosts.stream().distinct().toList();
	}

	/** A recipient's value, or a stand-in of typical length for a field the sample has empty. */
	private static String sampleValue(Map<String, String> sample, String field) {
		String v = sample.get(field.toLowerCase(Locale.ROOT));
		return v == null || v.isBlank() ? "Sample" : v; //$NON-NLS-1$
	}

	/** The list read once: recipients counted, the merge fields each recipient lacks. */
	static final class ListScan {
		long recipients;
		Map<String, String> sample = Map.of();
		final Map<String, long[]> empty = new LinkedHashMap<>(); // field: count, first line
		final List<String> missing = new ArrayList<>();

		static ListScan of(java.nio.file.Path list, Set<String> fields, IProgressMonitor monitor) throws IOException {
			ListScan scan = new ListScan();
			RecipientList rl = new RecipientList(list);
			List<String> names = fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).distinct().toList();
			Set<String> columns = new LinkedHashSet<>();
			rl.check().fieldNames().forEach(c -> columns.add(c.toLowerCase(Locale.ROOT)));
			for (String n : names) {
				if (!columns.contains(n)) {
					scan.missing.add(n);
				}
			}
			List<String> present = names.stream().filter(columns::contains).toList();
			String[] keys = present.toArray(String[]::new);
			long[][] counts = new long[keys.length][];
			for (int i = 0; i < keys.length; i++) {
				counts[i] = new long[] { 0, 0 };
				scan.empty.put(keys[i], counts[i]);
			}
			try (Stream<Recipient> s = rl.recipients()) {
				java.util.Iterator<Recipient> it = s.iterator();
				while (it.hasNext()) {
					Recipient r = it.next();
					if (scan.recipients == 0) {
						Map<String, String> lower = new LinkedHashMap<>();
						r.fields().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
						lower.putIfAbsent("email", r.address()); //$NON-NLS-1$
						scan.sample = lower;
					}
					scan.recipients++;
					if ((scan.recipients & 0xfff) == 0 && monitor != null && monitor.isCanceled()) {
						throw new OperationCanceledException();
					}
					Map<String, String> f = r.fields();
					for (int i = 0; i < keys.length; i++) {
						String v = value(f, keys[i]);
						if (v == null || v.isBlank()) {
							if (counts[i][0]++ == 0) {
								counts[i][1] = r.line();
							}
						}
					}
				}
			}
			return scan;
		}

		private static String value(Map<String, String> fields, String lowerName) {
			String v = fields.get(lowerName);
			if (v != null) {
				return v;
			}
			for (Map.Entry<String, String> e : fields.entrySet()) {
				if (e.getKey().equalsIgnoreCase(lowerName)) {
					return e.getValue();
				}
			}
			return null;
		}

		void findings(String listName, List<Finding> out) {
			for (String m : missing) {
				out.add(Texts.finding(Severity.BLOCKS, "merge.missing", listName + ", column " + m, "{{" + m + "}}")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			}
			empty.forEach((field, c) -> {
				if (c[0] > 0) {
					out.add(Texts.finding(Severity.WARNS, "merge.empty", //$NON-NLS-1$
							listName + ", column " + field + ", first on line " + c[1], //$NON-NLS-1$ //$NON-NLS-2$
							"{{" + field + "}}", String.format(Locale.ROOT, "%,d", c[0]), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
							String.format(Locale.ROOT, "%,d", recipients))); //$NON-NLS-1$
				}
			});
		}
	}

	/** One check's findings. */
	private final class Run {
		final List<Finding> findings = new ArrayList<>();
		/** A campaign's check: its List-Unsubscribe must pass the campaign runner's own check. */
		boolean campaignRunner;
		final IProgressMonitor monitor;

		Run(IProgressMonitor monitor) {
			this.monitor = monitor;
		}

		void add(Severity severity, String id, String where, Object... args) {
			findings.add(Texts.finding(severity, id, where, args));
		}

		void cancelled() {
			if (monitor != null && monitor.isCanceled()) {
				throw new OperationCanceledException();
			}
		}

		void all(Set<Area> areas, String from, String replyTo, String subjectTemplate, String subject, String text,
				String html, String unsubscribeTemplate, String unsubscribe, boolean campaign, boolean bulk,
				List<String> relays, String to) {
			String domain = domainOf(from);
			if (areas.contains(Area.MESSAGE)) {
				message(subjectTemplate, subject, text, html, from, replyTo, unsubscribe);
				if (campaign) {
					unsubscribe(unsubscribeTemplate, unsubscribe, bulk, domain);
				}
			}
			cancelled();
			if (areas.contains(Area.DNS)) {
				if (domain.isEmpty()) {
					add(Severity.BLOCKS, "from.invalid", "From", from); //$NON-NLS-1$ //$NON-NLS-2$
				} else {
					new DomainCheck(this, domain, from, replyTo, relays, bulk).run();
				}
			}
			cancelled();
			if (areas.contains(Area.SPAM)) {
				spam(from, replyTo, to, subject, text, html, unsubscribe);
			}
		}

		private void message(String subjectTemplate, String subject, String text, String html, String from,
				String replyTo, String unsubscribe) {
			String plainSubject = FIELD.matcher(subjectTemplate).replaceAll("").strip(); //$NON-NLS-1$
			if (subject.isBlank()) {
				add(Severity.BLOCKS, "msg.subject-empty", "Subject"); //$NON-NLS-1$ //$NON-NLS-2$
			} else if (plainSubject.codePoints().filter(Character::isLetter).count() >= 6
					&& plainSubject.codePoints().noneMatch(Character::isLowerCase)) {
				add(Severity.WARNS, "msg.subject-caps", "Subject", subjectTemplate); //$NON-NLS-1$ //$NON-NLS-2$
			}
			if (text.isBlank() && html.isBlank()) {
				add(Severity.BLOCKS, "msg.empty", "Body"); //$NON-NLS-1$ //$NON-NLS-2$
				return;
			}
			if (text.isBlank()) {
				add(Severity.WARNS, "msg.no-text", "Body"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			int htmlBytes = html.getBytes(StandardCharsets.UTF_8).length;
			if (htmlBytes > GMAIL_CLIP_BYTES) {
				add(Severity.WARNS, "msg.html-clipped", "HTML part", kb(htmlBytes)); //$NON-NLS-1$ //$NON-NLS-2$
			}
			int total = encode(from, replyTo, from, subject, text, html, unsubscribe).length;
			add(Severity.INFO, "msg.size", "Message", size(total), size(htmlBytes), //$NON-NLS-1$ //$NON-NLS-2$
					size(text.getBytes(StandardCharsets.UTF_8).length));
			int noAlt = 0;
			int firstNoAlt = -1;
			Matcher img = IMG.matcher(html);
			while (img.find()) {
				if (!ALT.matcher(img.group()).find()) {
					if (noAlt++ == 0) {
						firstNoAlt = img.start();
					}
				}
			}
			if (noAlt > 0) {
				add(Severity.WARNS, "msg.image-no-alt", "HTML part, line " + line(html, firstNoAlt), noAlt); //$NON-NLS-1$ //$NON-NLS-2$
			}
			List<String> http = new ArrayList<>();
			String firstWhere = ""; //$NON-NLS-1$
			Matcher h = HTTP_HREF.matcher(html);
			while (h.find()) {
				if (http.isEmpty()) {
					firstWhere = "HTML part, line " + line(html, h.start()); //$NON-NLS-1$
				}
				http.add(h.group(1));
			}
			Matcher t = HTTP_TEXT.matcher(text);
			while (t.find()) {
				if (http.isEmpty()) {
					firstWhere = "text part, line " + line(text, t.start()); //$NON-NLS-1$
				}
				http.add(t.group(1));
			}
			if (!http.isEmpty()) {
				add(Severity.WARNS, "msg.http-link", firstWhere, http.size(), http.get(0)); //$NON-NLS-1$
			}
		}

		private void unsubscribe(String template, String url, boolean bulk, String domain) {
			String where = "List-Unsubscribe"; //$NON-NLS-1$
			if (template.isBlank()) {
				add(bulk ? Severity.BLOCKS : Severity.WARNS, "unsub.none", where, domain.isEmpty() ? "example.com" : domain); //$NON-NLS-1$ //$NON-NLS-2$
				return;
			}
			Optional<String> line = MessageHeaders.lineProblem(where, template);
			if (line.isPresent()) {
				add(Severity.BLOCKS, "unsub.invalid", where, template, line.get()); //$NON-NLS-1$
				return;
			}
			URI uri;
			try {
				uri = new URI(url);
			} catch (URISyntaxException e) {
				add(Severity.BLOCKS, "unsub.invalid", where, template, e.getReason()); //$NON-NLS-1$
				return;
			}
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT); //$NON-NLS-1$
			if (url.contains(",") || url.contains("<") || url.contains(">")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				add(Severity.BLOCKS, "unsub.invalid", where, template, "a URL in the header may not hold , < or >"); //$NON-NLS-1$ //$NON-NLS-2$
			} else if (scheme.equals("https") && uri.getHost() != null && !uri.getHost().isBlank()) { //$NON-NLS-1$
				add(Severity.INFO, "unsub.ok", where, template); //$NON-NLS-1$
			} else if (scheme.equals("http") && campaignRunner) { //$NON-NLS-1$
				// The campaign runner refuses it: a warning here would let the user start a campaign that cannot run.
				add(Severity.BLOCKS, "unsub.http", where, template); //$NON-NLS-1$
			} else if (scheme.equals("http") || scheme.equals("mailto")) { //$NON-NLS-1$ //$NON-NLS-2$
				add(bulk ? Severity.BLOCKS : Severity.WARNS, "unsub.not-https", where, template); //$NON-NLS-1$
			} else {
				add(Severity.BLOCKS, "unsub.invalid", where, template, //$NON-NLS-1$
						scheme.isEmpty() ? "it has no scheme (https://...)" : "https has no host"); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}

		private void spam(String from, String replyTo, String to, String subject, String text, String html,
				String unsubscribe) {
			String configured = System.getProperty(SPAMD_PROPERTY, SPAMD_DEFAULT).strip();
			String where = "spamd " + configured; //$NON-NLS-1$
			InetSocketAddress address;
			try {
				address = DnsResolvers.parse(configured.isEmpty() ? SPAMD_DEFAULT : configured);
				if (address.getPort() == 53 && !configured.contains(":")) { //$NON-NLS-1$
					address = new InetSocketAddress(address.getAddress(), 783);
				}
			} catch (UnknownHostException e) {
				add(Severity.WARNS, "spam.error", where, configured, "not an address"); //$NON-NLS-1$ //$NON-NLS-2$
				return;
			}
			byte[] message = encode(from, replyTo, to, subject, text, html, unsubscribe);
			try {
				Spamc.Verdict v = new Spamc(address, Duration.ofSeconds(2), Duration.ofSeconds(30)).report(message);
				String rules = v.rules().isEmpty() ? "no rule fired" //$NON-NLS-1$
						: v.rules().stream().sorted((a, b) -> Double.compare(b.points(), a.points()))
								.map(r -> r.name() + " " + points(r.points()) + " (" + r.description() + ")") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
								.collect(Collectors.joining(", ")); //$NON-NLS-1$
				String score = points(v.score());
				String threshold = points(v.threshold());
				if (v.spam() || v.score() >= v.threshold()) {
					add(Severity.BLOCKS, "spam.spam", where, score, threshold, rules); //$NON-NLS-1$
				} else if (v.score() >= v.threshold() / 2) {
					add(Severity.WARNS, "spam.high", where, score, threshold, rules); //$NON-NLS-1$
				} else {
					add(Severity.INFO, "spam.ok", where, score, threshold, rules); //$NON-NLS-1$
				}
			} catch (ConnectException e) {
				add(Severity.INFO, "spam.unavailable", where, configured); //$NON-NLS-1$
			} catch (SocketTimeoutException e) {
				add(Severity.WARNS, "spam.error", where, configured, "no answer in time"); //$NON-NLS-1$ //$NON-NLS-2$
			} catch (IOException e) {
				add(Severity.WARNS, "spam.error", where, configured, e.getMessage()); //$NON-NLS-1$
			}
		}
	}

	/** SPF, DKIM, DMARC and MX of the From domain, and where replies go. */
	private final class DomainCheck {
		private final Run run;
		private final String domain;
		private final String from;
		private final String replyTo;
		private final List<String> relays;
		private final boolean bulk;
		private DnsQuestions dns;

		DomainCheck(Run run, String domain, String from, String replyTo, List<String> relays, boolean bulk) {
			this.run = run;
			this.domain = domain;
			this.from = from;
			this.replyTo = replyTo;
			this.relays = relays;
			this.bulk = bulk;
		}

		void run() {
			DnsResolvers.Configured resolver;
			try {
				resolver = DnsResolvers.configured(dnsTimeout);
			} catch (UnknownHostException e) {
				String[] server = DnsResolvers.configuredServer();
				run.add(Severity.WARNS, "dns.bad-server", server[1], server[0], server[1]); //$NON-NLS-1$
				return;
			}
			dns = new DnsQuestions(resolver.resolver(), true);
			// The first question tells whether the resolver answers at all: if not, one finding, not twenty.
			DnsQuestions.Answer<String> mx = Spf.mxHosts(dns, domain);
			if (mx.failed()) {
				run.add(Severity.WARNS, "dns.unavailable", "DNS " + resolver.description(), resolver.description(), //$NON-NLS-1$ //$NON-NLS-2$
						domain, mx.error());
				return;
			}
			Boolean spfAligned = spf();
			run.cancelled();
			boolean dkimAligned = dkim();
			run.cancelled();
			dmarc(spfAligned, dkimAligned);
			mx(mx);
			reply();
		}

		/**
		 * @return whether SPF passes for the relays: {@code TRUE} when every relay evaluated passes, {@code FALSE}
		 *         when one fails, {@code null} when it cannot be told here (no relay, only relays on this machine or
		 *         unresolved, a DNS failure)
		 */
		private Boolean spf() {
			Spf spf = new Spf(dns);
			Spf.Analysis a = spf.analyze(domain);
			String where = "TXT " + domain; //$NON-NLS-1$
			if (!a.failed().isEmpty()) {
				run.add(Severity.WARNS, "spf.temperror", where, domain, a.failed()); //$NON-NLS-1$
				return Boolean.FALSE;
			}
			if (a.count() == 0) {
				run.add(bulk ? Severity.BLOCKS : Severity.WARNS, "spf.none", where, domain); //$NON-NLS-1$
				return Boolean.FALSE;
			}
			if (a.count() > 1) {
				run.add(Severity.BLOCKS, "spf.multiple", where, domain, a.count()); //$NON-NLS-1$
				return Boolean.FALSE;
			}
			if (a.lookups() > Spf.LOOKUP_LIMIT) {
				run.add(Severity.BLOCKS, "spf.too-many-lookups", where, domain, a.lookups()); //$NON-NLS-1$
				return Boolean.FALSE;
			}
			if (!a.error().isEmpty()) {
				run.add(Severity.BLOCKS, "spf.error", where, domain, a.error()); //$NON-NLS-1$
				return Boolean.FALSE;
			}
			if (a.plusAll()) {
				run.add(Severity.WARNS, "spf.plus-all", where, domain); //$NON-NLS-1$
			} else {
				run.add(Severity.INFO, "spf.ok", where, domain, a.lookups()); //$NON-NLS-1$
			}
			if (relays.isEmpty()) {
				run.add(Severity.INFO, "spf.no-relays", where); //$NON-NLS-1$
				return null;
			}
			boolean failed = false;
			boolean unknown = false;
			boolean anyEvaluated = false;
			for (String relay : relays) {
				DnsQuestions.Answer<InetAddress> addresses = dns.addresses(relay);
				if (addresses.values().isEmpty()) {
					run.add(Severity.WARNS, "spf.relay-unresolved", "relay " + relay, relay, //$NON-NLS-1$ //$NON-NLS-2$
							addresses.failed() ? addresses.error() : "no A or AAAA record"); //$NON-NLS-1$
					unknown = true;
					continue;
				}
				List<InetAddress> local = addresses.values().stream()
						.filter(x -> x.isLoopbackAddress() || x.isAnyLocalAddress()).toList();
				if (!local.isEmpty()) {
					run.add(Severity.INFO, "spf.relay-local", "relay " + relay, relay, //$NON-NLS-1$ //$NON-NLS-2$
							local.get(0).getHostAddress());
					unknown = true;
					continue;
				}
				for (InetAddress ip : addresses.values()) {
					Spf.Evaluation e = spf.check(ip, domain, from);
					anyEvaluated = true;
					if (e.result() == Spf.Result.PASS) {
						run.add(Severity.INFO, "spf.relay-pass", where, domain, relay, ip.getHostAddress()); //$NON-NLS-1$
					} else if (e.result() == Spf.Result.TEMPERROR) {
						run.add(Severity.WARNS, "spf.temperror", where, domain, e.why()); //$NON-NLS-1$
						unknown = true;
					} else {
						run.add(Severity.WARNS, "spf.relay-not-authorized", where, domain, ip.getHostAddress(), relay, //$NON-NLS-1$
								e.result().name().toLowerCase(Locale.ROOT)
										+ (e.result() == Spf.Result.PERMERROR ? ", " + e.why() : "")); //$NON-NLS-1$ //$NON-NLS-2$
						failed = true;
					}
				}
			}
			return failed ? Boolean.FALSE : unknown || !anyEvaluated ? null : Boolean.TRUE;
		}

		/** @return whether a key the product signs with has its record published (DKIM aligned: d= is the From domain) */
		private boolean dkim() {
			List<SigningKey> keys = signingKeys.apply(domain);
			if (keys.isEmpty()) {
				run.add(bulk ? Severity.BLOCKS : Severity.WARNS, "dkim.no-key", "DKIM keys", domain); //$NON-NLS-1$ //$NON-NLS-2$
				return false;
			}
			boolean ok = false;
			for (SigningKey key : keys) {
				String name = key.selector() + "._domainkey." + domain; //$NON-NLS-1$
				String where = "TXT " + name; //$NON-NLS-1$
				String label = key.selector() + " (" + key.keyType() + ")"; //$NON-NLS-1$ //$NON-NLS-2$
				DnsQuestions.Answer<String> txt = dns.txt(name);
				if (txt.failed()) {
					run.add(Severity.WARNS, "dkim.unchecked", where, domain, label, name, txt.error()); //$NON-NLS-1$
					continue;
				}
				List<Map<String, String>> records = txt.values().stream().map(DomainCheck::tags)
						.filter(t -> t.containsKey("p") && t.getOrDefault("v", "DKIM1").equals("DKIM1")).toList(); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				if (records.isEmpty()) {
					run.add(Severity.BLOCKS, "dkim.no-record", where, domain, label, name, key.txtRecord()); //$NON-NLS-1$
					continue;
				}
				String p = records.get(0).get("p").replaceAll("\\s", ""); //$NON-NLS-1$ //$NON-NLS-2$
				if (p.isEmpty()) {
					run.add(Severity.BLOCKS, "dkim.revoked", where, domain, label, name, key.txtRecord()); //$NON-NLS-1$
				} else if (!p.equals(key.publicKeyBase64())) {
					run.add(Severity.BLOCKS, "dkim.other-key", where, domain, label, name, key.txtRecord()); //$NON-NLS-1$
				} else {
					run.add(Severity.INFO, "dkim.ok", where, domain, label, name); //$NON-NLS-1$
					ok = true;
				}
			}
			return ok;
		}

		/** @param spf SPF's verdict for the relays: passes, fails, or {@code null} when it cannot be told here */
		private void dmarc(Boolean spf, boolean dkimAligned) {
			boolean spfAligned = Boolean.TRUE.equals(spf);
			String name = "_dmarc." + domain; //$NON-NLS-1$
			DnsQuestions.Answer<String> txt = dns.txt(name);
			boolean fromOrganisation = false;
			List<String> records = dmarcRecords(txt.values());
			String organisation = organisationalDomain(domain);
			if (!txt.failed() && records.isEmpty() && !organisation.equals(domain)) {
				name = "_dmarc." + organisation; //$NON-NLS-1$
				txt = dns.txt(name);
				records = dmarcRecords(txt.values());
				fromOrganisation = true;
			}
			String where = "TXT " + name; //$NON-NLS-1$
			if (txt.failed()) {
				run.add(Severity.WARNS, "dmarc.invalid", where, name, txt.error()); //$NON-NLS-1$
				return;
			}
			if (records.isEmpty()) {
				run.add(bulk ? Severity.BLOCKS : Severity.WARNS, "dmarc.none", "TXT _dmarc." + domain, domain); //$NON-NLS-1$ //$NON-NLS-2$
				return;
			}
			if (records.size() > 1) {
				run.add(Severity.WARNS, "dmarc.invalid", where, name, records.size() + " records; receivers ignore them all"); //$NON-NLS-1$ //$NON-NLS-2$
				return;
			}
			Map<String, String> tags = tags(records.get(0));
			String policy = tags.getOrDefault(fromOrganisation && tags.containsKey("sp") ? "sp" : "p", "") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
					.toLowerCase(Locale.ROOT);
			if (!Set.of("none", "quarantine", "reject").contains(policy)) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				run.add(Severity.WARNS, "dmarc.invalid", where, name, "p=" + policy + " is not none, quarantine or reject"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				return;
			}
			if (spfAligned || dkimAligned) {
				run.add(Severity.INFO, "dmarc.ok", where, domain, policy, //$NON-NLS-1$
						spfAligned && dkimAligned ? "SPF and DKIM" : spfAligned ? "SPF" : "DKIM"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			} else if (spf == null) {
				run.add(Severity.INFO, "dmarc.unchecked", where, domain, policy, //$NON-NLS-1$
						"no DKIM key, and SPF could not be evaluated for the relays here"); //$NON-NLS-1$
			} else {
				String outcome = switch (policy) {
				case "reject" -> "reject"; //$NON-NLS-1$ //$NON-NLS-2$
				case "quarantine" -> "put in spam"; //$NON-NLS-1$ //$NON-NLS-2$
				default -> "deliver but report"; //$NON-NLS-1$
				};
				run.add(policy.equals("none") ? Severity.WARNS : Severity.BLOCKS, "dmarc.misaligned", where, domain, //$NON-NLS-1$ //$NON-NLS-2$
						policy, outcome);
			}
		}

		private void mx(DnsQuestions.Answer<String> mx) {
			String where = "MX " + domain; //$NON-NLS-1$
			if (mx.values().isEmpty()) {
				run.add(Severity.WARNS, "mx.none", where, domain); //$NON-NLS-1$
			} else if (mx.values().size() == 1 && mx.values().get(0).equals(".")) { //$NON-NLS-1$
				run.add(Severity.WARNS, "mx.null", where, domain); //$NON-NLS-1$
			} else {
				run.add(Severity.INFO, "mx.ok", where, domain, String.join(", ", mx.values())); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}

		private void reply() {
			List<String> addresses = new ArrayList<>();
			if (replyTo.isBlank()) {
				addresses.add(from);
			} else {
				try {
					for (InternetAddress a : InternetAddress.parse(replyTo, true)) {
						addresses.add(a.getAddress());
					}
				} catch (AddressException e) {
					run.add(Severity.BLOCKS, "reply.invalid", "Reply-To", replyTo); //$NON-NLS-1$ //$NON-NLS-2$
					return;
				}
			}
			String where = replyTo.isBlank() ? "From" : "Reply-To"; //$NON-NLS-1$ //$NON-NLS-2$
			for (String a : addresses) {
				String local = a.contains("@") ? a.substring(0, a.lastIndexOf('@')) : a; //$NON-NLS-1$
				if (NO_REPLY.matcher(local).matches()) {
					run.add(Severity.WARNS, "reply.noreply", where, a); //$NON-NLS-1$
				}
				String d = domainOf(a);
				if (!d.isEmpty() && !d.equalsIgnoreCase(domain)) {
					DnsQuestions.Answer<String> mx = Spf.mxHosts(dns, d);
					if (!mx.failed() && (mx.values().isEmpty() || mx.values().equals(List.of(".")))) { //$NON-NLS-1$
						run.add(Severity.WARNS, "reply.no-mx", where, a, d); //$NON-NLS-1$
					}
				}
			}
		}

		private static List<String> dmarcRecords(List<String> txt) {
			return txt.stream().map(String::strip)
					.filter(t -> t.regionMatches(true, 0, "v=DMARC1", 0, 8) //$NON-NLS-1$
							&& (t.length() == 8 || t.charAt(8) == ';' || Character.isWhitespace(t.charAt(8))))
					.toList();
		}

		/** @return a DKIM or DMARC record's tags, names lower case */
		static Map<String, String> tags(String record) {
			Map<String, String> tags = new LinkedHashMap<>();
			for (String part : record.split(";")) { //$NON-NLS-1$
				int eq = part.indexOf('=');
				if (eq > 0) {
					tags.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
				}
			}
			return tags;
		}
	}

	/** @return the last two labels (no public suffix list: good enough to find a parent's DMARC record) */
	static String organisationalDomain(String domain) {
		String[] labels = domain.split("\\."); //$NON-NLS-1$
		return labels.length <= 2 ? domain : labels[labels.length - 2] + "." + labels[labels.length - 1]; //$NON-NLS-1$
	}

	/** @return the domain of an address, lower case in ASCII (IDN), or empty when it is not an address */
	static String domainOf(String address) {
		try {
			InternetAddress a = new InternetAddress(address, true);
			String s = a.getAddress();
			int at = s.lastIndexOf('@');
			if (at < 1 || at == s.length() - 1) {
				return ""; //$NON-NLS-1$
			}
			return IDN.toASCII(s.substring(at + 1)).toLowerCase(Locale.ROOT);
		} catch (AddressException | IllegalArgumentException e) {
			return ""; //$NON-NLS-1$
		}
	}

	/** @return the message as it would be sent (headers and MIME parts), for its size and for spamd */
	static byte[] encode(String from, String replyTo, String to, String subject, String text, String html,
			String unsubscribe) {
		try {
			String domain = domainOf(from);
			MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
				@Override
				protected void updateMessageID() throws MessagingException {
					setHeader("Message-ID", "<preflight." + System.nanoTime() + "@" //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
							+ (domain.isEmpty() ? "bitfaster.invalid" : domain) + ">"); //$NON-NLS-1$ //$NON-NLS-2$
				}
			};
			try {
				m.setFrom(new InternetAddress(from));
			} catch (AddressException e) {
				m.setHeader("From", from); //$NON-NLS-1$
			}
			try {
				m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
			} catch (AddressException e) {
				// no To: the size barely changes
			}
			if (!replyTo.isBlank()) {
				m.setHeader("Reply-To", MessageHeaders.singleLine("Reply-To", replyTo)); //$NON-NLS-1$ //$NON-NLS-2$
			}
			m.setSubject(subject.replaceAll("[\\r\\n]+", " "), "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			m.setSentDate(new Date());
			MessageBodies.fill(m, text, html);
			if (!unsubscribe.isBlank() && !unsubscribe.contains("\n") && !unsubscribe.contains("\r")) { //$NON-NLS-1$ //$NON-NLS-2$
				m.setHeader("List-Unsubscribe", "<" + unsubscribe + ">"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				if (unsubscribe.toLowerCase(Locale.ROOT).startsWith("https:")) { //$NON-NLS-1$
					m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); //$NON-NLS-1$ //$NON-NLS-2$
				}
			}
			m.saveChanges();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			m.writeTo(out);
			return out.toByteArray();
		} catch (MessagingException | IOException e) {
			return (subject + "\r\n\r\n" + text + html).getBytes(StandardCharsets.UTF_8); //$NON-NLS-1$
		}
	}

	private static String kb(int bytes) {
		return String.format(Locale.ROOT, "%.1f", bytes / 1024.0); //$NON-NLS-1$
	}

	/** @return {@code 850 bytes} or {@code 12.3 KB} */
	private static String size(int bytes) {
		return bytes < 1024 ? bytes + " bytes" : kb(bytes) + " KB"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static String points(double p) {
		return String.format(Locale.ROOT, "%.1f", p); //$NON-NLS-1$
	}

	private static int line(String s, int offset) {
		int line = 1;
		for (int i = 0; i < offset && i < s.length(); i++) {
			if (s.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}
}
