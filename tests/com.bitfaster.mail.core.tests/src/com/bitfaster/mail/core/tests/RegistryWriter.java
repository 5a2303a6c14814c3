package com.bitfaster.mail.core.tests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.core.ServerValidationException;
import com.bitfaster.mail.core.internal.ServerRegistryImpl;

/**
 * What {@link CrossProcessTest} does in two processes at once: the test in its own JVM, and this class as the
 * application {@code com.bitfaster.mail.core.tests.registryWriter} in a second one ({@link SecondProcess}).
 * <p>
 * Arguments: {@code DIR add PREFIX COUNT SHARED}, {@code DIR passwords PREFIX} or {@code DIR stats SERVER COUNT}. It opens a registry on DIR, prints
 * {@value #READY}, waits for a line on its input (so that both processes start together) and reports each step as a
 * line starting with {@value #REPORT}.
 * </p>
 */
public class RegistryWriter implements IApplication {

	static final String READY = "@@READY"; //$NON-NLS-1$
	static final String REPORT = "@@ "; //$NON-NLS-1$

	@Override
	public Object start(IApplicationContext context) throws Exception {
		List<String> args = Arrays.asList((String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS));
		Path dir = Path.of(args.get(0));
		ServerRegistryImpl registry = TestServers.registry(dir, com.bitfaster.mail.tests.support.SecureStores.throwaway(dir), Clock.systemUTC());
		PrintStream out = System.out;
		out.println(READY);
		out.flush();
		new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		Consumer<String> report = line -> {
			out.println(REPORT + line);
			out.flush();
		};
		switch (args.get(1)) {
		case "add" -> addServers(registry, args.get(2), Integer.parseInt(args.get(3)), Integer.parseInt(args.get(4)), report); //$NON-NLS-1$
		case "passwords" -> setPasswords(registry, args.get(2), report); //$NON-NLS-1$
		case "stats" -> ServerStatisticsTest.recordSends(dir, args.get(2), Integer.parseInt(args.get(3)), report); //$NON-NLS-1$
		default -> throw new IllegalArgumentException(args.get(1));
		}
		return EXIT_OK;
	}

	@Override
	public void stop() {
		// runs to its end
	}

	static String name(String prefix, int i) {
		return String.format(Locale.ROOT, "%s-%02d", prefix, i); //$NON-NLS-1$
	}

	/** The password a process stores for a server it added. */
	static String password(String name, String prefix) {
		return "pw " + name + " by " + prefix; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/**
	 * Adds servers PREFIX-00… with passwords; after each of the first {@code shared} it also tries to add Shared-NN,
	 * which the other process tries at the same time. Reports "ADDED name id" or "TAKEN name".
	 */
	static void addServers(ServerRegistryImpl registry, String prefix, int count, int shared, Consumer<String> report) {
		for (int i = 0; i < count; i++) {
			String own = name(prefix, i);
			MailServer added = registry.add(TestServers.server(own).username("user").build(), //$NON-NLS-1$
					password(own, prefix).toCharArray());
			report.accept("ADDED " + own + " " + added.id()); //$NON-NLS-1$ //$NON-NLS-2$
			if (i < shared) {
				String contested = name("Shared", i); //$NON-NLS-1$
				try {
					MailServer won = registry.add(TestServers.server(contested).username("user").build(), //$NON-NLS-1$
							password(contested, prefix).toCharArray());
					report.accept("ADDED " + contested + " " + won.id()); //$NON-NLS-1$ //$NON-NLS-2$
				} catch (ServerValidationException e) {
					if (!e.problems().stream().allMatch(p -> p.field() == ServerField.NAME)) {
						throw e;
					}
					report.accept("TAKEN " + contested); //$NON-NLS-1$
				}
			}
		}
	}

	/** Sets a new password on every server whose name starts with PREFIX-. Reports "SET name". */
	static void setPasswords(ServerRegistryImpl registry, String prefix, Consumer<String> report) {
		for (MailServer server : registry.servers()) {
			if (server.name().startsWith(prefix + "-")) { //$NON-NLS-1$
				registry.setPassword(server.id(), password(server.name(), prefix).toCharArray());
				report.accept("SET " + server.name()); //$NON-NLS-1$
			}
		}
	}
}
