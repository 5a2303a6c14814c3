package com.bitfaster.mail.preflight.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.bitfaster.mail.discovery.DnsQuestions;

/**
 * A small SPF evaluator (RFC 7208) for the mechanisms that matter before sending: {@code all}, {@code include},
 * {@code a}, {@code mx}, {@code ip4}, {@code ip6}, {@code exists}, the {@code redirect} modifier, and the simple macros
 * {@code %{d} %{i} %{s} %{l} %{o}}. {@code ptr} counts as a lookup and never matches (RFC 7208 says not to use it).
 * No kept SPF library is published on Maven Central with OSGi headers for this target (Apache James jSPF is not
 * among the artifacts served here), and the part needed is this small.
 */
final class Spf {

	/** RFC 7208 section 4.6.4: at most 10 terms that cause DNS lookups. */
	static final int LOOKUP_LIMIT = 10;

	enum Result {
		PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR
	}

	/**
	 * What the record of a domain says, all includes followed.
	 *
	 * @param record  the domain's own record; empty when there is none
	 * @param count   how many {@code v=spf1} records the domain has
	 * @param lookups the terms that cause DNS lookups, over the whole tree
	 * @param plusAll whether the record ends in {@code +all} (or {@code all}): every server may send
	 * @param error   why the record is broken (a permanent error every receiver sees); empty when it is not
	 * @param failed  a DNS question failed (temporary): the analysis is incomplete
	 */
	record Analysis(String record, int count, int lookups, boolean plusAll, String error, String failed) {
	}

	/** An evaluation: the result, and for an error why. */
	record Evaluation(Result result, String why) {
	}

	private final DnsQuestions dns;

	/** @return the MX host names of a domain by preference, {@code .} for a null MX */
	static DnsQuestions.Answer<String> mxHosts(DnsQuestions dns, String domain) {
		DnsQuestions.Answer<DnsQuestions.Mx> mx = dns.mx(domain);
		return new DnsQuestions.Answer<>(mx.values().stream().map(DnsQuestions.Mx::host).toList(), mx.error());
	}

	Spf(DnsQuestions dns) {
		this.dns = dns;
	}

	/** @return the {@code v=spf1} records among a name's TXT records */
	static List<String> spfRecords(List<String> txt) {
		List<String> list = new ArrayList<>();
		for (String t : txt) {
			String s = t.strip();
			if (s.equalsIgnoreCase("v=spf1") || s.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) { //$NON-NLS-1$ //$NON-NLS-2$
				list.add(s);
			}
		}
		return list;
	}

