package com.bitfaster.mail.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKeys;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** What the {@code dkim} commands do, on the {@link DkimKeys} service. */
final class DkimActions {

	private final Services services;
	private final PrintStream out;

	DkimActions(Services services, PrintStream out) {
		this.services = services;
		this.out = out;
	}

	private DkimKeys keys() throws CliException {
		return services.get(DkimKeys.class);
	}

	void generate(String domain, String selector, String algorithmName, boolean json) throws CliException {
		DkimKey.Algorithm algorithm = switch (algorithmName.toLowerCase(Locale.ROOT)) {
			case "rsa", "rsa-sha256" -> DkimKey.Algorithm.RSA_SHA256; //$NON-NLS-1$ //$NON-NLS-2$
			case "ed25519", "ed25519-sha256" -> DkimKey.Algorithm.ED25519_SHA256; //$NON-NLS-1$ //$NON-NLS-2$
			default -> throw CliException.usage(NLS.bind(Messages.Dkim_algorithm, algorithmName));
		};
		DkimKey key;
		try {
			key = keys().generate(domain, selector, algorithm);
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		print(key, Messages.Dkim_generated, json);
	}

	void importKey(String domain, String selector, boolean json) throws CliException {
		String pem;
		try {
			pem = new String(System.in.readAllBytes(), StandardCharsets.US_ASCII);
		} catch (IOException e) {
			throw CliException.failed(NLS.bind(Messages.Dkim_stdinUnreadable, e.getMessage()));
		}
		if (pem.isBlank()) {
			throw CliException.usage(Messages.Dkim_stdinEmpty);
		}
		DkimKey key;
		try {
			key = keys().importKey(domain, selector, pem);
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		print(key, Messages.Dkim_imported, json);
	}

	private void print(DkimKey key, String what, boolean json) {
		if (json) {
			out.println(CliJson.toJson(json(key)));
			return;
		}
		out.println(NLS.bind(what, new Object[] { algorithm(key), key.domain(), key.selector() }));
		out.println(Messages.Dkim_publish);
		out.println("  Name:  " + key.dnsName()); //$NON-NLS-1$
		out.println("  Type:  TXT"); //$NON-NLS-1$
		out.println("  Value: " + key.txtRecord()); //$NON-NLS-1$
		out.println(Messages.Dkim_zoneFile);
		out.println("  " + key.zoneFileRecord()); //$NON-NLS-1$
	}

	void list(boolean json) throws CliException {
		List<DkimKey> all = keys().list();
		if (json) {
			JsonArray array = new JsonArray();
			all.forEach(k -> array.add(json(k)));
			out.println(CliJson.toJson(array));
			return;
		}
		if (all.isEmpty()) {
			out.println(Messages.Dkim_none);
			return;
		}
		int dw = Math.max(6, all.stream().mapToInt(k -> k.domain().length()).max().orElse(6));
		int sw = Math.max(8, all.stream().mapToInt(k -> k.selector().length()).max().orElse(8));
		String format = "%-" + dw + "s  %-" + sw + "s  %-14s  %-20s  %s%n"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		out.printf(format, "DOMAIN", "SELECTOR", "ALGORITHM", "CREATED", "DNS NAME"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
		for (DkimKey k : all) {
			out.printf(format, k.domain(), k.selector(), k.algorithm().tag(), k.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), k.dnsName());
		}
	}

	void remove(String domain, String selector) throws CliException {
		try {
			keys().remove(domain, selector);
		} catch (CoreException e) {
			throw CliException.failed(e.getMessage());
		}
		out.println(NLS.bind(Messages.Dkim_removed, domain, selector));
	}

	private static String algorithm(DkimKey key) {
		return key.algorithm() == DkimKey.Algorithm.RSA_SHA256 ? "RSA" : "Ed25519"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** A key as {@code dkim list --json} and {@code dkim generate --json} show it. */
	private static JsonObject json(DkimKey k) {
		JsonObject o = CliJson.versioned();
		o.addProperty("domain", k.domain()); //$NON-NLS-1$
		o.addProperty("selector", k.selector()); //$NON-NLS-1$
		o.addProperty("algorithm", k.algorithm().tag()); //$NON-NLS-1$
		o.addProperty("created", k.created().toString()); //$NON-NLS-1$
		o.addProperty("dnsName", k.dnsName()); //$NON-NLS-1$
		o.addProperty("txtRecord", k.txtRecord()); //$NON-NLS-1$
		o.addProperty("publicKey", k.publicKeyBase64()); //$NON-NLS-1$
		return o;
	}
}
