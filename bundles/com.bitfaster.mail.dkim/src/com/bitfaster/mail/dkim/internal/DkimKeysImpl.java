package com.bitfaster.mail.dkim.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MessageSigner;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKey.Algorithm;
import com.bitfaster.mail.dkim.DkimKeys;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The {@link DkimKeys} service: the keys' public halves in {@value #FILE_NAME} in this bundle's state location (shared
 * by every program on the same data folder, changed under a cross-process lock and replaced atomically), the private
 * keys, PKCS#8, in Equinox secure storage under {@value #SECURE_NODE}, one node per {@code selector._domainkey.domain}.
 * <p>
 * Also the {@link MessageSigner} the sender service consults: a message whose From domain has keys is signed with each
 * ({@link DkimSigner}).
 * </p>
 */
@Component(service = { DkimKeys.class, MessageSigner.class })
public class DkimKeysImpl implements DkimKeys, MessageSigner {

	public static final String FILE_NAME = "dkim-keys.json"; //$NON-NLS-1$
	static final String SECURE_NODE = "com.bitfaster.mail/dkim"; //$NON-NLS-1$
	static final String PRIVATE_KEY = "pkcs8"; //$NON-NLS-1$

	private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"); //$NON-NLS-1$
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private Path file;
	private SecureSecrets secrets;
	private Clock clock = Clock.systemUTC();

	/** The keys as read, the file's stamp then ({@code null}: no file), and when that stamp was last checked. */
	private record Snapshot(Object stamp, List<DkimKey> keys, long checkedAt) {
	}

	/**
	 * The sender asks for every message: the file is looked at no more than once a second for that, so a key another
	 * program adds signs here within a second. Changes made under the lock always read the file.
	 */
	private static final long RECHECK_NANOS = 1_000_000_000L;

	private volatile Snapshot snapshot;
	/** Private keys read from secure storage, by dnsName and p= value (a replaced key has another p=). */
	private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();

	/** For Declarative Services. */
	public DkimKeysImpl() {
	}

	/** Outside Declarative Services: keys in {@code folder} and {@code secrets}. */
	public DkimKeysImpl(Path folder, SecureSecrets secrets, Clock clock) {
		this.file = folder.resolve(FILE_NAME);
		this.secrets = secrets;
		this.clock = clock;
	}

	@Activate
	void activate() {
		file = Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath().resolve(FILE_NAME);
		secrets = SecureSecrets.ofDefault(SECURE_NODE);
	}

	/** @return the file of the keys' public halves */
	public Path file() {
		return file;
	}

	@Override
	public List<DkimKey> list() {
		try {
			Snapshot s = snapshot;
			if (s != null && System.nanoTime() - s.checkedAt() < RECHECK_NANOS) {
				return s.keys();
			}
			return read();
		} catch (CoreException e) {
			ILog.of(getClass()).log(e.getStatus());
			return List.of();
		}
	}

	@Override
	public List<DkimKey> forDomain(String domain) {
		String d = normalDomain(domain);
		List<DkimKey> keys = new ArrayList<>(2);
		for (DkimKey k : list()) {
			if (k.domain().equals(d)) {
				keys.add(k);
			}
		}
		return List.copyOf(keys);
	}

