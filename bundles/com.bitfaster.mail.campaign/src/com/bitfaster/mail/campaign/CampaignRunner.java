package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;
import com.bitfaster.mail.core.EncodedMessage;
import com.bitfaster.mail.core.Envelope;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageBodies;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.suppression.Deliverability;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionList;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends a campaign: streams the list, renders each recipient's message and sends it in batches through the
 * {@link SenderService}, recording every step in the {@link CampaignLedger} first. Running it again resumes: only
 * recipients with nothing recorded are sent to, so a crash, a kill, a cancel or a pause never sends an accepted
 * message twice and skips no one. Memory holds one batch, not the list.
 */
public final class CampaignRunner {

	/** Which recipients a run sends to. */
	public enum Mode {
		/** Recipients with nothing recorded: a first run, or a resume after a stop. */
		PENDING,
		/** Recipients a server deferred (4xx) or rejected (5xx). */
		RETRY_FAILED,
		/**
		 * Recipients whose message may have arrived ({@link DeliveryState#UNKNOWN}): only when the user chose it,
		 * knowing that some of them may get a second copy.
		 */
		RESEND_UNKNOWN
	}

	public static final int DEFAULT_BATCH_SIZE = 100;

	/** Batches handed to the sender and not yet tried: two, so the next is queued before the last one ends. */
	private static final int BATCHES_IN_FLIGHT = 2;

	/** The longest single wait for the rate limit, so a pause or cancel is noticed soon. */
	private static final long WAIT_SLICE_NANOS = 200_000_000L;

	private final SenderService sender;
	private final ServerRegistry registry;
	private final int batchSize;
	private final Ticker ticker;
	private final Session session = Session.getInstance(new Properties());
	/** The wall clock of the sending policy (send window, start time, domain limits). */
	private final java.util.function.LongSupplier wallClock = System::currentTimeMillis;
	private volatile java.util.function.Consumer<String> onWaiting = m -> {
	};
	private SuppressionList suppression;
	private RecipientTokens tokens;
	private DeliverabilitySettings deliverability;
	private CampaignDirectory directory;

	/** The header that carries a message's bounce token, for bounces whose return path was rewritten. */
	public static final String TOKEN_HEADER = "X-BitFaster-Token"; //$NON-NLS-1$

	/** Recipients held back by a sending policy (per domain and zone) at most, before reading the list waits. */
	public static final int MAX_HELD = 20_000;

	/**
	 * @param batchSize the batch size of campaigns whose throttle does not set one
	 */
	public CampaignRunner(SenderService sender, ServerRegistry registry, int batchSize) {
		this(sender, registry, batchSize, Ticker.SYSTEM);
	}

	/** @param ticker the clock of the campaigns' rate limit */
	public CampaignRunner(SenderService sender, ServerRegistry registry, int batchSize, Ticker ticker) {
		this.sender = sender;
		this.registry = registry;
		this.batchSize = batchSize;
		this.ticker = ticker;
	}

	/**
	 * Tells {@code listener}, on the running thread, each time a run starts waiting for its sending policy: the start
	 * time, the send window or a domain's limit ("Waiting for the send window: Mon 09:00 Europe/Berlin (in 14 h)").
	 */
	public void onWaiting(java.util.function.Consumer<String> listener) {
		this.onWaiting = listener == null ? m -> {
		} : listener;
	}

	/**
	 * Makes runs respect the organisation's suppression list (suppressed recipients are recorded SUPPRESSED and never
	 * sent to; a 5xx for an address suppresses it as a hard bounce) and its deliverability settings (with a return-path
	 * domain, each message's return path is {@code bounce+TOKEN@domain} with DSN on failure, and its List-Unsubscribe
	 * gets {@code mailto:unsubscribe+TOKEN@domain}); runs note their ledger in {@code directory} so that a token finds
	 * it. Every program that runs campaigns sets this; {@code null}s leave a part out (tests of other things).
	 *
	 * @return this runner
	 */
	public CampaignRunner deliverability(SuppressionList list, RecipientTokens recipientTokens,
			DeliverabilitySettings settings, CampaignDirectory campaignDirectory) {
		this.suppression = list;
		this.tokens = recipientTokens;
		this.deliverability = settings;
		this.directory = campaignDirectory;
		return this;
	}

