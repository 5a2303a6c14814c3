package com.bitfaster.mail.dkim.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bitfaster.mail.dkim.DkimKey;

/** Programs the tests run: OpenSSL, and the two independent DKIM verifiers (OpenDKIM, dkimpy). */
final class Tools {

	static final Path OPENDKIM = Path.of("/usr/sbin/opendkim"); //$NON-NLS-1$
	static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3"); //$NON-NLS-1$
	static final Path DKIMPY = Path.of("/usr/lib/python3/dist-packages/dkim/__init__.py"); //$NON-NLS-1$

	private Tools() {
	}

	static String run(Path dir, List<String> command) throws IOException, InterruptedException {
		return new String(runBytes(dir, command), StandardCharsets.UTF_8);
	}

	static byte[] runBytes(Path dir, List<String> command) throws IOException, InterruptedException {
		Path err = Files.createTempFile(dir, "err", ".txt"); //$NON-NLS-1$ //$NON-NLS-2$
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
		byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + Files.readString(err)); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return out;
	}

	/** One verifier's verdict on each signature of a message, in the order of the message's signatures. */
	record Verdicts(List<String> results, String output) {
		boolean allPass(int expected) {
			return results.size() == expected && results.stream().allMatch("pass"::equals); //$NON-NLS-1$
		}
	}

	/**
	 * OpenDKIM in test mode ({@code opendkim -t}), its keys from {@code TestPublicKeys} (the records as published).
	 *
	 * @return the {@code dkim=} results of the Authentication-Results header it would add, with the selector each
	 */
	static Verdicts opendkim(Path dir, byte[] message, List<DkimKey> published) throws IOException, InterruptedException {
		Path work = Files.createTempDirectory(dir, "opendkim"); //$NON-NLS-1$
		StringBuilder keys = new StringBuilder();
		for (DkimKey k : published) {
			keys.append(k.dnsName()).append(' ').append(k.txtRecord()).append('\n');
		}
		Files.writeString(work.resolve("keys"), keys); //$NON-NLS-1$
		Files.writeString(work.resolve("opendkim.conf"), String.join("\n", "Mode v", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"TestPublicKeys " + work.resolve("keys"), "Syslog no", "AlwaysAddARHeader yes", "AuthservID verifier", "")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$
		Files.write(work.resolve("message.eml"), message); //$NON-NLS-1$
		Process p = new ProcessBuilder(OPENDKIM.toString(), "-x", work.resolve("opendkim.conf").toString(), "-vvv", "-t", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
				work.resolve("message.eml").toString()).redirectErrorStream(true).start(); //$NON-NLS-1$
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(60, TimeUnit.SECONDS);
		List<String> results = new ArrayList<>();
		Matcher m = Pattern.compile("dkim=(\\w+) [^;]*header\\.s=([\\w.-]+)").matcher(out); //$NON-NLS-1$
		while (m.find()) {
			results.add(m.group(1));
		}
		return new Verdicts(results, out);
	}

	/** dkimpy (Debian's python3-dkim), each signature verified against the published records. */
	static Verdicts dkimpy(Path dir, byte[] message, List<DkimKey> published) throws IOException, InterruptedException {
		Path work = Files.createTempDirectory(dir, "dkimpy"); //$NON-NLS-1$
		StringBuilder records = new StringBuilder("records = {\n"); //$NON-NLS-1$
		for (DkimKey k : published) {
			records.append("  b'").append(k.dnsName()).append(".': b'").append(k.txtRecord()).append("',\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		records.append("}\n"); //$NON-NLS-1$
		Files.writeString(work.resolve("verify.py"), records + String.join("\n", //$NON-NLS-1$ //$NON-NLS-2$
				"import sys, dkim", //$NON-NLS-1$
				"msg = open(sys.argv[1], 'rb').read()", //$NON-NLS-1$
				"def dns(name, timeout=5):", //$NON-NLS-1$
				"    return records.get(name if name.endswith(b'.') else name + b'.')", //$NON-NLS-1$
				"d = dkim.DKIM(msg)", //$NON-NLS-1$
				"n = len([h for h in d.headers if h[0].lower() == b'dkim-signature'])", //$NON-NLS-1$
				"for i in range(n):", //$NON-NLS-1$
				"    try:", //$NON-NLS-1$
				"        print('pass' if d.verify(idx=i, dnsfunc=dns) else 'fail')", //$NON-NLS-1$
				"    except dkim.ValidationError as e:", //$NON-NLS-1$
				"        print('fail', e)", //$NON-NLS-1$
				"")); //$NON-NLS-1$
		Files.write(work.resolve("message.eml"), message); //$NON-NLS-1$
		String out = run(work, List.of(SYSTEM_PYTHON.toString(), work.resolve("verify.py").toString(), //$NON-NLS-1$
				work.resolve("message.eml").toString())); //$NON-NLS-1$
		return new Verdicts(out.lines().map(l -> l.split(" ")[0]).toList(), out); //$NON-NLS-1$
	}
}
