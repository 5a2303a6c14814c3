package com.bitfaster.mail.suppression.internal;

import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/** The {@link DeliverabilitySettings} service: {@value #FILE_NAME} in this bundle's state location. */
@Component(service = DeliverabilitySettings.class)
public class DeliverabilitySettingsImpl implements DeliverabilitySettings {

	public static final String FILE_NAME = "deliverability.json"; //$NON-NLS-1$
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
	private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"); //$NON-NLS-1$

	private Path file;
	/** The settings as read and the file's stamp then. */
	private volatile Object[] cache;

	/** For Declarative Services. */
	public DeliverabilitySettingsImpl() {
	}

	/** Outside Declarative Services: settings in {@code folder}. */
	public DeliverabilitySettingsImpl(Path folder) {
		this.file = folder.resolve(FILE_NAME);
	}

	@Activate
	void activate() {
		file = Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath().resolve(FILE_NAME);
	}

	/** @return the settings file */
	public Path file() {
		return file;
	}

	private static final class Stored {
		int version = 1;
		String returnPathDomain = ""; //$NON-NLS-1$
		String unsubscribeDomain = ""; //$NON-NLS-1$
		int softBounceLimit = Deliverability.DEFAULTS.softBounceLimit();
		int softBounceDays = Deliverability.DEFAULTS.softBounceDays();
	}

	@Override
	public Deliverability get() throws CoreException {
		try {
			Object stamp = StoredFiles.stamp(file);
			if (stamp == null) {
				return Deliverability.DEFAULTS;
			}
			Object[] c = cache;
			if (c != null && stamp.equals(c[0])) {
				if (c[1] instanceof CoreException damaged) {
					throw damaged; // kept aside once, reported on every use until repaired
				}
				return (Deliverability) c[1];
			}
			Deliverability d;
			try {
				Stored s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
				if (s == null) {
					throw new JsonParseException("empty"); //$NON-NLS-1$
				}
				d = check(new Deliverability(s.returnPathDomain, s.unsubscribeDomain, s.softBounceLimit,
						s.softBounceDays));
			} catch (JsonParseException | CoreException e) {
				Path copy = StoredFiles.keepAside(file);
				CoreException damaged = new CoreException(Status.error(Messages.bind(Messages.Settings_damaged,
						new Object[] { file, e.getMessage(), copy })));
				cache = new Object[] { stamp, damaged };
				throw damaged;
			}
			cache = new Object[] { stamp, d };
			return d;
		} catch (IOException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.List_cannotRead, file, e.getMessage()), e));
		}
	}

	@Override
	public void set(Deliverability settings) throws CoreException {
		Deliverability d = check(settings);
		Stored s = new Stored();
		s.returnPathDomain = d.returnPathDomain();
		s.unsubscribeDomain = d.unsubscribeDomain();
		s.softBounceLimit = d.softBounceLimit();
		s.softBounceDays = d.softBounceDays();
		try (CrossProcessLock lock = CrossProcessLock.acquire(file.resolveSibling(FILE_NAME + ".lock"))) { //$NON-NLS-1$
			AtomicFiles.write(file, (GSON.toJson(s) + "\n").getBytes(StandardCharsets.UTF_8)); //$NON-NLS-1$
			StoredFiles.ownerOnly(file);
		} catch (IOException e) {
			throw new CoreException(
					Status.error(Messages.bind(Messages.Settings_cannotSave, file, e.getMessage()), e));
		}
	}

	/** @return {@code d} with its domains in lower-case ASCII, or a CoreException naming what is wrong */
	static Deliverability check(Deliverability d) throws CoreException {
		String rp = domain(d.returnPathDomain());
		String un = domain(d.unsubscribeDomain());
		number("softBounceLimit", d.softBounceLimit()); //$NON-NLS-1$
		number("softBounceDays", d.softBounceDays()); //$NON-NLS-1$
		return new Deliverability(rp, un, d.softBounceLimit(), d.softBounceDays());
	}

	private static void number(String name, int value) throws CoreException {
		if (value < 1 || value > 3650) {
			throw new CoreException(Status.error(Messages.bind(Messages.Settings_badNumber, name, value)));
		}
	}

	/** @return {@code domain} in lower-case ASCII (IDN), empty stays empty */
	static String domain(String domain) throws CoreException {
		String d = domain == null ? "" : domain.strip(); //$NON-NLS-1$
		if (d.isEmpty()) {
			return d;
		}
		String ascii;
		try {
			ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
		} catch (IllegalArgumentException e) {
			throw new CoreException(Status.error(Messages.bind(Messages.Settings_badDomain, domain)));
		}
		boolean ok = ascii.contains(".") && ascii.length() <= 253; //$NON-NLS-1$
		for (String label : ascii.split("\\.", -1)) { //$NON-NLS-1$
			ok &= LABEL.matcher(label).matches();
		}
		if (!ok) {
			throw new CoreException(Status.error(Messages.bind(Messages.Settings_badDomain, domain)));
		}
		return ascii;
	}
}