	/**
	 * Checks everything that can be checked before the first send (list, merge fields, servers).
	 *
	 * @return the list's summary
	 * @throws CoreException with a message for the user when the campaign cannot start
	 */
	public RecipientListSummary check(Campaign campaign) throws CoreException {
		RecipientListSummary summary;
		try {
			summary = new RecipientList(campaign.recipientList()).check();
		} catch (IOException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		}
		return check(campaign, summary);
	}

	private RecipientListSummary check(Campaign campaign, RecipientListSummary summary) throws CoreException {
		List<String> missing = campaign.template().missingFields(summary.fieldNames());
		if (!missing.isEmpty()) {
			throw new CoreException(Status.error(NLS.bind(Messages.Template_missingFields, String.join(", ", missing)))); //$NON-NLS-1$
		}
		if (campaign.template().subject().isBlank()) {
			throw new CoreException(Status.error(Messages.Runner_noSubject));
		}
		// Merged values are flattened to one line; the templates' own text must be one line too (no header injection).
		Optional<String> headerProblem = MessageHeaders.lineProblem("Subject", campaign.template().subject()) //$NON-NLS-1$
				.or(() -> MessageHeaders.lineProblem("List-Unsubscribe", campaign.listUnsubscribe())); //$NON-NLS-1$
		if (headerProblem.isPresent()) {
			throw new CoreException(Status.error(headerProblem.get()));
		}
		String unsubscribe = campaign.listUnsubscribe().toLowerCase(Locale.ROOT);
		if (!unsubscribe.isEmpty() && !unsubscribe.startsWith("https://") && !unsubscribe.startsWith("mailto:")) { //$NON-NLS-1$ //$NON-NLS-2$
			throw new CoreException(Status.error(NLS.bind(Messages.Runner_unsubscribeNotHttps, campaign.listUnsubscribe())));
		}
		if (suppression != null) {
			try {
				suppression.list(); // a damaged list stops the campaign before anything is sent
			} catch (CoreException e) {
				throw new CoreException(Status.error(NLS.bind(Messages.Runner_suppressionFailed, e.getMessage()), e));
			}
		}
		if (deliverability != null) {
			deliverability.get(); // damaged settings too
		}
		servers(campaign);
		checkPolicy(campaign, summary);
		return summary;
	}

	/** A window in the recipients' zones needs a valid zone in every row: the first bad one is told with its line. */
	private void checkPolicy(Campaign campaign, RecipientListSummary summary) throws CoreException {
		SendingPolicy policy = campaign.policy();
		if (!policy.domainLimits().isEmpty()) {
			try {
				sender.sharedQuota();
			} catch (UnsupportedOperationException e) {
				throw new CoreException(Status.error(e.getMessage(), e));
			}
		}
		if (policy.sendWindow() == null || !policy.sendWindow().perRecipient()) {
			return;
		}
		if (!summary.fieldNames().contains(SendWindow.ZONE_COLUMN)) {
			throw new CoreException(Status.error(NLS.bind(Messages.Window_noZoneColumn, SendWindow.ZONE_COLUMN)));
		}
		try (Stream<Recipient> recipients = new RecipientList(campaign.recipientList()).recipients()) {
			for (Iterator<Recipient> it = recipients.iterator(); it.hasNext();) {
				PolicyGate.recipientZone(it.next());
			}
		} catch (IllegalArgumentException e) {
			throw new CoreException(Status.error(e.getMessage()));
		} catch (IOException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		} catch (UncheckedIOException e) {
			throw new CoreException(Status.error(e.getCause().getMessage(), e.getCause()));
		}
	}

