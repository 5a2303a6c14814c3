package com.bitfaster.mail.ui.internal.handlers;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.UserPrompts;

/** Writes the selected servers (all when none is selected) to a JSON file, without passwords. */
public class ExportServersHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		List<String> ids = Selections.servers(event).stream().map(MailServer::id).toList();
		UserPrompts.current().askFile(HandlerUtil.getActiveShell(event), true, "servers.json") //$NON-NLS-1$
				.ifPresent(file -> export(file, ids).schedule());
		return null;
	}

	/** @return a job that writes the servers with these ids (all when empty) to {@code file} */
	public static Job export(Path file, List<String> ids) {
		ServerRegistry registry = MailServices.registry();
		Job job = Job.create(NLS.bind(Messages.Export_job, file.getFileName()), monitor -> {
			try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				registry.exportServers(ids, out);
				return Status.OK_STATUS;
			} catch (IOException e) {
				IStatus error = Errors.error(NLS.bind(Messages.Export_failed, file), e);
				return error;
			}
		});
		job.setUser(true);
		return job;
	}
}
