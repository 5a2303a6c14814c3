package com.bitfaster.mail.campaign.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;

import com.bitfaster.mail.campaign.CampaignFile;
import com.bitfaster.mail.campaign.InputFiles;
import com.bitfaster.mail.campaign.MessageTemplate;
import com.bitfaster.mail.campaign.Recipient;
import com.bitfaster.mail.campaign.RecipientList;
import com.bitfaster.mail.campaign.RecipientListSummary;
import com.bitfaster.mail.campaign.Throttle;
import com.bitfaster.mail.core.ServerRegistry;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * What the campaign editor edits: the values of a {@link CampaignFile}, the result of the last check of the recipient
 * list, and the problems that keep the campaign from running. Changed on the UI thread; listeners hear of every change.
 */
public final class CampaignModel {

	/** How many recipients the preview offers. */
	public static final int PREVIEW_RECIPIENTS = 50;

	/** The text fields. */
	public enum Field {
		NAME, FROM, UNSUBSCRIBE, SUBJECT, TEXT, HTML, LIST,
		/** {@code domainLimits} as "gmail.com=100, *=600" */
		DOMAIN_LIMITS,
		/** {@code sendWindow}'s days, from, to and zone */
		WINDOW_DAYS, WINDOW_FROM, WINDOW_TO, WINDOW_ZONE,
		/** {@code startAt}, an ISO-8601 instant */
		START_AT
	}

	/** Keys of problems that are not about one text field. */
	public static final String SERVERS = "servers"; //$NON-NLS-1$
	public static final String TEMPLATE = "template"; //$NON-NLS-1$
	public static final String BODY = "body"; //$NON-NLS-1$

	/**
	 * The last check of the recipient list.
	 *
	 * @param list    the file checked
	 * @param summary what the check found, {@code null} when the list could not be read
	 * @param first   the first recipients, for the preview
	 * @param error   why the list could not be read, or empty
	 */
	public record ListCheck(Path list, RecipientListSummary summary, List<Recipient> first, String error) {
		/** @return rows of the list after its header: valid, duplicate and invalid */
		public long rows() {
			return summary == null ? 0 : summary.rows();
		}
	}

	private final Path file;
	private final ServerRegistry registry;
	private final Map<Field, String> values = new EnumMap<>(Field.class);
	private List<CampaignFile.ServerRef> servers = new ArrayList<>();
	private int messagesPerHour;
	private int batchSize;
	private CampaignFile.Contents saved;
	private ListCheck check;
	private Job checkJob;
	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
	private Map<Object, String> problems;

	public CampaignModel(Path file, CampaignFile.Contents contents, ServerRegistry registry) {
		this.file = file;
		this.registry = registry;
		load(contents);
	}

