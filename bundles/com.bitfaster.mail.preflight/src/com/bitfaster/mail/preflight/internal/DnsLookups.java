package com.bitfaster.mail.preflight.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions of one check through dnsjava, each asked once (answers kept for the check only, so a changed
 * record is seen by the next check). A failed question (timeout, SERVFAIL) is told apart from a name that has no such
 * record.
 */
final class DnsLookups {

	/**
	 * An answer.
	 *
	 * @param values the records (TXT: the strings of each record joined; MX: host names by preference, {@code .}
	 *               for a null MX)
	 * @param error  why the question failed; empty when it was answered (with or without records)
	 */
	record Answer<T>(List<T> values, String error) {
		boolean failed() {
			return !error.isEmpty();
		}
	}

	private final Resolver resolver;
	private final Map<String, Answer<?>> cache = new HashMap<>();
	/** Questions sent, for the report. */
	final AtomicInteger questions = new AtomicInteger();

	DnsLookups(Resolver resolver) {
		this.resolver = resolver;
	}

	private synchronized Answer<Record> ask(String name, int type) {
		String key = Type.string(type) + " " + name.toLowerCase(java.util.Locale.ROOT); //$NON-NLS-1$
		@SuppressWarnings("unchecked")
		Answer<Record> known = (Answer<Record>) cache.get(key);
		if (known != null) {
			return known;
		}
		Answer<Record> a = askUncached(name, type);
		cache.put(key, a);
		return a;
	}

	private Answer<Record> askUncached(String name, int type) {
		Lookup lookup;
		try {
			lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + ".", Name.root), type); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (TextParseException e) {
			return new Answer<>(List.of(), e.getMessage());
		}
		questions.incrementAndGet();
		lookup.setResolver(resolver);
		lookup.setCache(null);
		lookup.setSearchPath(List.of());
		Record[] records = lookup.run();
		int result = lookup.getResult();
		if (result == Lookup.SUCCESSFUL && records != null) {
			return new Answer<>(List.of(records), ""); //$NON-NLS-1$
		}
		if (result == Lookup.HOST_NOT_FOUND || result == Lookup.TYPE_NOT_FOUND) {
			return new Answer<>(List.of(), ""); //$NON-NLS-1$
		}
		String error = lookup.getErrorString();
		return new Answer<>(List.of(), error == null || error.isEmpty() ? "no answer" : error); //$NON-NLS-1$
	}

	/** @return the TXT records of a name, each record's strings joined */
	Answer<String> txt(String name) {
		Answer<Record> a = ask(name, Type.TXT);
		List<String> list = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof TXTRecord t) {
				list.add(String.join("", t.getStrings())); //$NON-NLS-1$
			}
		}
		return new Answer<>(list, a.error());
	}

	/** @return the MX hosts of a domain by preference ({@code .} for a null MX, RFC 7505) */
	Answer<String> mx(String domain) {
		Answer<Record> a = ask(domain, Type.MX);
		List<MXRecord> records = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof MXRecord m) {
				records.add(m);
			}
		}
		records.sort(Comparator.comparingInt(MXRecord::getPriority));
		List<String> hosts = new ArrayList<>();
		for (MXRecord m : records) {
			String host = m.getTarget().toString(true);
			hosts.add(host.isEmpty() ? "." : host); //$NON-NLS-1$
		}
		return new Answer<>(hosts, a.error());
	}

	/** @return the IPv4 then IPv6 addresses of a host name (an address literal stands for itself) */
	Answer<InetAddress> addresses(String host) {
		if (host.matches("[0-9.]+") || host.contains(":")) { //$NON-NLS-1$ //$NON-NLS-2$
			try {
				return new Answer<>(List.of(InetAddress.getByName(host)), ""); //$NON-NLS-1$
			} catch (java.net.UnknownHostException e) {
				return new Answer<>(List.of(), String.valueOf(e.getMessage()));
			}
		}
		List<InetAddress> list = new ArrayList<>();
		Answer<Record> v4 = ask(host, Type.A);
		for (Record r : v4.values()) {
			if (r instanceof ARecord a) {
				list.add(a.getAddress());
			}
		}
		Answer<Record> v6 = ask(host, Type.AAAA);
		for (Record r : v6.values()) {
			if (r instanceof AAAARecord a) {
				list.add(a.getAddress());
			}
		}
		String error = list.isEmpty() ? (v4.failed() ? v4.error() : v6.error()) : ""; //$NON-NLS-1$
		return new Answer<>(list, error);
	}

	/** @return only the IPv4 addresses (SPF's {@code a} and {@code mx} for an IPv4 sender) */
	Answer<InetAddress> addresses(String host, boolean v6) {
		Answer<Record> a = ask(host, v6 ? Type.AAAA : Type.A);
		List<InetAddress> list = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof ARecord x) {
				list.add(x.getAddress());
			} else if (r instanceof AAAARecord x) {
				list.add(x.getAddress());
			}
		}
		return new Answer<>(list, a.error());
	}
}