	Analysis analyze(String domain) {
		DnsQuestions.Answer<String> txt = dns.txt(domain);
		if (txt.failed()) {
			return new Analysis("", 0, 0, false, "", txt.error()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		List<String> records = spfRecords(txt.values());
		if (records.size() != 1) {
			return new Analysis(records.isEmpty() ? "" : records.get(0), records.size(), 0, false, "", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		int[] lookups = { 0 };
		String[] error = { "" }; //$NON-NLS-1$
		String[] failed = { "" }; //$NON-NLS-1$
		boolean plusAll = walk(domain, records.get(0), lookups, error, failed, new HashSet<>(), 0);
		return new Analysis(records.get(0), 1, lookups[0], plusAll, error[0], failed[0]);
	}

	/** @return whether this record (or its redirect) ends in a passing {@code all} */
	private boolean walk(String domain, String record, int[] lookups, String[] error, String[] failed,
			Set<String> seen, int depth) {
		boolean plusAll = false;
		String redirect = null;
		for (String term : terms(record)) {
			Term t = Term.parse(term);
			if (t == null) {
				setOnce(error, "'" + term + "' in the record of " + domain + " is not valid SPF"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				continue;
			}
			switch (t.name) {
			case "include", "a", "mx", "ptr", "exists" -> lookups[0]++; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			case "redirect" -> { //$NON-NLS-1$
				lookups[0]++;
				redirect = t.value;
			}
			case "all" -> plusAll = t.qualifier == '+'; //$NON-NLS-1$
			default -> {
				// ip4, ip6, exp and unknown modifiers cost nothing
			}
			}
			if (t.name.equals("include") && t.value != null && !t.value.contains("%")) { //$NON-NLS-1$ //$NON-NLS-2$
				follow(domain, t.value, "include:", lookups, error, failed, seen, depth); //$NON-NLS-1$
			}
		}
		if (redirect != null && !record.toLowerCase(Locale.ROOT).matches(".*\\s[-+~?]?all(\\s.*)?")) { //$NON-NLS-1$
			Boolean r = follow(domain, redirect, "redirect=", lookups, error, failed, seen, depth); //$NON-NLS-1$
			plusAll |= r != null && r;
		}
		return plusAll;
	}

	private Boolean follow(String domain, String target, String how, int[] lookups, String[] error, String[] failed,
			Set<String> seen, int depth) {
		String key = target.toLowerCase(Locale.ROOT);
		if (depth > 20 || !seen.add(key)) {
			setOnce(error, how + target + " in the record of " + domain + " loops"); //$NON-NLS-1$ //$NON-NLS-2$
			return null;
		}
		DnsQuestions.Answer<String> txt = dns.txt(target);
		if (txt.failed()) {
			setOnce(failed, target + ": " + txt.error()); //$NON-NLS-1$
			return null;
		}
		List<String> records = spfRecords(txt.values());
		if (records.size() != 1) {
			setOnce(error, how + target + " in the record of " + domain //$NON-NLS-1$
					+ (records.isEmpty() ? " has no SPF record" : " has " + records.size() + " SPF records")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			return null;
		}
		return walk(target, records.get(0), lookups, error, failed, seen, depth + 1);
	}

	private static void setOnce(String[] holder, String value) {
		if (holder[0].isEmpty()) {
			holder[0] = value;
		}
	}

	private static List<String> terms(String record) {
		List<String> list = new ArrayList<>(List.of(record.strip().split("\\s+"))); //$NON-NLS-1$
		list.remove(0); // v=spf1
		return list;
	}

	/** A parsed term: a mechanism with its qualifier, or a modifier ({@code qualifier} 0). */
	private static final class Term {
		char qualifier;
		String name;
		String value;
		int cidr4 = 32;
		int cidr6 = 128;

		static Term parse(String term) {
			Term t = new Term();
			String s = term;
			int eq = s.indexOf('=');
			int colon = s.indexOf(':');
			if (eq > 0 && (colon < 0 || eq < colon) && s.substring(0, eq).matches("[A-Za-z][A-Za-z0-9._-]*")) { //$NON-NLS-1$
				t.name = s.substring(0, eq).toLowerCase(Locale.ROOT);
				t.value = s.substring(eq + 1);
				return t;
			}
			t.qualifier = '+';
			if ("+-~?".indexOf(s.charAt(0)) >= 0) { //$NON-NLS-1$
				t.qualifier = s.charAt(0);
				s = s.substring(1);
			}
			String rest = null;
			int sep = indexOfAny(s, ":/"); //$NON-NLS-1$
			String name = sep < 0 ? s : s.substring(0, sep);
			t.name = name.toLowerCase(Locale.ROOT);
			if (!Set.of("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists").contains(t.name)) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				return null;
			}
			if (sep >= 0) {
				rest = s.substring(sep);
			}
			if (rest != null && rest.startsWith(":")) { //$NON-NLS-1$
				String v = rest.substring(1);
				if (t.name.equals("ip4") || t.name.equals("ip6")) { //$NON-NLS-1$ //$NON-NLS-2$
					t.value = v;
					return t.value.isEmpty() ? null : t;
				}
				int slash = v.indexOf('/');
				t.value = slash < 0 ? v : v.substring(0, slash);
				rest = slash < 0 ? null : v.substring(slash);
			}
			try {
				if (rest != null && rest.startsWith("/")) { //$NON-NLS-1$
					String[] parts = rest.split("//", -1); //$NON-NLS-1$
					if (!parts[0].isEmpty()) {
						t.cidr4 = Integer.parseInt(parts[0].substring(1));
					}
					if (parts.length > 1) {
						t.cidr6 = Integer.parseInt(parts[1]);
					}
				}
			} catch (NumberFormatException e) {
				return null;
			}
			if ((t.name.equals("include") || t.name.equals("exists")) && (t.value == null || t.value.isEmpty())) { //$NON-NLS-1$ //$NON-NLS-2$
				return null;
			}
			return t;
		}

		private static int indexOfAny(String s, String chars) {
			for (int i = 0; i < s.length(); i++) {
				if (chars.indexOf(s.charAt(i)) >= 0) {
					return i;
				}
			}
			return -1;
		}
	}

	/** check_host() of RFC 7208 for a sender address at {@code domain}, MAIL FROM {@code sender}. */
	Evaluation check(InetAddress ip, String domain, String sender) {
		return check(ip, domain, sender, new int[] { 0 }, 0);
	}

	private Evaluation check(InetAddress ip, String domain, String sender, int[] lookups, int depth) {
		if (depth > 20) {
			return new Evaluation(Result.PERMERROR, "loop at " + domain); //$NON-NLS-1$
		}
		DnsQuestions.Answer<String> txt = dns.txt(domain);
		if (txt.failed()) {
			return new Evaluation(Result.TEMPERROR, domain + ": " + txt.error()); //$NON-NLS-1$
		}
		List<String> records = spfRecords(txt.values());
		if (records.isEmpty()) {
			return new Evaluation(Result.NONE, domain);
		}
		if (records.size() > 1) {
			return new Evaluation(Result.PERMERROR, domain + " has " + records.size() + " SPF records"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		String redirect = null;
		for (String term : terms(records.get(0))) {
			Term t = Term.parse(term);
			if (t == null) {
				return new Evaluation(Result.PERMERROR, "'" + term + "' at " + domain); //$NON-NLS-1$ //$NON-NLS-2$
			}
			if (t.qualifier == 0) {
				if (t.name.equals("redirect")) { //$NON-NLS-1$
					redirect = t.value;
				}
				continue;
			}
			boolean costs = Set.of("include", "a", "mx", "ptr", "exists").contains(t.name); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
			if (costs && ++lookups[0] > LOOKUP_LIMIT) {
				return new Evaluation(Result.PERMERROR, "more than " + LOOKUP_LIMIT + " DNS lookups"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			String target = t.value == null ? domain : expand(t.value, ip, domain, sender);
			Boolean match;
			switch (t.name) {
			case "all" -> match = true; //$NON-NLS-1$
			case "ip4", "ip6" -> match = inCidr(ip, t.value); //$NON-NLS-1$ //$NON-NLS-2$
			case "a" -> { //$NON-NLS-1$
				DnsQuestions.Answer<InetAddress> a = dns.addresses(target, ip instanceof Inet6Address);
				if (a.failed()) {
					return new Evaluation(Result.TEMPERROR, target + ": " + a.error()); //$NON-NLS-1$
				}
				match = a.values().stream().anyMatch(x -> inCidr(ip, x, t.cidr4, t.cidr6));
			}
			case "mx" -> { //$NON-NLS-1$
				DnsQuestions.Answer<String> mx = mxHosts(dns, target);
				if (mx.failed()) {
					return new Evaluation(Result.TEMPERROR, target + ": " + mx.error()); //$NON-NLS-1$
				}
				match = false;
				for (String host : mx.values().subList(0, Math.min(10, mx.values().size()))) {
					if (!host.equals(".") && dns.addresses(host, ip instanceof Inet6Address).values().stream() //$NON-NLS-1$
							.anyMatch(x -> inCidr(ip, x, t.cidr4, t.cidr6))) {
						match = true;
						break;
					}
				}
			}
			case "exists" -> { //$NON-NLS-1$
				DnsQuestions.Answer<InetAddress> a = dns.addresses(target, false);
				if (a.failed()) {
					return new Evaluation(Result.TEMPERROR, target + ": " + a.error()); //$NON-NLS-1$
				}
				match = !a.values().isEmpty();
			}
			case "include" -> { //$NON-NLS-1$
				Evaluation inner = check(ip, target, sender, lookups, depth + 1);
				switch (inner.result()) {
				case PASS -> match = true;
				case NONE -> {
					return new Evaluation(Result.PERMERROR, "include:" + target + " has no SPF record"); //$NON-NLS-1$ //$NON-NLS-2$
				}
				case PERMERROR, TEMPERROR -> {
					return inner;
				}
				default -> match = false;
				}
			}
			default -> match = false; // ptr
			}
			if (match) {
				return new Evaluation(switch (t.qualifier) {
				case '-' -> Result.FAIL;
				case '~' -> Result.SOFTFAIL;
				case '?' -> Result.NEUTRAL;
				default -> Result.PASS;
				}, t.name + (t.value == null ? "" : ":" + t.value)); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		if (redirect != null) {
			if (++lookups[0] > LOOKUP_LIMIT) {
				return new Evaluation(Result.PERMERROR, "more than " + LOOKUP_LIMIT + " DNS lookups"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			Evaluation r = check(ip, expand(redirect, ip, domain, sender), sender, lookups, depth + 1);
			return r.result() == Result.NONE ? new Evaluation(Result.PERMERROR, "redirect=" + redirect + " has no SPF record") : r; //$NON-NLS-1$ //$NON-NLS-2$
		}
		return new Evaluation(Result.NEUTRAL, "no mechanism matched"); //$NON-NLS-1$
	}

	private static String expand(String spec, InetAddress ip, String domain, String sender) {
		if (!spec.contains("%")) { //$NON-NLS-1$
			return spec;
		}
		String local = sender.contains("@") ? sender.substring(0, sender.lastIndexOf('@')) : "postmaster"; //$NON-NLS-1$
		String senderDomain = sender.contains("@") ? sender.substring(sender.lastIndexOf('@') + 1) : domain; //$NON-NLS-1$
		return spec.replace("%{d}", domain).replace("%{i}", ip.getHostAddress()).replace("%{s}", sender) //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				.replace("%{l}", local).replace("%{o}", senderDomain).replace("%%", "%").replace("%_", " ") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
				.replace("%-", "%20"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** @return whether {@code ip} lies in {@code cidr} ({@code ADDRESS[/BITS]}); false for the other family */
	static boolean inCidr(InetAddress ip, String cidr) {
		int slash = cidr.indexOf('/');
		try {
			InetAddress net = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
			int bits = slash < 0 ? net.getAddress().length * 8 : Integer.parseInt(cidr.substring(slash + 1));
			return inCidr(ip, net, bits, bits);
		} catch (java.net.UnknownHostException | NumberFormatException e) {
			return false;
		}
	}

	private static boolean inCidr(InetAddress ip, InetAddress net, int bits4, int bits6) {
		byte[] a = ip.getAddress();
		byte[] b = net.getAddress();
		if (a.length != b.length) {
			return false;
		}
		int bits = ip instanceof Inet4Address ? bits4 : bits6;
		for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
			int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
			if ((a[i] & mask) != (b[i] & mask)) {
				return false;
			}
		}
		return true;
	}
}
