package com.bitfaster.mail.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.eclipse.core.runtime.Platform;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * The DNS resolver the product asks (server discovery, the pre-flight check): the server named by the system property
 * {@value ServerDiscovery#DNS_SERVER_PROPERTY}, else by the preference
 * {@value ServerDiscovery#PREFERENCE_NODE}/{@value ServerDiscovery#DNS_SERVER_PREFERENCE}, else the system's
 * ({@code /etc/resolv.conf}). A value is {@code HOST}, {@code HOST:PORT} or {@code [v6]:PORT}.
 */
public final class DnsResolvers {

	/**
	 * A configured resolver.
	 *
	 * @param resolver    dnsjava's resolver, with the timeout set
	 * @param description {@code system} or {@code address:port}
	 * @param where       where it was configured (the property's or the preference's name); empty for the system's
	 */
	public record Configured(Resolver resolver, String description, String where) {
	}

	private DnsResolvers() {
	}

	/**
	 * @return the configured DNS server ({@code HOST[:PORT]}, empty for the system's) and where it was configured
	 *         (empty for the system's)
	 */
	public static String[] configuredServer() {
		String property = System.getProperty(ServerDiscovery.DNS_SERVER_PROPERTY, "").trim(); //$NON-NLS-1$
		if (!property.isEmpty()) {
			return new String[] { property, ServerDiscovery.DNS_SERVER_PROPERTY };
		}
		try {
			String preference = Platform.getPreferencesService().getString(ServerDiscovery.PREFERENCE_NODE,
					ServerDiscovery.DNS_SERVER_PREFERENCE, "", null).trim(); //$NON-NLS-1$
			if (!preference.isEmpty()) {
				return new String[] { preference,
						ServerDiscovery.PREFERENCE_NODE + "/" + ServerDiscovery.DNS_SERVER_PREFERENCE }; //$NON-NLS-1$
			}
		} catch (RuntimeException e) {
			// no preference service (outside OSGi) or no instance location: the system's resolver
		}
		return new String[] { "", "" }; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/**
	 * @param timeout per question
	 * @return the resolver configured now (see the class comment)
	 * @throws UnknownHostException when the configured server is not an address or resolvable name
	 */
	public static Configured configured(Duration timeout) throws UnknownHostException {
		String[] server = configuredServer();
		Configured c = of(server[0], timeout);
		return new Configured(c.resolver(), c.description(), server[1]);
	}

	/**
	 * @param server  {@code HOST} or {@code HOST:PORT} ({@code [v6]:PORT} for IPv6), or empty for the system's
	 *                resolvers
	 * @param timeout per question
	 */
	public static Configured of(String server, Duration timeout) throws UnknownHostException {
		Resolver resolver;
		String description;
		if (server == null || server.isBlank()) {
			resolver = new ExtendedResolver();
			description = "system"; //$NON-NLS-1$
		} else {
			InetSocketAddress address = parse(server.trim());
			resolver = new SimpleResolver(address);
			description = address.getAddress().getHostAddress() + ":" + address.getPort(); //$NON-NLS-1$
		}
		resolver.setTimeout(timeout);
		return new Configured(resolver, description, ""); //$NON-NLS-1$
	}

	/** @return the socket address of {@code HOST}, {@code HOST:PORT} or {@code [v6]:PORT} (port 53 by default) */
	public static InetSocketAddress parse(String server) throws UnknownHostException {
		String host = server;
		int port = SimpleResolver.DEFAULT_PORT;
		if (server.startsWith("[")) { //$NON-NLS-1$
			int end = server.indexOf(']');
			if (end < 0) {
				throw new UnknownHostException(server);
			}
			host = server.substring(1, end);
			if (server.length() > end + 1) {
				port = port(server, server.substring(end + 1));
			}
		} else if (server.indexOf(':') == server.lastIndexOf(':') && server.indexOf(':') > 0) {
			host = server.substring(0, server.indexOf(':'));
			port = port(server, server.substring(server.indexOf(':')));
		}
		return new InetSocketAddress(InetAddress.getByName(host), port);
	}

	private static int port(String server, String colonPort) throws UnknownHostException {
		try {
			int port = Integer.parseInt(colonPort.substring(1));
			if (port < 1 || port > 65535) {
				throw new UnknownHostException(server);
			}
			return port;
		} catch (NumberFormatException | StringIndexOutOfBoundsException e) {
			throw new UnknownHostException(server);
		}
	}
}
