package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.google.gson.JsonObject;

/** What the {@code bounces} commands do, on the {@link BounceService} and {@link DeliverabilitySettings}. */
final class BouncesActions {

	private final Services services;
	private final PrintStream out;

	BouncesActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	void fetch(boolean json) throws CliException {
		FetchSummary s;
		long started = System.nanoTime();
		try {
			s = services.get(BounceService.class).fetch(new NullProgressMonitor());
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		if (json) {
			JsonObject o = new JsonObject();
			o.addProperty("read", s.read()); //$NON-NLS-1$
			o.addProperty("hard", s.hard()); //$NON-NLS-1$
			o.addProperty("soft", s.soft()); //$NON-NLS-1$
			o.addProperty("complaints", s.complaints()); //$NON-NLS-1$
			o.addProperty("unsubscribes", s.unsubscribes()); //$NON-NLS-1$
			o.addProperty("autoReplies", s.autoReplies()); //$NON-NLS-1$
			o.addProperty("refused", s.refused()); //$NON-NLS-1$
			o.addProperty("unrecognised", s.unrecognised()); //$NON-NLS-1$
			// Waiting for another reader, connecting, reading and recording: not the JVM's start.
			o.addProperty("millis", (System.nanoTime() - started) / 1_000_000); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		out.println(NLS.bind(Messages.Bounces_fetched, new Object[] { s.read(), s.hard(), s.soft(), s.complaints(),
				s.unsubscribes(), s.autoReplies(), s.refused(), s.unrecognised() }));
	}

	void settings(BouncesCommand.Settings o, boolean json) throws CliException {
		BounceService bounces = services.get(BounceService.class);
		DeliverabilitySettings deliverability = services.get(DeliverabilitySettings.class);
		char[] password = null;
		try {
			BounceMailbox m = bounces.mailbox();
			boolean mailboxChanged = o.protocol != null || o.host != null || o.port != null || o.security != null
					|| o.user != null || o.pin != null || o.interval != null || o.passwordStdin;
			if (mailboxChanged) {
				BounceMailbox.Protocol protocol = o.protocol == null ? m.protocol() : protocol(o.protocol);
				BounceMailbox.Security security = o.security == null ? m.security() : security(o.security);
				boolean defaultPort = m.port() == BounceMailbox.defaultPort(m.protocol(), m.security());
				int port = o.port != null ? o.port
						: defaultPort ? BounceMailbox.defaultPort(protocol, security) : m.port();
				BounceMailbox changed = new BounceMailbox(protocol, o.host == null ? m.host() : o.host, port, security,
						o.user == null ? m.user() : o.user, o.pin == null ? m.pinned() : o.pin,
						o.interval == null ? m.intervalMinutes() : o.interval);
				if (o.passwordStdin) {
					password = ServerActions.readPassword();
				}
				bounces.setMailbox(changed, password);
			}
			Deliverability d = deliverability.get();
			if (o.returnPathDomain != null || o.unsubscribeDomain != null || o.softBounceLimit != null
					|| o.softBounceDays != null) {
				deliverability.set(new Deliverability(o.returnPathDomain == null ? d.returnPathDomain() : o.returnPathDomain,
						o.unsubscribeDomain == null ? d.unsubscribeDomain() : o.unsubscribeDomain,
						o.softBounceLimit == null ? d.softBounceLimit() : o.softBounceLimit,
						o.softBounceDays == null ? d.softBounceDays() : o.softBounceDays));
			}
			print(bounces.mailbox(), bounces.hasPassword(), deliverability.get(), json);
		} catch (CoreException e) {
			throw CliException.usage(e.getMessage());
		} finally {
			if (password != null) {
				Arrays.fill(password, '\0');
			}
		}
	}

	private void print(BounceMailbox m, boolean hasPassword, Deliverability d, boolean json) {
		if (json) {
			JsonObject o = new JsonObject();
			o.addProperty("protocol", m.protocol().name().toLowerCase(Locale.ROOT)); //$NON-NLS-1$
			o.addProperty("host", m.host()); //$NON-NLS-1$
			o.addProperty("port", m.port()); //$NON-NLS-1$
			o.addProperty("security", m.security() == BounceMailbox.Security.STARTTLS ? "starttls" : "tls"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			o.addProperty("user", m.user()); //$NON-NLS-1$
			o.addProperty("passwordStored", hasPassword); //$NON-NLS-1$
			o.addProperty("pinnedCertificate", m.pinned()); //$NON-NLS-1$
			o.addProperty("intervalMinutes", m.intervalMinutes()); //$NON-NLS-1$
			o.addProperty("returnPathDomain", d.returnPathDomain()); //$NON-NLS-1$
			o.addProperty("unsubscribeDomain", d.unsubscribeDomain()); //$NON-NLS-1$
			o.addProperty("softBounceLimit", d.softBounceLimit()); //$NON-NLS-1$
			o.addProperty("softBounceDays", d.softBounceDays()); //$NON-NLS-1$
			out.println(CliJson.toJson(o));
			return;
		}
		if (m.configured()) {
			out.println(NLS.bind(Messages.Bounces_mailbox, new Object[] { m.label(),
					m.security() == BounceMailbox.Security.STARTTLS ? "STARTTLS" : "TLS", //$NON-NLS-1$ //$NON-NLS-2$
					hasPassword ? Messages.Bounces_passwordStored : Messages.Bounces_passwordMissing,
					m.pinned().isEmpty() ? Messages.Bounces_trustStore : m.pinned(), m.intervalMinutes() }));
		} else {
			out.println(Messages.Bounces_noMailbox);
		}
		out.println(NLS.bind(Messages.Bounces_returnPath, new Object[] {
				d.verp() ? "bounce+TOKEN@" + d.returnPathDomain() : Messages.Bounces_verpOff, //$NON-NLS-1$
				d.effectiveUnsubscribeDomain().isEmpty() ? "-" : "unsubscribe+TOKEN@" + d.effectiveUnsubscribeDomain(), //$NON-NLS-1$ //$NON-NLS-2$
				d.softBounceLimit(), d.softBounceDays() }));
	}

	private static BounceMailbox.Protocol protocol(String text) throws CliException {
		return switch (text.toLowerCase(Locale.ROOT)) {
		case "imap" -> BounceMailbox.Protocol.IMAP; //$NON-NLS-1$
		case "pop3" -> BounceMailbox.Protocol.POP3; //$NON-NLS-1$
		default -> throw CliException.usage(NLS.bind(Messages.Bounces_protocol, text));
		};
	}

	private static BounceMailbox.Security security(String text) throws CliException {
		return switch (text.toLowerCase(Locale.ROOT)) {
		case "tls", "ssl" -> BounceMailbox.Security.IMPLICIT_TLS; //$NON-NLS-1$ //$NON-NLS-2$
		case "starttls" -> BounceMailbox.Security.STARTTLS; //$NON-NLS-1$
		default -> throw CliException.usage(NLS.bind(Messages.Bounces_security, text));
		};
	}
}
