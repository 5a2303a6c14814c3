package com.bitfaster.mail.ui.internal.compose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.Errors;
import com.bitfaster.mail.ui.internal.Messages;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Builds one mail and sends it through the {@link SenderService} in the background, with progress; the outcome is
 * handed to the editor on the UI thread.
 */
public final class SendMailJob extends Job {

	/** The family of every send job, to wait for in tests or cancel together. */
	public static final Object FAMILY = SendMailJob.class;

	/**
	 * How sending ended.
	 *
	 * @param result  the sender's result; {@code null} when the mail did not reach the sender
	 * @param problem    why the mail did not reach the sender (an attachment that cannot be read); empty otherwise
	 * @param suppressed recipients left out because the suppression list holds them
	 */
	public record Outcome(MailDraft draft, SendResult result, String problem, List<String> suppressed) {
		public Outcome(MailDraft draft, SendResult result, String problem) {
			this(draft, result, problem, List.of());
		}

		/** @return whether every recipient was accepted */
		public boolean sent() {
			return result != null && result.allAccepted();
		}
	}

	private final MailDraft draft;
	private final Consumer<Outcome> onDone;

	/** @param onDone called on the UI thread with the outcome */
	public SendMailJob(MailDraft draft, Consumer<Outcome> onDone) {
		super(NLS.bind(Messages.Job_sendMail, draft.server().name()));
		this.draft = draft;
		this.onDone = onDone;
		setUser(true);
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		SubMonitor progress = SubMonitor.convert(monitor, getName(), 10);
		progress.subTask(Messages.Compose_building);
		MimeMessage message;
		try {
			message = draft.toMessage();
		} catch (MessagingException | IOException e) {
			done(new Outcome(draft, null, e.getMessage()));
			return Status.OK_STATUS;
		}
		progress.worked(1);
		Optional<SenderService> sender = MailServices.sender();
		if (sender.isEmpty()) {
			done(new Outcome(draft, null, Messages.Compose_noSender));
			return Status.OK_STATUS;
		}
		try {
			progress.subTask(NLS.bind(Messages.Compose_sendingVia, draft.server().name()));
			List<String> all = Envelope.of(message).build().recipients();
			List<String> suppressed = new ArrayList<>();
			Optional<SuppressionList> list = MailServices.find(SuppressionList.class);
			if (list.isPresent()) {
				list.get().suppressedAmong(all).forEach(e -> suppressed.add(e.address()));
			}
			SendResult result;
			if (suppressed.isEmpty()) {
				result = sender.get().send(message, draft.server(), progress.split(9));
			} else {
				List<String> rest = all.stream()
						.filter(r -> !suppressed.contains(r.strip().toLowerCase(java.util.Locale.ROOT))).toList();
				if (rest.isEmpty()) {
					done(new Outcome(draft, null,
							NLS.bind(Messages.Compose_allSuppressed, String.join(", ", suppressed)), suppressed)); //$NON-NLS-1$
					return Status.OK_STATUS;
				}
				// The headers stay as written; the envelope leaves the suppressed out.
				result = sender.get().submit(List.of(Envelope.of(message).recipients(rest).build()),
						List.of(draft.server()), r -> {
						}).await().get(0);
			}
			done(new Outcome(draft, result, "", List.copyOf(suppressed))); //$NON-NLS-1$
			return Status.OK_STATUS;
		} catch (CoreException | MessagingException e) {
			// A damaged suppression list: nothing is sent until it is repaired.
			done(new Outcome(draft, null, e.getMessage()));
			return Status.OK_STATUS;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			done(new Outcome(draft, null, e.toString()));
			return Status.OK_STATUS;
		} catch (RuntimeException e) {
			// The sender promises outcomes, not exceptions: this is a bug, logged with its cause.
			Errors.show(null, Messages.Compose_title, Messages.Compose_failedUnexpectedly, e);
			done(new Outcome(draft, null, Messages.Compose_failedUnexpectedly + ' ' + e));
			return Status.OK_STATUS;
		}
	}

	private void done(Outcome outcome) {
		Display display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
		if (display != null && !display.isDisposed()) {
			display.asyncExec(() -> onDone.accept(outcome));
		}
	}
}
