package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.osgi.util.NLS;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code bitfaster-cli}: the headless application. Runs the command the declarations ({@link BitfasterCli}) parse and
 * turns a {@link CliException}, a usage error, or any other exception or error into a one-line error and a non-zero
 * {@link ExitCode}.
 */
public class CliApplication implements IApplication {

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
			execute(args, services, out);
			return ExitCode.OK.code();
		} catch (ParameterException e) {
			return failed(CliException.usage(usageProblem(e)), err);
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

	/**
	 * Parses with the declarations, prints the help when asked for ({@code --help} on any level, {@code help
	 * COMMAND}), otherwise runs the command named last.
	 */
	private static void execute(List<String> args, Services services, PrintStream out) throws CliException {
		CommandLine cli = BitfasterCli.commandLine(args);
		BitfasterCli root = cli.getCommand();
		root.services = services;
		root.out = out;
		PrintWriter writer = new PrintWriter(out, true);
		cli.setOut(writer);
		ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
		if (CommandLine.printHelpIfRequested(parsed)) {
			writer.flush();
			return;
		}
		List<CommandLine> chosen = parsed.asCommandLineList();
		Object command = chosen.get(chosen.size() - 1).getCommand();
		if (command instanceof CliCommand c) {
			c.call();
		}
	}

	/** picocli's message, in one line, and where to look. */
	private static String usageProblem(ParameterException e) {
		String first = e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\\R", 2)[0]; //$NON-NLS-1$
		String command = e.getCommandLine().getCommandSpec().qualifiedName();
		return NLS.bind(Messages.Cli_usageProblem, first.replaceAll("[.]$", ""), command); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static String reason(Throwable e) {
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	private static int failed(CliException e, PrintStream err) {
		err.println("bitfaster-cli: " + e.getMessage()); //$NON-NLS-1$
		err.flush();
		return e.exitCode().code();
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

	@Override
	public void stop() {
		// Commands end by themselves; local-server run ends with the process.
	}
}
