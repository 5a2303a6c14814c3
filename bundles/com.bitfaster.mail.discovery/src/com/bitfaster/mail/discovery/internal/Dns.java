package com.bitfaster.mail.discovery.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.bitfaster.mail.discovery.DnsResolvers;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.bitfaster.mail.discovery.DnsResolvers;

/**
 * DNS questions through dnsjava, to one configured resolver (or the system's): SRV, MX and the addresses of host
 * names. No cache outlives one discovery, so a changed record is seen at once.
 */
final class Dns {

	/** A lookup's outcome: the records, or why there are none ({@code error} empty when the name simply has none). */
	record Answer<T>(List<T> records, String error) {
	}

	/** An SRV target (RFC 2782). */
	record Srv(String target, int port, int priority, int weight) {
	}

	/** An MX exchange. */
	record Mx(String host, int preference) {
	}

	private final Resolver resolver;
	private final String description;

	private Dns(Resolver resolver, String description) {
		this.resolver = resolver;
		this.description = description;
	}

	/**
	 * @param server  {@code HOST} or {@code HOST:PORT} ({@code [v6]:PORT} for IPv6), or empty for the system's
	 *                resolvers
	 * @param timeout per question
	 */
	static Dns of(String server, Duration timeout) throws UnknownHostException {
		DnsResolvers.Configured c = DnsResolvers.of(server, timeout);
		return new Dns(c.resolver(), c.description());
	}

	static InetSocketAddress parse(String server) throws UnknownHostException {
		return DnsResolvers.parse(server);
	}

	/** @return which resolver is asked, for the steps ({@code system} or {@code address:port}) */
	String description() {
		return description;
	}

	private Answer<Record> ask(String name, int type) {
		Lookup lookup;
		try {
			lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + ".", Name.root), type); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (TextParseException e) {
			return new Answer<>(List.of(), e.getMessage());
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
		return new Answer<>(List.of(), lookup.getErrorString());
	}

	/** @return the SRV records of a name ordered by priority, then weight (higher first); "." targets dropped */
	Answer<Srv> srv(String name) {
		Answer<Record> a = ask(name, Type.SRV);
		List<Srv> list = new ArrayList<>();
		for (Record r : a.records()) {
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

	/** @return the MX hosts of a domain by preference */
	Answer<Mx> mx(String domain) {
		Answer<Record> a = ask(domain, Type.MX);
		List<Mx> list = new ArrayList<>();
		for (Record r : a.records()) {
			if (r instanceof MXRecord m) {
				String host = m.getTarget().toString(true);
				if (!host.isEmpty() && !".".equals(host)) { //$NON-NLS-1$
					list.add(new Mx(host, m.getPriority()));
				}
			}
		}
		list.sort(Comparator.comparingInt(Mx::preference));
		return new Answer<>(list, a.error());
	}

	/** @return the IPv4 then IPv6 addresses of a host name (an address literal stands for itself) */
	Answer<InetAddress> addresses(String host) {
		if (host.matches("[0-9.]+") || host.contains(":")) { //$NON-NLS-1$ //$NON-NLS-2$
			try {
				return new Answer<>(List.of(InetAddress.getByName(host)), ""); //$NON-NLS-1$
			} catch (UnknownHostException e) {
				return new Answer<>(List.of(), e.getMessage());
			}
		}
		List<InetAddress> list = new ArrayList<>();
		Answer<Record> v4 = ask(host, Type.A);
		for (Record r : v4.records()) {
			if (r instanceof ARecord a) {
				list.add(a.getAddress());
			}
		}
		Answer<Record> v6 = ask(host, Type.AAAA);
		for (Record r : v6.records()) {
			if (r instanceof AAAARecord a) {
				list.add(a.getAddress());
			}
		}
		String error = list.isEmpty() ? (v4.error().isEmpty() ? v6.error() : v4.error()) : ""; //$NON-NLS-1$
		return new Answer<>(list, error);
	}
}