	private void load(CampaignFile.Contents c) {
		saved = c;
		values.put(Field.NAME, c.name());
		values.put(Field.FROM, c.from());
		values.put(Field.UNSUBSCRIBE, c.listUnsubscribe());
		values.put(Field.SUBJECT, c.subject());
		values.put(Field.TEXT, c.text());
		values.put(Field.HTML, c.html());
		values.put(Field.LIST, c.list());
		servers = new ArrayList<>(c.servers());
		messagesPerHour = c.throttle().messagesPerHour();
		batchSize = c.throttle().batchSize();
		com.bitfaster.mail.campaign.SendingPolicy p = c.policy();
		values.put(Field.DOMAIN_LIMITS, p.domainLimits().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()) //$NON-NLS-1$
				.collect(java.util.stream.Collectors.joining(", "))); //$NON-NLS-1$
		com.bitfaster.mail.campaign.SendWindow w = p.sendWindow();
		values.put(Field.WINDOW_DAYS, w == null ? "" : w.daysText()); //$NON-NLS-1$
		values.put(Field.WINDOW_FROM, w == null ? "" : com.bitfaster.mail.campaign.SendWindow.timeText(w.from())); //$NON-NLS-1$
		values.put(Field.WINDOW_TO, w == null ? "" : com.bitfaster.mail.campaign.SendWindow.timeText(w.to())); //$NON-NLS-1$
		values.put(Field.WINDOW_ZONE, w == null ? "" : w.zone()); //$NON-NLS-1$
		values.put(Field.START_AT, p.startAt() == null ? "" : p.startAt().toString()); //$NON-NLS-1$
	}

	/**
	 * Reads "gmail.com=100, *=600" (or with ':' or spaces).
	 *
	 * @throws IllegalArgumentException with a one-line message
	 */
	static Map<String, Integer> parseDomainLimits(String text) {
		Map<String, Integer> limits = new LinkedHashMap<>();
		for (String part : text.split("[,;\\s]+")) { //$NON-NLS-1$
			if (part.isBlank()) {
				continue;
			}
			String[] kv = part.split("[=:]", 2); //$NON-NLS-1$
			int limit;
			try {
				limit = kv.length == 2 ? Integer.parseInt(kv[1].strip()) : -1;
			} catch (NumberFormatException e) {
				limit = -1;
			}
			String domain = kv[0].strip();
			if (limit < 1 || limit > Throttle.MAX || domain.isEmpty()
					|| !(domain.equals("*") || domain.matches("[^\\s@*=:]+"))) { //$NON-NLS-1$ //$NON-NLS-2$
				throw new IllegalArgumentException(NLS.bind(Messages.Problem_badDomainLimit, part));
			}
			limits.put(domain, limit);
		}
		return limits;
	}

	/** @return the window the fields say, {@code null} when all four are empty */
	private com.bitfaster.mail.campaign.SendWindow window() {
		if (get(Field.WINDOW_DAYS).isBlank() && get(Field.WINDOW_FROM).isBlank() && get(Field.WINDOW_TO).isBlank()
				&& get(Field.WINDOW_ZONE).isBlank()) {
			return null;
		}
		return com.bitfaster.mail.campaign.SendWindow.parse(get(Field.WINDOW_DAYS), get(Field.WINDOW_FROM),
				get(Field.WINDOW_TO), get(Field.WINDOW_ZONE));
	}

	/** @return the sending policy the fields say; a field that does not parse keeps what was saved */
	private com.bitfaster.mail.campaign.SendingPolicy policy() {
		com.bitfaster.mail.campaign.SendingPolicy old = saved.policy();
		Map<String, Integer> limits;
		try {
			limits = parseDomainLimits(get(Field.DOMAIN_LIMITS));
		} catch (IllegalArgumentException e) {
			limits = old.domainLimits();
		}
		com.bitfaster.mail.campaign.SendWindow w;
		try {
			w = window();
		} catch (IllegalArgumentException e) {
			w = old.sendWindow();
		}
		java.time.Instant start;
		try {
			start = get(Field.START_AT).isBlank() ? null : CampaignFile.parseInstant(get(Field.START_AT));
		} catch (IllegalArgumentException e) {
			start = old.startAt();
		}
		return new com.bitfaster.mail.campaign.SendingPolicy(limits, w, start);
	}

	public Path file() {
		return file;
	}

	public ServerRegistry registry() {
		return registry;
	}

	public String get(Field field) {
		return values.get(field);
	}

	public void set(Field field, String value) {
		String v = value == null ? "" : value; //$NON-NLS-1$
		if (v.equals(values.get(field))) {
			return;
		}
		values.put(field, v);
		if (field == Field.LIST) {
			checkList();
		}
		fire();
	}

	/** @return the chosen servers, in pool order */
	public List<CampaignFile.ServerRef> servers() {
		return List.copyOf(servers);
	}

	public void setServers(List<CampaignFile.ServerRef> chosen) {
		if (!chosen.equals(servers)) {
			servers = new ArrayList<>(chosen);
			fire();
		}
	}

	public int messagesPerHour() {
		return messagesPerHour;
	}

	public int batchSize() {
		return batchSize;
	}

	public void setThrottle(int perHour, int batch) {
		if (perHour != messagesPerHour || batch != batchSize) {
			Throttle checked = new Throttle(perHour, batch);
			messagesPerHour = checked.messagesPerHour();
			batchSize = checked.batchSize();
			fire();
		}
	}

	/** @return the values as they would be saved */
	public CampaignFile.Contents contents() {
		return new CampaignFile.Contents(get(Field.NAME), get(Field.FROM).strip(), get(Field.SUBJECT), get(Field.TEXT),
				get(Field.HTML), saved.textFile(), saved.htmlFile(), get(Field.LIST).strip(), servers,
				get(Field.UNSUBSCRIBE), new Throttle(messagesPerHour, batchSize), policy());
	}

	public MessageTemplate template() {
		return new MessageTemplate(get(Field.SUBJECT), get(Field.TEXT), get(Field.HTML));
	}

	public boolean isDirty() {
		return !contents().equals(saved);
	}

	/** Writes the file atomically. */
	public void save() throws IOException {
		CampaignFile.Contents contents = contents();
		CampaignFile.write(file, contents);
		saved = contents;
		fire();
	}

	/** @return the recipient list as a path, when one is set */
	public Optional<Path> listPath() {
		return contents().listPath(file);
	}

	/** @return the last check of the recipient list, or {@code null} while none finished */
	public ListCheck check() {
		return check;
	}

	/** @return the job checking the list, or {@code null} when none was started */
	public Job checkJob() {
		return checkJob;
	}

	/** Checks the recipient list in the background: rows, duplicates, invalid rows, and the first recipients. */
	public void checkList() {
		Optional<Path> list = listPath();
		if (checkJob != null) {
			checkJob.cancel();
		}
		if (list.isEmpty() || !Files.isRegularFile(list.get())) {
			check = null;
			checkJob = null;
			return;
		}
		Path path = list.get();
		Display display = Display.getCurrent();
		Job job = Job.create(NLS.bind(Messages.Recipients_checking, path.getFileName()), (IProgressMonitor monitor) -> {
			ListCheck result;
			try {
				RecipientList recipients = new RecipientList(path);
				RecipientListSummary summary = recipients.check();
				List<Recipient> first;
				try (Stream<Recipient> stream = recipients.recipients()) {
					first = stream.limit(PREVIEW_RECIPIENTS).toList();
				}
				result = new ListCheck(path, summary, first, ""); //$NON-NLS-1$
			} catch (IOException | RuntimeException e) {
				result = new ListCheck(path, null, List.of(), e.getMessage() == null ? e.toString() : e.getMessage());
			}
			ListCheck done = result;
			if (!monitor.isCanceled() && display != null && !display.isDisposed()) {
				display.asyncExec(() -> {
					if (path.equals(listPath().orElse(null))) {
						check = done;
						fire();
					}
				});
			}
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		checkJob = job;
		job.schedule();
	}

	/**
	 * @return what keeps the campaign from running, by field or key, in the order of the form; worked out once per
	 *         change of the model (every page reads it on every change), or after {@link #recheck()}
	 */
	public Map<Object, String> problems() {
		if (problems == null) {
			problems = Collections.unmodifiableMap(findProblems());
		}
		return problems;
	}

	/** Forgets the problems found, for when what lies outside the model may have changed: files, servers. */
	public void recheck() {
		problems = null;
	}

	/** @return the window field a problem of the window is about */
	private Field windowField(String message) {
		try {
			com.bitfaster.mail.campaign.SendWindow.days(get(Field.WINDOW_DAYS));
		} catch (IllegalArgumentException e) {
			return Field.WINDOW_DAYS;
		}
		if (message.contains("\"from\"")) { //$NON-NLS-1$
			return Field.WINDOW_FROM;
		} else if (message.contains("\"to\"")) { //$NON-NLS-1$
			return Field.WINDOW_TO;
		}
		return Field.WINDOW_ZONE;
	}

	private Map<Object, String> findProblems() {
		Map<Object, String> problems = new LinkedHashMap<>();
		String from = get(Field.FROM).strip();
		if (from.isEmpty()) {
			problems.put(Field.FROM, Messages.Problem_noFrom);
		} else {
			try {
				new InternetAddress(from, true).validate();
			} catch (AddressException e) {
				problems.put(Field.FROM, NLS.bind(Messages.Problem_badFrom, from));
			}
		}
		String unsubscribe = get(Field.UNSUBSCRIBE).strip().toLowerCase(Locale.ROOT);
		if (!unsubscribe.isEmpty() && !unsubscribe.startsWith("https://") && !unsubscribe.startsWith("http://") //$NON-NLS-1$ //$NON-NLS-2$
				&& !unsubscribe.startsWith("mailto:")) { //$NON-NLS-1$
			problems.put(Field.UNSUBSCRIBE, Messages.Problem_badUnsubscribe);
		}
		Optional<Path> list = listPath();
		Optional<String> listFileProblem = list.flatMap(InputFiles::problem);
		if (list.isEmpty()) {
			problems.put(Field.LIST, Messages.Problem_noList);
		} else if (listFileProblem.isPresent()) {
			problems.put(Field.LIST, listFileProblem.get()); // what the runner and the command line say
		} else if (check != null && !check.error().isEmpty()) {
			problems.put(Field.LIST, check.error());
		} else if (check != null && check.summary().recipients() == 0) {
			problems.put(Field.LIST, Messages.Problem_listEmpty);
		}
		if (get(Field.SUBJECT).isBlank()) {
			problems.put(Field.SUBJECT, Messages.Problem_noSubject);
		}
		if (get(Field.TEXT).isBlank() && get(Field.HTML).isBlank()) {
			problems.put(BODY, Messages.Problem_noBody);
		}
		missingFields().ifPresent(missing -> problems.put(TEMPLATE, missing));
		try {
			parseDomainLimits(get(Field.DOMAIN_LIMITS));
		} catch (IllegalArgumentException e) {
			problems.put(Field.DOMAIN_LIMITS, e.getMessage());
		}
		try {
			com.bitfaster.mail.campaign.SendWindow w = window();
			if (w != null && w.perRecipient() && check != null && check.summary() != null
					&& !check.summary().fieldNames().contains(com.bitfaster.mail.campaign.SendWindow.ZONE_COLUMN)) {
				problems.put(Field.WINDOW_ZONE, NLS.bind(Messages.Problem_noZoneColumn,
						com.bitfaster.mail.campaign.SendWindow.ZONE_COLUMN));
			}
		} catch (IllegalArgumentException e) {
			problems.put(windowField(e.getMessage()), e.getMessage());
		}
		if (!get(Field.START_AT).isBlank()) {
			try {
				CampaignFile.parseInstant(get(Field.START_AT));
			} catch (IllegalArgumentException e) {
				problems.put(Field.START_AT, e.getMessage());
			}
		}
		if (servers.isEmpty()) {
			problems.put(SERVERS, Messages.Problem_noServer);
		} else {
			for (CampaignFile.ServerRef ref : servers) {
				if (ref.find(registry).isEmpty()) {
					problems.put(SERVERS, NLS.bind(Messages.Problem_serverGone, ref.name()));
				}
			}
		}
		return problems;
	}

	/** @return the error about merge fields the list lacks, once the list was checked */
	public Optional<String> missingFields() {
		if (check == null || check.summary() == null) {
			return Optional.empty();
		}
		List<String> missing = template().missingFields(check.summary().fieldNames());
		return missing.isEmpty() ? Optional.empty()
				: Optional.of(NLS.bind(Messages.Problem_missingFields, String.join(", ", missing))); //$NON-NLS-1$
	}

	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	private void fire() {
		problems = null;
		listeners.forEach(Runnable::run);
	}
}
