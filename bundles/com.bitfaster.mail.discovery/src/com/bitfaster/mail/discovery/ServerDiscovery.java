package com.bitfaster.mail.discovery;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;

import com.bitfaster.mail.core.DiagnosticStep;

/**
 * Proposes SMTP submission settings for an e-mail address ("New Server from Address"), step by step like Test
 * Connection: Thunderbird's autoconfig ({@code autoconfig.DOMAIN} and the {@code .well-known} variant), DNS SRV
 * records (RFC 6186: {@code _submissions._tcp}, then {@code _submission._tcp}), guesses from the domain and its MX
 * hosts, and a probe of each candidate (implicit TLS before STARTTLS; the chain and host name verified). A proposal
 * never sends a password without TLS: a server reached only without TLS is proposed with no authentication at all.
 * An OSGi service (Declarative Services).
 *
 * <p>
 * DNS questions go to the resolver named by the system property {@value #DNS_SERVER_PROPERTY}, else by the preference
 * {@value #PREFERENCE_NODE}/{@value #DNS_SERVER_PREFERENCE}, else to the system's ({@code /etc/resolv.conf}); the
 * value is {@code HOST} or {@code HOST:PORT}. Host names found on the way (autoconfig, candidates) are resolved
 * through the same resolver.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface ServerDiscovery {

	/** The system property naming the DNS server discovery asks, as {@code HOST} or {@code HOST:PORT}. */
	String DNS_SERVER_PROPERTY = "bitfaster.dns.server"; //$NON-NLS-1$
	/** The preference node whose {@value #DNS_SERVER_PREFERENCE} names the DNS server (instance scope). */
	String PREFERENCE_NODE = "com.bitfaster.mail.discovery"; //$NON-NLS-1$
	/** The preference key naming the DNS server, as {@code HOST} or {@code HOST:PORT}; empty for the system's. */
	String DNS_SERVER_PREFERENCE = "dnsServer"; //$NON-NLS-1$

	/**
	 * Discovers the submission settings of an address; blocks until done (well under a minute: each network step has
	 * its own short timeout).
	 *
	 * @param address  an e-mail address such as {@code ann@example.com}
	 * @param progress sees each step as soon as it is done (from the calling thread); may be {@code null}
	 * @param monitor  cancellation; may be {@code null}
	 * @return the report; never throws for an unreachable or unknown domain (a step says what went wrong)
	 */
	DiscoveryReport discover(String address, Consumer<DiagnosticStep> progress, IProgressMonitor monitor);
}