	/**
	 * Waits for the campaign's start time, in slices so a cancel is noticed.
	 *
	 * @return {@code false} when cancelled first
	 */
	private boolean awaitStart(Campaign campaign, IProgressMonitor monitor) {
		java.time.Instant startAt = campaign.policy().startAt();
		if (startAt == null || startAt.toEpochMilli() <= wallClock.getAsLong()) {
			return !monitor.isCanceled();
		}
		String at = java.time.ZonedDateTime.ofInstant(startAt, java.time.ZoneId.systemDefault())
				.format(java.time.format.DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ENGLISH)); //$NON-NLS-1$
		String message = NLS.bind(Messages.Start_waiting, at,
				SendWindow.in(java.time.Duration.ofMillis(startAt.toEpochMilli() - wallClock.getAsLong())));
		monitor.subTask(message);
		onWaiting.accept(message);
		return waitForWallClock(startAt.toEpochMilli(), monitor);
	}

	/** Waits until the wall clock reaches {@code until} (epoch millis), in slices: a clock moved from outside is seen. */
	private boolean waitForWallClock(long until, IProgressMonitor monitor) {
		long left;
		while ((left = until - wallClock.getAsLong()) > 0) {
			if (monitor.isCanceled()) {
				return false;
			}
			try {
				Thread.sleep(Math.max(1, Math.min(left, WAIT_SLICE_NANOS / 1_000_000)));
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !monitor.isCanceled();
	}

	private List<MailServer> servers(Campaign campaign) throws CoreException {
		List<MailServer> servers = new ArrayList<>();
		for (String id : campaign.serverIds()) {
			servers.add(registry.get(id).orElseThrow(() -> new CoreException(Status.error(NLS.bind(Messages.Runner_noServer, id)))));
		}
		if (servers.stream().noneMatch(registry::isActive)) {
			throw new CoreException(Status.error(Messages.Runner_noActiveServer));
		}
		return servers;
	}

	/**
	 * Sends to the recipients the mode selects. Cancelling the monitor stops after the batch in flight (a pause: run
	 * again to resume).
	 *
	 * @return the report after this run
	 */
	public CampaignReport run(Campaign campaign, CampaignLedger ledger, Mode mode, IProgressMonitor monitor)
			throws CoreException {
		// Each pass over the list meets its addresses in the ledger's own index: no second set of every address.
		RecipientList list = new RecipientList(campaign.recipientList());
		RecipientListSummary summary;
		try {
			summary = list.check(AddressSet.of(ledger.scan().index(), ledger));
		} catch (IOException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		}
		check(campaign, summary);
		List<MailServer> servers = servers(campaign);
		String listSha256 = summary.sha256();
		SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(Messages.Runner_task, campaign.name()),
				(int) Math.min(Integer.MAX_VALUE, summary.recipients()));
		Progress counter = new Progress(summary.recipients());
		int size = campaign.throttle().effectiveBatchSize(batchSize);
		long interval = campaign.throttle().intervalNanos();
		long start = ticker.nanoTime();
		long started = 0;
		Deliverability settings = deliverability == null ? Deliverability.DEFAULTS : deliverability.get();
		Prepared prepared = new Prepared(campaign, ledger.campaignId(), tokens == null ? null : settings, tokens);
		if (directory != null) {
			try {
				directory.record(ledger.campaignId(), ledger.file());
			} catch (IOException e) {
				throw new CoreException(Status.error(NLS.bind(Messages.Runner_ledgerFailed, e.getMessage()), e));
			}
		}
		Suppressing suppressing = new Suppressing(suppression, ledger);
		// Building (merging, encoding) costs more than sending: the runner thread builds with helpers, one per spare core.
		int builders = Math.max(1, Runtime.getRuntime().availableProcessors());
		ExecutorService building = Executors.newFixedThreadPool(Math.max(1, builders - 1), r -> {
			Thread t = new Thread(r, "Campaign builder: " + campaign.name()); //$NON-NLS-1$
			t.setDaemon(true);
			return t;
		});
		Recording recording = new Recording(ledger, progress, counter, suppressing);
		List<SenderService.SendJob> jobs = new ArrayList<>();
		SendingPolicy policy = campaign.policy();
		PolicyGate gate = policy.gates()
				? new PolicyGate(policy, policy.domainLimits().isEmpty() ? null : sender.sharedQuota(), wallClock,
						Math.max(MAX_HELD, 2 * size))
				: null;
		// The domain blocks of each batch sent, closed once its messages have their outcomes.
		java.util.Map<SenderService.SendJob, PolicyGate.Taken> reserved = new java.util.HashMap<>();
		try (Stream<Recipient> recipients = list.recipients(AddressSet.of(ledger.scan().index(), ledger))) {
			// This run records each handover, so its intents without one can be trusted as never sent.
			ledger.beginRun(mode.name(), listSha256, summary.recipients(), true);
			Iterator<Recipient> it = recipients.iterator();
			List<Recipient> batch = new ArrayList<>(size);
			// The batches being tried: while the last is sent, the one before it may still finish, so the connections
			// never drain between batches.
			java.util.ArrayDeque<SenderService.SendJob> trying = new java.util.ArrayDeque<>();
			String lastWait = null;
			boolean started0 = awaitStart(campaign, progress);
			// The rate limit counts from when sending may begin: a wait for the start time saves up no burst.
			start = ticker.nanoTime();
			while (started0 && !progress.isCanceled()) {
				List<Recipient> ready;
				PolicyGate.Taken taken = null;
				if (gate == null) {
					while (it.hasNext() && batch.size() < size) {
						Recipient r = it.next();
						if (selected(ledger.state(r.address(), r.line(), listSha256), mode)
								&& !suppressing.leftOut(r.address())) {
							batch.add(r);
						} else {
							synchronized (counter) {
								counter.skipped++;
								progress.worked(1);
							}
						}
					}
					if (batch.isEmpty()) {
						break;
					}
					ready = List.copyOf(batch);
					batch.clear();
				} else {
					while (it.hasNext() && gate.held() < gate.capacity()) {
						Recipient r = it.next();
						if (selected(ledger.state(r.address(), r.line(), listSha256), mode)
								&& !suppressing.leftOut(r.address())) {
							gate.offer(r);
						} else {
							synchronized (counter) {
								counter.skipped++;
								progress.worked(1);
							}
						}
					}
					if (gate.held() == 0) {
						break;
					}
					closeFinished(gate, reserved);
					taken = gate.take(size);
					if (taken.recipients.isEmpty()) {
						PolicyGate.Wait wait = gate.waiting();
						if (!wait.key().equals(lastWait)) {
							lastWait = wait.key();
							progress.subTask(wait.message());
							onWaiting.accept(wait.message());
						}
						long until = Math.min(wait.until(), wallClock.getAsLong() + WAIT_SLICE_NANOS / 1_000_000);
						if (!waitForWallClock(until, progress)) {
							break;
						}
						// A wait for the window or a domain saves up no burst of the campaign's own rate limit: the next
						// batch is due when it was, or now if that is later.
						long now = ticker.nanoTime();
						start = now - (start + started * interval) > 0 ? now : start + started * interval;
						started = 0;
						continue;
					}
					lastWait = null;
					ready = taken.recipients;
				}
				{
					// The next batch is built while the one before it is being sent.
					List<Envelope> envelopes = envelopes(ready, build(prepared, ready, building, builders), ledger, gate,
							taken, prepared);
					// The batch before the last has been tried; messages waiting for a retry hold nothing up. With a rate
					// limit every batch is tried before the wait, so a pause during the wait leaves none half sent.
					while (trying.size() >= BATCHES_IN_FLIGHT || interval > 0 && !trying.isEmpty()) {
						awaitAttempted(trying.removeFirst(), progress);
					}
					recording.check();
					suppressing.flush(prepared.source);
					if (progress.isCanceled() || !waitUntil(start + started * interval, progress)) {
						if (taken != null) {
							gate.close(taken); // nothing of it handed over: its blocks go back
						}
						break; // paused or cancelled: this batch was not begun, it stays pending
					}
					// The intents are on disk before anything is sent: a crash from here on reads as begun.
					ledger.beginRecipients(ready);
					ledger.sync();
					List<Recipient> sent = ready;
					SenderService.SendJob job = sender.submit(envelopes, servers, result -> recording.record(sent, result));
					if (taken != null) {
						reserved.put(job, taken);
					}
					trying.addLast(job);
					jobs.removeIf(SenderService.SendJob::isDone); // memory holds the batches still being sent, not the run
					jobs.add(job);
					started += ready.size();
				}
			}
			finish(jobs, progress);
			recording.check();
			suppressing.flush(prepared.source);
			ledger.sync();
		} catch (IOException e) {
			throw new CoreException(Status.error(NLS.bind(Messages.Runner_ledgerFailed, e.getMessage()), e));
		} catch (UncheckedIOException e) {
			throw new CoreException(Status.error(e.getCause().getMessage(), e.getCause()));
		} finally {
			// A failure is on its way out: what is not sent yet stays pending, what is being sent still ends.
			jobs.forEach(SenderService.SendJob::cancel);
			finish(jobs, progress);
			if (gate != null) {
				reserved.values().forEach(gate::close);
			}
			building.shutdown();
		}
		try {
			return CampaignReport.of(ledger, list);
		} catch (IOException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		}
	}

	/** Closes the domain blocks of the batches whose messages all have their outcomes. */
	private static void closeFinished(PolicyGate gate, java.util.Map<SenderService.SendJob, PolicyGate.Taken> reserved) {
		for (var it = reserved.entrySet().iterator(); it.hasNext();) {
			var e = it.next();
			if (e.getKey().isDone()) {
				gate.close(e.getValue());
				it.remove();
			}
		}
	}

	/**
	 * Waits for the rate limit until {@code due} (a {@link Ticker#nanoTime()}), in slices so a cancel is noticed.
	 *
	 * @return {@code false} when the monitor was cancelled or the thread interrupted first
	 */
	private boolean waitUntil(long due, IProgressMonitor monitor) {
		long left;
		while ((left = due - ticker.nanoTime()) > 0) {
			if (monitor.isCanceled()) {
				return false;
			}
			try {
				ticker.sleep(Math.min(left, WAIT_SLICE_NANOS));
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !monitor.isCanceled();
	}

	private static boolean selected(DeliveryState state, Mode mode) {
		return switch (mode) {
		case PENDING -> state == DeliveryState.PENDING;
		case RETRY_FAILED -> state.isRetryable();
		case RESEND_UNKNOWN -> state == DeliveryState.UNKNOWN;
		};
	}

	/**
	 * Waits for work on another thread to end, even through an interrupt (kept for later: that work writes to the
	 * ledger or to the batch), and passes on its failure.
	 */
	private static void await(Future<Void> work) throws CoreException, IOException {
		boolean interrupted = false;
		while (true) {
			try {
				work.get();
				break;
			} catch (InterruptedException e) {
				interrupted = true;
			} catch (ExecutionException e) {
				if (e.getCause() instanceof IOException io) {
					throw io;
				} else if (e.getCause() instanceof CoreException core) {
					throw core;
				} else if (e.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IllegalStateException(e.getCause());
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Builds a batch's messages in {@code parts} slices: the first on this thread, the others by {@code helpers}. A
	 * failure is the one of the first recipient that fails.
	 */
	private List<MimeMessage> build(Prepared prepared, List<Recipient> batch, ExecutorService helpers, int parts)
			throws CoreException, IOException {
		MimeMessage[] messages = new MimeMessage[batch.size()];
		int slice = Math.max(1, (batch.size() + parts - 1) / parts);
		List<Future<Void>> others = new ArrayList<>();
		for (int from = slice; from < batch.size(); from += slice) {
			int start = from;
			others.add(helpers.submit(() -> {
				composeAll(prepared, batch, messages, start, Math.min(batch.size(), start + slice));
				return null;
			}));
		}
		composeAll(prepared, batch, messages, 0, Math.min(batch.size(), slice));
		for (Future<Void> other : others) {
			await(other);
		}
		return Arrays.asList(messages);
	}

	private void composeAll(Prepared prepared, List<Recipient> batch, MimeMessage[] messages, int from, int to)
			throws CoreException {
		for (int i = from; i < to; i++) {
			messages[i] = compose(prepared, batch.get(i));
		}
	}

	/** @return each recipient's envelope: the campaign's From as the return path, the handover recorded in the ledger */
	private static List<Envelope> envelopes(List<Recipient> batch, List<MimeMessage> messages, CampaignLedger ledger,
			PolicyGate gate, PolicyGate.Taken taken, Prepared prepared) throws CoreException {
		List<Envelope> envelopes = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			String address = batch.get(i).address();
			PolicyGate.Permit permit = taken == null ? null : taken.permits.get(address);
			try {
				// A failed record throws into the transport before the final ".": nothing is handed over unrecorded.
				// The sending policy is checked first: outside the window, or over a domain's limit, nothing is handed
				// over.
				Runnable handover = permit == null ? () -> ledger.handed(address) : () -> {
					gate.handingOver(permit);
					ledger.handed(address);
				};
				Envelope.Builder b = Envelope.of(messages.get(i)).recipients(List.of(address)).onHandover(handover);
				String token = prepared.returnPathDomain == null ? null : messages.get(i).getHeader(TOKEN_HEADER, null);
				if (token != null) {
					// VERP: the bounce names campaign and recipient; DSN where the server offers it, headers only.
					b.sender("bounce+" + token + "@" + prepared.returnPathDomain) //$NON-NLS-1$ //$NON-NLS-2$
							.dsn(new Envelope.Dsn(java.util.Set.of(Envelope.Notify.FAILURE), false, token));
				}
				envelopes.add(b.build());
			} catch (MessagingException e) {
				throw new CoreException(Status.error(NLS.bind(Messages.Runner_composeFailed, address, e.getMessage()), e));
			}
		}
		return envelopes;
	}

	/**
	 * Waits until a job has tried all its messages, even through an interrupt (kept for later, as a cancel). A pause
	 * (the monitor cancelled) cancels the job, so messages held for a server's hourly or daily quota stay pending
	 * instead of holding the pause for hours.
	 */
	private static void awaitAttempted(SenderService.SendJob job, IProgressMonitor progress) {
		if (job == null) {
			return;
		}
		boolean interrupted = false;
		while (true) {
			try {
				if (job.awaitAttempted(Duration.ofNanos(WAIT_SLICE_NANOS))) {
					break;
				}
				if (progress.isCanceled()) {
					job.cancel();
				}
			} catch (InterruptedException e) {
				interrupted = true;
				job.cancel();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits for every result of the jobs, retries included; a cancel of the monitor (a pause) or an interrupt stops
	 * them: messages not handed to a server yet stay pending.
	 */
	private static void finish(List<SenderService.SendJob> jobs, IProgressMonitor progress) {
		boolean interrupted = false;
		for (SenderService.SendJob job : jobs) {
			while (!job.isDone()) {
				if (interrupted || progress.isCanceled()) {
					job.cancel();
				}
				try {
					job.await(Duration.ofNanos(WAIT_SLICE_NANOS));
				} catch (InterruptedException e) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/** Writes each result to the ledger and the progress line, from the sender's threads. */
	private static final class Recording {
		private final CampaignLedger ledger;
		private final SubMonitor progress;
		private final Progress counter;
		private final Suppressing suppressing;
		private volatile IOException failure;

		Recording(CampaignLedger ledger, SubMonitor progress, Progress counter, Suppressing suppressing) {
			this.ledger = ledger;
			this.progress = progress;
			this.counter = counter;
			this.suppressing = suppressing;
		}

		void record(List<Recipient> batch, SendResult result) {
			Recipient recipient = batch.get(result.index());
			try {
				if (result.attempts() == 0 && progress.isCanceled()) {
					// Paused before this message reached a server: it is still to be sent.
					ledger.record(recipient.address(), DeliveryState.PENDING, 0, ""); //$NON-NLS-1$
				} else {
					CampaignRunner.record(ledger, recipient, result);
					suppressing.rejected(result);
				}
			} catch (IOException e) {
				if (failure == null) {
					failure = e;
				}
			}
			synchronized (counter) {
				counter.count(result);
				progress.subTask(counter.describe());
				progress.worked(1);
			}
		}

		/** Passes on the first failure to write a result. */
		void check() throws IOException {
			IOException e = failure;
			if (e != null) {
				throw e;
			}
		}
	}

	private static void record(CampaignLedger ledger, Recipient recipient, SendResult result) throws IOException {
		RecipientOutcome outcome = result.outcomes().isEmpty() ? null : result.outcomes().get(0);
		if (outcome == null) {
			ledger.record(recipient.address(), DeliveryState.DEFERRED, 0, result.message());
			return;
		}
		DeliveryState state = switch (outcome.status()) {
		case ACCEPTED -> DeliveryState.ACCEPTED;
		case DEFERRED -> DeliveryState.DEFERRED;
		case REJECTED -> DeliveryState.REJECTED;
		case UNKNOWN -> DeliveryState.UNKNOWN;
		};
		ledger.record(recipient.address(), state, outcome.code(), outcome.reply());
	}

	/** @return the message for one recipient (a preview: no tokens) */
	public MimeMessage compose(Campaign campaign, Recipient recipient) throws CoreException {
		return compose(new Prepared(campaign, "", null, null), recipient); //$NON-NLS-1$
	}

	/**
	 * The suppression list's part of a run: recipients it holds are recorded SUPPRESSED; addresses a server rejected
	 * with a 5xx are collected on the sender threads and added as hard bounces in one write per batch.
	 */
	private static final class Suppressing {
		private final SuppressionList list;
		private final CampaignLedger ledger;
		private final java.util.concurrent.ConcurrentLinkedQueue<String> rejected = new java.util.concurrent.ConcurrentLinkedQueue<>();

		Suppressing(SuppressionList list, CampaignLedger ledger) {
			this.list = list;
			this.ledger = ledger;
		}

		/** @return whether {@code address} is left out (and now recorded so) */
		boolean leftOut(String address) throws IOException {
			if (list == null) {
				return false;
			}
			Optional<SuppressionEntry> entry;
			try {
				entry = list.entry(address);
			} catch (CoreException e) {
				throw new UncheckedIOException(new IOException(
						NLS.bind(Messages.Runner_suppressionFailed, e.getMessage()), e));
			}
			if (entry.isEmpty()) {
				return false;
			}
			ledger.suppressed(address, entry.get().reason().name());
			return true;
		}

		void rejected(SendResult result) {
			if (list == null) {
				return;
			}
			for (RecipientOutcome o : result.outcomes()) {
				if (o.status() == RecipientOutcome.Status.REJECTED && isHardBounce(o.code(), o.reply())) {
					rejected.add(o.address());
				}
			}
		}

		void flush(String source) throws CoreException {
			if (list == null || rejected.isEmpty()) {
				return;
			}
			List<SuppressionEntry> entries = new ArrayList<>();
			String a;
			while ((a = rejected.poll()) != null) {
				entries.add(new SuppressionEntry(a, SuppressionEntry.Reason.HARD_BOUNCE, null, source));
			}
			try {
				list.addAll(entries);
			} catch (CoreException e) {
				throw new CoreException(Status.error(NLS.bind(Messages.Runner_suppressionFailed, e.getMessage()), e));
			}
		}
	}

	/**
	 * @return whether a 5xx reply at send time says the address is bad (a hard bounce): not when it is about the
	 *         message or the sender (policy 5.7.x, content 5.6.x, size 5.3.4 or 552), which another message may pass
	 */
	static boolean isHardBounce(int code, String reply) {
		if (code < 500 || code > 599 || code == 552) {
			return false;
		}
		String r = reply == null ? "" : reply.strip(); //$NON-NLS-1$
		if (r.length() >= 3 && Character.isDigit(r.charAt(0)) && r.startsWith(Integer.toString(code))) {
			r = r.substring(3).strip();
		}
		return !(r.startsWith("5.7.") || r.startsWith("5.6.") || r.startsWith("5.3.4")); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}

	/** A campaign's templates parsed once, and the domain of its Message-IDs. */
	private static final class Prepared {
		final Campaign campaign;
		final MessageTemplate.Compiled template;
		final MessageTemplate.Compiled unsubscribe;
		final String idSuffix;
		final String idPrefix = Long.toString(System.currentTimeMillis(), 36) + "."; //$NON-NLS-1$
		final AtomicLong sequence = new AtomicLong();
		/** Tokens are made only with a campaign id and a return-path domain (VERP) or an unsubscribe domain. */
		final String campaignId;
		final RecipientTokens tokens;
		final String returnPathDomain;
		final String unsubscribeDomain;
		/** The source of suppression entries this run adds. */
		final String source;

		Prepared(Campaign campaign, String campaignId, Deliverability settings, RecipientTokens tokens) {
			this.campaign = campaign;
			this.campaignId = campaignId == null ? "" : campaignId; //$NON-NLS-1$
			boolean usable = tokens != null && settings != null && !this.campaignId.isEmpty();
			this.tokens = usable ? tokens : null;
			this.returnPathDomain = usable && settings.verp() ? settings.returnPathDomain() : null;
			this.unsubscribeDomain = usable && !settings.effectiveUnsubscribeDomain().isEmpty()
					? settings.effectiveUnsubscribeDomain()
					: null;
			this.source = "campaign " + campaign.name() + (this.campaignId.isEmpty() ? "" : " (" + this.campaignId + ")"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
			template = campaign.template().compile();
			unsubscribe = new MessageTemplate(campaign.listUnsubscribe(), "", "").compile(); //$NON-NLS-1$ //$NON-NLS-2$
			String from = campaign.from().getAddress();
			idSuffix = "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) //$NON-NLS-1$
					+ (from.indexOf('@') >= 0 ? from.substring(from.lastIndexOf('@')) : "@bitfaster.invalid") + ">"; //$NON-NLS-1$ //$NON-NLS-2$
		}

		/** A Message-ID in the sender's domain, made without looking up the local host name for every message. */
		String messageId() {
			return "<" + idPrefix + sequence.incrementAndGet() + idSuffix; //$NON-NLS-1$
		}
	}

	private MimeMessage compose(Prepared prepared, Recipient recipient) throws CoreException {
		Campaign campaign = prepared.campaign;
		try {
			MessageTemplate.Rendered rendered = prepared.template.render(recipient.fields());
			String messageId = prepared.messageId();
			MimeMessage m = new MimeMessage(session) {
				@Override
				protected void updateMessageID() throws MessagingException {
					setHeader("Message-ID", messageId); //$NON-NLS-1$
				}
			};
			m.setFrom(campaign.from());
			m.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient.address()));
			m.setSubject(rendered.subject(), "UTF-8"); //$NON-NLS-1$
			MessageBodies.fill(m, rendered.text(), rendered.html());
			List<String> unsubscribe = new ArrayList<>(2);
			boolean oneClick = false;
			if (!campaign.listUnsubscribe().isEmpty()) {
				String url = unsubscribeUrl(prepared, recipient);
				unsubscribe.add("<" + url + ">"); //$NON-NLS-1$ //$NON-NLS-2$
				oneClick = url.regionMatches(true, 0, "https:", 0, 6); //$NON-NLS-1$
			}
			if (prepared.tokens != null) {
				// Off the sender's hot path: tokens are made here, on the threads that build the next batch.
				if (prepared.returnPathDomain != null) {
					m.setHeader(TOKEN_HEADER, prepared.tokens.issue(RecipientTokens.Purpose.BOUNCE, prepared.campaignId,
							recipient.address()));
				}
				if (prepared.unsubscribeDomain != null) {
					unsubscribe.add("<mailto:unsubscribe+" //$NON-NLS-1$
							+ prepared.tokens.issue(RecipientTokens.Purpose.UNSUBSCRIBE, prepared.campaignId,
									recipient.address())
							+ "@" + prepared.unsubscribeDomain + ">"); //$NON-NLS-1$ //$NON-NLS-2$
				}
			}
			if (!unsubscribe.isEmpty()) {
				m.setHeader("List-Unsubscribe", String.join(", ", unsubscribe)); //$NON-NLS-1$ //$NON-NLS-2$
				if (oneClick) {
					m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); //$NON-NLS-1$ //$NON-NLS-2$
				}
			}
			m.saveChanges();
			return EncodedMessage.of(m); // encoded here, on the thread that builds the next batch while one is sent
		} catch (MessagingException | IllegalArgumentException e) {
			throw new CoreException(Status.error(NLS.bind(Messages.Runner_composeFailed, recipient.address(), e.getMessage()), e));
		}
	}

	/**
	 * @return the campaign's List-Unsubscribe for {@code recipient}: merged values URL-encoded (an address or a name
	 *         cannot break out of its query parameter), the result checked to be an https URL with a host (or a
	 *         mailto: URI)
	 */
	private static String unsubscribeUrl(Prepared prepared, Recipient recipient) throws CoreException {
		java.util.Map<String, String> encoded = new java.util.HashMap<>();
		recipient.fields().forEach((k, v) -> encoded.put(k,
				v == null ? "" : java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		String url = prepared.unsubscribe.render(encoded).subject();
		try {
			java.net.URI uri = new java.net.URI(url);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT); //$NON-NLS-1$
			boolean ok = scheme.equals("https") && uri.getHost() != null && !uri.getHost().isEmpty() //$NON-NLS-1$
					|| scheme.equals("mailto") && uri.getSchemeSpecificPart().contains("@"); //$NON-NLS-1$ //$NON-NLS-2$
			if (!ok) {
				throw new java.net.URISyntaxException(url, "not https with a host, nor mailto"); //$NON-NLS-1$
			}
			return uri.toASCIIString();
		} catch (java.net.URISyntaxException e) {
			throw new CoreException(Status.error(NLS.bind(Messages.Runner_unsubscribeInvalid, recipient.address(), e.getMessage())));
		}
	}

	/** Counts and the text of the progress line: sent, failed, rate, time left. */
	private static final class Progress {
		private final long total;
		private final long start = System.nanoTime();
		long skipped;
		long accepted;
		long failed;

		Progress(long total) {
			this.total = total;
		}

		void count(SendResult result) {
			if (result.allAccepted()) {
				accepted++;
			} else {
				failed++;
			}
		}

		String describe() {
			long done = accepted + failed;
			double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
			double rate = done / seconds;
			long left = total - skipped - done;
			Duration eta = Duration.ofSeconds(rate > 0 ? (long) (left / rate) : 0);
			return NLS.bind(Messages.Runner_progress, new Object[] { accepted, failed, Math.round(rate),
					String.format("%d:%02d", eta.toMinutes(), eta.toSecondsPart()) }); //$NON-NLS-1$
		}
	}
}
