package com.bitfaster.mail.campaign.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.Campaign;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.CampaignJob;
import com.bitfaster.mail.campaign.CampaignRunner;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.suppression.DeliverabilitySettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.SuppressionList;
import com.bitfaster.mail.ui.MailServices;

/**
 * The campaigns sent from this workbench: one {@link CampaignJob} per campaign file, kept after it ends so the
 * Campaign Progress view can show how it finished. Listeners hear of every change, on any thread.
 */
public final class CampaignRuns {

	private static final CampaignRuns INSTANCE = new CampaignRuns();

	private final Map<Path, CampaignJob> jobs = new LinkedHashMap<>();
	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
	private final Runnable fire = () -> listeners.forEach(Runnable::run);

	private CampaignRuns() {
	}

	public static CampaignRuns get() {
		return INSTANCE;
	}

	private static <T> T required(Class<T> type) {
		return MailServices.find(type).orElseThrow(
				() -> new IllegalStateException(NLS.bind(Messages.Services_missing, type.getSimpleName())));
	}

	/**
	 * Starts sending a campaign in the background, unless it is already running.
	 *
	 * @param campaignFile the campaign's file: its ledger is next to it
	 * @return the job
	 */
	public synchronized CampaignJob start(Path campaignFile, Campaign campaign, CampaignRunner.Mode mode) {
		Path key = campaignFile.toAbsolutePath().normalize();
		CampaignJob existing = jobs.get(key);
		if (existing != null && existing.getState() != Job.NONE) {
			return existing;
		}
		SenderService sender = MailServices.sender().orElseThrow(
				() -> new IllegalStateException(NLS.bind(Messages.Services_missing, SenderService.class.getSimpleName())));
		CampaignRunner runner = new CampaignRunner(sender, MailServices.registry(), CampaignRunner.DEFAULT_BATCH_SIZE)
				.deliverability(required(SuppressionList.class), required(RecipientTokens.class),
						required(DeliverabilitySettings.class), CampaignDirectory.ofDefault());
		CampaignJob job = CampaignJob.forCampaignFile(runner, campaign, key, mode);
		job.addProgressListener(fire);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void scheduled(IJobChangeEvent event) {
				fire.run();
			}

			@Override
			public void running(IJobChangeEvent event) {
				fire.run();
			}

			@Override
			public void done(IJobChangeEvent event) {
				fire.run();
			}
		});
		if (existing != null) {
			jobs.remove(key); // the new run goes to the end of the list
		}
		jobs.put(key, job);
		job.schedule();
		fire.run();
		return job;
	}

	/** @return the last run of the campaign in {@code campaignFile} */
	public synchronized Optional<CampaignJob> find(Path campaignFile) {
		return Optional.ofNullable(jobs.get(campaignFile.toAbsolutePath().normalize()));
	}

	/** @return the campaign file each run belongs to, oldest first */
	public synchronized Map<Path, CampaignJob> all() {
		return new LinkedHashMap<>(jobs);
	}

	/** Forgets runs that ended (finished, failed or cancelled, not paused). */
	public synchronized void clearEnded() {
		List<Path> ended = new ArrayList<>();
		jobs.forEach((file, job) -> {
			if (job.getState() == Job.NONE && !job.isPaused()) {
				ended.add(file);
			}
		});
		ended.forEach(jobs::remove);
		fire.run();
	}

	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}
}
