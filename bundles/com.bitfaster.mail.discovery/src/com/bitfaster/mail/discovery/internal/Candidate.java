package com.bitfaster.mail.discovery.internal;

import java.util.List;

/**
 * A server to probe.
 *
 * @param host           host name
 * @param port           port
 * @param mode           how to reach TLS there
 * @param source         where it came from (a {@code Proposal.source()} value)
 * @param username       the user name a source named (autoconfig), else empty: the address is used
 * @param authentication the methods a source named (autoconfig's {@code authentication}), else empty
 */
record Candidate(String host, int port, Mode mode, String source, String username, List<String> authentication) {

	/** How TLS is reached. */
	enum Mode {
		/** Implicit TLS from the first byte (465). */
		SSL,
		/** STARTTLS after EHLO (587). */
		STARTTLS,
		/** A source said plain: probed like STARTTLS, and proposed with TLS when the server announces it. */
		PLAIN
	}

	Candidate {
		authentication = List.copyOf(authentication);
	}

	/** @return the same server as another candidate (host, port, mode) */
	boolean sameServer(Candidate other) {
		return host.equalsIgnoreCase(other.host) && port == other.port && mode == other.mode;
	}
}
