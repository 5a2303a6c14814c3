package com.bitfaster.mail.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The product's DNS questions (server discovery, the pre-flight check) through dnsjava to one resolver (see
 * {@link DnsResolvers}). dnsjava's own cache is never used, so a changed record is seen by the next discovery or
 * check; with {@code remember} each question is asked once for the life of this object. A failed question (timeout,
 * SERVFAIL) is told apart from a name that has no such record.
 */
public final class DnsQuestions {

	/**
	 * An answer.
	 *
	 * @param values the records, possibly none
	 * @param error  why the question failed; empty when it was answered (with or without records)
	 */
	public record Answer<T>(List<T> values, String error) {
		/** @return whether the question failed (as opposed to a name without such records) */
		public boolean failed() {
			return !error.isEmpty();
		}
	}

	/** An SRV target (RFC 2782). */
	public record Srv(String target, int port, int priority, int weight) {
	}

	/** An MX exchange; host {@code .} is a null MX (RFC 7505: the domain accepts no mail). */
	public record Mx(String host, int preference) {
		/** @return whether this is a null MX */
		public boolean isNull() {
			return ".".equals(host); //$NON-NLS-1$
		}
	}

	private final Resolver resolver;
	private final Map<String, Answer<Record>> remembered;
	private int questions;

	/**
	 * @param resolver the resolver asked (with its timeout set)
	 * @param remember whether to ask each question once only (for one check that asks the same names repeatedly)
	 */
	public DnsQuestions(Resolver resolver, boolean remember) {
		this.resolver = resolver;
		this.remembered = remember ? new ConcurrentHashMap<>() : null;
	}

	/** @return how many questions were sent to the resolver */
	public synchronized int questions() {
		return questions;
	}

	/** @return the records of a type for a name */
	public Answer<Record> ask(String name, int type) {
		if (remembered == null) {
			return askResolver(name, type);
		}
		String key = Type.string(type) + " " + name.toLowerCase(Locale.ROOT); //$NON-NLS-1$
		return remembered.computeIfAbsent(key, k -> askResolver(name, type));
	}

	private Answer<Record> askResolver(String name, int type) {
		Lookup lookup;
		try {
			lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + ".", Name.root), type); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (TextParseException e) {
			return new Answer<>(List.of(), String.valueOf(e.getMessage()));
		}
		synchronized (this) {
			questions++;
		}
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
	public Answer<String> txt(String name) {
		Answer<Record> a = ask(name, Type.TXT);
		List<String> list = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof TXTRecord t) {
				list.add(String.join("", t.getStrings())); //$NON-NLS-1$
			}
		}
		return new Answer<>(list, a.error());
	}

	/** @return the MX exchanges of a domain by preference, a null MX included */
	public Answer<Mx> mx(String domain) {
		Answer<Record> a = ask(domain, Type.MX);
		List<Mx> list = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof MXRecord m) {
				String host = m.getTarget().toString(true);
				list.add(new Mx(host.isEmpty() ? "." : host, m.getPriority())); //$NON-NLS-1$
			}
		}
		list.sort(Comparator.comparingInt(Mx::preference));
		return new Answer<>(list, a.error());
	}

	/** @return the SRV records of a name ordered by priority, then weight (higher first); {@code .} targets dropped */
	public Answer<Srv> srv(String name) {
		Answer<Record> a = ask(name, Type.SRV);
		List<Srv> list = new ArrayList<>();
		for (Record r : a.values()) {
			if (r instanceof SRVRecord s) {
				String target = s.getTarget().toString(true);
				if (!target.isEmpty() && !".".equals(target)) { //$NON-NLS-1$
					list.add(new Srv(target, s.getPort(), s.getPriority(), s.getWeight()));
				}
			}
		}
		list.sort(Comparator.comparingInt(Srv::priority).thenComparing(Comparator.comparingInt(Srv::weight).reversed()));
		return new Answer<>(list, a.error());
	}

	/** @return the IPv4 then IPv6 addresses of a host name (an address literal stands for itself) */
	public Answer<InetAddress> addresses(String host) {
		if (host.matches("[0-9.]+") || host.contains(":")) { //$NON-NLS-1$ //$NON-NLS-2$
			try {
				return new Answer<>(List.of(InetAddress.getByName(host)), ""); //$NON-NLS-1$
			} catch (UnknownHostException e) {
				return new Answer<>(List.of(), String.valueOf(e.getMessage()));
			}
		}
		Answer<InetAddress> v4 = addresses(host, false);
		Answer<InetAddress> v6 = addresses(host, true);
		List<InetAddress> list = new ArrayList<>(v4.values());
		list.addAll(v6.values());
		String error = list.isEmpty() ? (v4.failed() ? v4.error() : v6.error()) : ""; //$NON-NLS-1$
		return new Answer<>(list, error);
	}

	/** @return the IPv6 (AAAA) or the IPv4 (A) addresses of a host name */
	public Answer<InetAddress> addresses(String host, boolean v6) {
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