	@Override
	public DkimKey generate(String domain, String selector, Algorithm algorithm) throws CoreException {
		String d = checkDomain(domain);
		String s = checkSelector(selector);
		KeyMaterial.Pair pair;
		try {
			pair = KeyMaterial.generate(algorithm);
		} catch (GeneralSecurityException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.Keys_cannotGenerate, e.getMessage()), e));
		}
		return add(d, s, pair);
	}

	@Override
	public DkimKey importKey(String domain, String selector, String pkcs8Pem) throws CoreException {
		String d = checkDomain(domain);
		String s = checkSelector(selector);
		KeyMaterial.Pair pair;
		try {
			pair = KeyMaterial.importPem(pkcs8Pem);
		} catch (IllegalArgumentException e) {
			throw new CoreException(Status.error(e.getMessage()));
		}
		return add(d, s, pair);
	}

	private DkimKey add(String domain, String selector, KeyMaterial.Pair pair) throws CoreException {
		DkimKey key = new DkimKey(domain, selector, pair.algorithm(), pair.publicKeyBase64(), clock.instant());
		char[] secret = Base64.getEncoder().encodeToString(pair.pkcs8()).toCharArray();
		try (CrossProcessLock lock = lock()) {
			List<DkimKey> keys = new ArrayList<>(read());
			for (DkimKey k : keys) {
				if (k.domain().equals(domain) && k.selector().equals(selector)) {
					throw new CoreException(Status.error(Messages.bind(Messages.Keys_exists, domain, selector)));
				}
				if (k.domain().equals(domain) && k.algorithm() == pair.algorithm()) {
					throw new CoreException(Status.error(Messages.bind(Messages.Keys_algorithmExists,
							new Object[] { domain, label(k.algorithm()), k.selector() })));
				}
			}
			// The private key first: a key listed in the file always has its private half.
			secrets.put(key.dnsName(), Map.of(PRIVATE_KEY, secret));
			keys.add(key);
			try {
				write(keys);
			} catch (CoreException e) {
				secrets.remove(key.dnsName());
				throw e;
			}
			return key;
		} catch (IOException e) {
			throw cannotSave(e);
		} finally {
			java.util.Arrays.fill(secret, '\0');
		}
	}

	@Override
	public void remove(String domain, String selector) throws CoreException {
		String d = normalDomain(domain);
		String s = selector == null ? "" : selector.strip().toLowerCase(Locale.ROOT); //$NON-NLS-1$
		try (CrossProcessLock lock = lock()) {
			List<DkimKey> keys = new ArrayList<>(read());
			Optional<DkimKey> found = keys.stream().filter(k -> k.domain().equals(d) && k.selector().equals(s))
					.findFirst();
			if (found.isEmpty()) {
				throw new CoreException(Status.error(Messages.bind(Messages.Keys_notFound, d, s)));
			}
			keys.remove(found.get());
			// The file first: a private key left behind by a crash is harmless, a listed key without one is not.
			write(keys);
			secrets.remove(found.get().dnsName());
			privateKeys.keySet().removeIf(k -> k.startsWith(found.get().dnsName() + " ")); //$NON-NLS-1$
		} catch (IOException e) {
			throw cannotSave(e);
		} finally {
			snapshot = null; // this program's own change counts at once
		}
	}

	/**
	 * @return the private key of {@code key}, from secure storage (kept in memory after the first read)
	 * @throws CoreException when it is not there or cannot be read
	 */
	public PrivateKey privateKey(DkimKey key) throws CoreException {
		String id = key.dnsName() + " " + key.publicKeyBase64(); //$NON-NLS-1$
		PrivateKey known = privateKeys.get(id);
		if (known != null) {
			return known;
		}
		Optional<char[]> stored = secrets.get(key.dnsName(), PRIVATE_KEY);
		if (stored.isEmpty()) {
			throw new CoreException(Status.error(Messages.bind(Messages.Sign_noPrivateKey, key.domain(), key.selector())));
		}
		char[] chars = stored.get();
		try {
			PrivateKey pk = KeyMaterial.privateKey(key.algorithm(), Base64.getDecoder().decode(new String(chars)));
			privateKeys.put(id, pk);
			return pk;
		} catch (GeneralSecurityException | IllegalArgumentException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.Sign_noPrivateKey, key.domain(), key.selector())));
		} finally {
			java.util.Arrays.fill(chars, '\0');
		}
	}

	@Override
	public Envelope.Transform signerFor(MimeMessage message) throws MessagingException {
		if (list().isEmpty()) {
			return null; // no keys: not even the From header is parsed (this runs once per message sent)
		}
		Address[] from = message.getFrom();
		if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress ia) || ia.getAddress() == null) {
			return null;
		}
		String address = ia.getAddress();
		int at = address.lastIndexOf('@');
		if (at < 0) {
			return null;
		}
		List<DkimKey> keys = forDomain(address.substring(at + 1));
		if (keys.isEmpty()) {
			return null;
		}
		List<DkimSigner.SigningKey> signing = new ArrayList<>(keys.size());
		for (DkimKey k : keys) {
			try {
				signing.add(new DkimSigner.SigningKey(k, privateKey(k)));
			} catch (CoreException e) {
				throw new MessagingException(e.getMessage(), e);
			}
		}
		return bytes -> {
			try {
				return DkimSigner.sign(bytes, signing, clock.instant().getEpochSecond());
			} catch (GeneralSecurityException e) {
				throw new MessagingException("DKIM: " + e.getMessage(), e); //$NON-NLS-1$
			}
		};
	}

	private static String label(Algorithm a) {
		return a == Algorithm.RSA_SHA256 ? "RSA" : "Ed25519"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	private CrossProcessLock lock() throws IOException {
		return CrossProcessLock.acquire(file.resolveSibling(FILE_NAME + ".lock")); //$NON-NLS-1$
	}

	/** The file as stored. */
	private static final class Stored {
		int version = 1;
		List<StoredKey> keys = new ArrayList<>();
	}

	private static final class StoredKey {
		String domain;
		String selector;
		String algorithm;
		String publicKey;
		String created;
	}

	private List<DkimKey> read() throws CoreException {
		Object stamp;
		try {
			BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
			stamp = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
		} catch (NoSuchFileException e) {
			snapshot = new Snapshot(null, List.of(), System.nanoTime());
			return List.of();
		} catch (IOException e) {
			throw unreadable(e);
		}
		Snapshot s = snapshot;
		if (s != null && stamp.equals(s.stamp())) {
			snapshot = new Snapshot(stamp, s.keys(), System.nanoTime());
			return s.keys();
		}
		try {
			Stored stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
			List<DkimKey> keys = new ArrayList<>();
			if (stored != null && stored.keys != null) {
				for (StoredKey k : stored.keys) {
					keys.add(new DkimKey(k.domain, k.selector, Algorithm.valueOf(k.algorithm), k.publicKey,
							Instant.parse(k.created)));
				}
			}
			keys.sort(Comparator.comparing(DkimKey::domain).thenComparing(DkimKey::selector));
			List<DkimKey> result = List.copyOf(keys);
			snapshot = new Snapshot(stamp, result, System.nanoTime());
			return result;
		} catch (IOException e) {
			throw unreadable(e);
		} catch (JsonParseException | IllegalArgumentException | NullPointerException
				| java.time.format.DateTimeParseException e) {
			throw unreadable(e);
		}
	}

	private void write(List<DkimKey> keys) throws CoreException {
		Stored stored = new Stored();
		keys.stream().sorted(Comparator.comparing(DkimKey::domain).thenComparing(DkimKey::selector)).forEach(k -> {
			StoredKey s = new StoredKey();
			s.domain = k.domain();
			s.selector = k.selector();
			s.algorithm = k.algorithm().name();
			s.publicKey = k.publicKeyBase64();
			s.created = k.created().toString();
			stored.keys.add(s);
		});
		try {
			AtomicFiles.write(file, out -> {
				Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
				GSON.toJson(stored, w);
				w.write('\n');
				w.flush();
			});
		} catch (IOException e) {
			throw cannotSave(e);
		} finally {
			snapshot = null; // this program's own change counts at once
		}
	}

	private CoreException cannotSave(Exception e) {
		return new CoreException(Status.error(Messages.bind(Messages.Keys_cannotSave, file, e.getMessage()), e));
	}

	private CoreException unreadable(Exception e) {
		return new CoreException(Status.error(Messages.bind(Messages.Keys_unreadable, file, e.getMessage()), e));
	}

	/** @return the domain in lower case ASCII (IDN), without a trailing dot; as given when it cannot be converted */
	static String normalDomain(String domain) {
		String d = domain == null ? "" : domain.strip(); //$NON-NLS-1$
		if (d.endsWith(".")) { //$NON-NLS-1$
			d = d.substring(0, d.length() - 1);
		}
		try {
			d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
		} catch (IllegalArgumentException e) {
			// checked by checkDomain
		}
		return d.toLowerCase(Locale.ROOT);
	}

	private static String checkDomain(String domain) throws CoreException {
		String d = normalDomain(domain);
		if (!labels(d) || !d.contains(".") || d.length() > 253) { //$NON-NLS-1$
			throw new CoreException(Status.error(Messages.bind(Messages.Keys_badDomain, domain)));
		}
		return d;
	}

	private static String checkSelector(String selector) throws CoreException {
		String s = selector == null ? "" : selector.strip().toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if (!labels(s)) {
			throw new CoreException(Status.error(Messages.bind(Messages.Keys_badSelector, selector)));
		}
		return s;
	}

	private static boolean labels(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (String label : name.split("\\.", -1)) { //$NON-NLS-1$
			if (!LABEL.matcher(label).matches()) {
				return false;
			}
		}
		return true;
	}
}
