package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.osgi.util.NLS;

/**
 * {@code bitfaster-cli}: the headless application. Dispatches to the command groups and turns a
 * {@link CliException}, or any other exception or error, into a one-line error and a non-zero exit code.
 */
public class CliApplication implements IApplication {

	private static final ResourceBundle HELP = ResourceBundle.getBundle("com.bitfaster.mail.cli.internal.help"); //$NON-NLS-1$

	@Override
	public Object start(IApplicationContext context) {
		String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		context.applicationRunning();
		return run(withoutPlatformOptions(args == null ? List.of() : Arrays.asList(args)), System.out, System.err);
	}

	/** Drops the options the launcher script passes to the platform (read by Equinox security, not by us). */
	static List<String> withoutPlatformOptions(List<String> args) {
		List<String> result = new java.util.ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			if (a.equals("-eclipse.keyring") || a.equals("-eclipse.password")) { //$NON-NLS-1$ //$NON-NLS-2$
				i++;
			} else {
				result.add(a);
			}
		}
		return result;
	}

	/** @return the exit code: never 0 after a failure of any kind, which is then said in one line on {@code err} */
	static int run(List<String> args, PrintStream out, PrintStream err) {
		try (Services services = new Services()) {
			dispatch(args, services, out);
			return 0;
		} catch (CliException e) {
			return failed(e, err);
		} catch (RuntimeException e) {
			return failed(CliException.failed(reason(e)), err);
		} catch (OutOfMemoryError e) {
			// The frames that held the memory are gone by now, so there is room to say so.
			return failed(CliException.failed(logged(NLS.bind(Messages.Cli_outOfMemory, reason(e)), e)), err);
		} catch (Error e) {
			return failed(CliException.failed(logged(NLS.bind(Messages.Cli_internalError, e), e)), err);
		} finally {
			out.flush();
		}
	}

	private static String reason(Throwable e) {
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	private static int failed(CliException e, PrintStream err) {
		err.println("bitfaster-cli: " + e.getMessage()); //$NON-NLS-1$
		err.flush();
		return e.exitCode();
	}

	/** Keeps the stack trace in the platform log for a maintainer; the user gets one line that says where it is. */
	private static String logged(String message, Throwable e) {
		try {
			ILog.of(CliApplication.class).error(message, e);
			return NLS.bind(Messages.Cli_seeLog, message, Platform.getLogFileLocation().toOSString());
		} catch (RuntimeException | Error logFailure) {
			return message; // no log to point to: the line is said anyway
		}
	}

	private static void dispatch(List<String> args, Services services, PrintStream out) throws CliException {
		if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) { //$NON-NLS-1$ //$NON-NLS-2$
			out.println(help("main")); //$NON-NLS-1$
			if (args.isEmpty()) {
				throw CliException.usage("A command is required; see --help."); //$NON-NLS-1$
			}
			return;
		}
		List<String> rest = args.subList(1, args.size());
		switch (args.get(0)) {
		case "servers" -> new ServerCommands(services, out).run(rest); //$NON-NLS-1$
		case "send" -> new SendCommand(services, out).run(rest); //$NON-NLS-1$
		case "campaign" -> new CampaignCommands(services, out).run(rest); //$NON-NLS-1$
		case "local-server" -> new LocalServerCommand(services, out).run(rest); //$NON-NLS-1$
		default -> throw CliException.usage("Unknown command '" + args.get(0) + "'; see --help."); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	static String help(String key) {
		return HELP.getString(key);
	}

	/** @return whether the user asked for help, after printing it */
	static boolean printedHelp(List<String> args, String key, PrintStream out) {
		if (args.contains("--help") || args.contains("-h")) { //$NON-NLS-1$ //$NON-NLS-2$
			out.println(help(key));
			return true;
		}
		return false;
	}

	@Override
	public void stop() {
		// Commands end by themselves; local-server run ends with the process.
	}
}
