package com.bitfaster.mail.ui.internal.handlers;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.ImportResult;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;

/** Reads servers from a JSON file in the background and reports what was imported, skipped or refused. */
public class ImportServersHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		Shell shell = HandlerUtil.getActiveShell(event);
		UserPrompts.current().askFile(shell, false, "servers.json") //$NON-NLS-1$
				.ifPresent(file -> importFrom(file).schedule());
		return null;
	}

	/** @return a job that imports {@code file} and then tells the user the result */
	public static Job importFrom(Path file) {
		ServerRegistry registry = MailServices.registry();
		Job job = Job.create(NLS.bind(Messages.Import_job, file.getFileName()), monitor -> {
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				ImportResult result = registry.importServers(in, false);
				report(result);
				return Status.OK_STATUS;
			} catch (IOException | RuntimeException e) {
				return Errors.error(NLS.bind(Messages.Import_failed, file), e);
			}
		});
		job.setUser(true);
		return job;
	}

	private static void report(ImportResult result) {
		List<String> details = new ArrayList<>(result.conflicts());
		details.addAll(result.invalid());
		PlatformUI.getWorkbench().getDisplay().asyncExec(() -> UserPrompts.current().inform(
				PlatformUI.getWorkbench().getDisplay().getActiveShell(), Messages.Import_title,
				NLS.bind(Messages.Import_result, result.imported().size(), details.size()), details));
	}
}
