package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;
import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * A campaign as a JSON file, shared by the command line and the campaign editor:
 *
 * <pre>
 * {"id": "6f1c...",                                      (written the first time it runs; a new campaign's own)
 *  "name": "Spring", "from": "news@company.com", "subject": "Hello {{first_name}}",
 *  "textFile": "body.txt", "htmlFile": "body.html",      (or the bodies inline: "text": "...", "html": "...")
 *  "list": "recipients.csv",
 *  "servers": ["Campaign Server"],                       (or [{"id": "...", "name": "Campaign Server"}])
 *  "listUnsubscribe": "https://company.com/u?e={{email}}",
 *  "messagesPerHour": 0, "batchSize": 0,
 *  "domainLimits": {"gmail.com": 100, "*": 600},         (messages per minute per recipient domain; optional)
 *  "sendWindow": {"days": "Mon-Fri", "from": "09:00", "to": "17:00", "zone": "Europe/Berlin"},   (optional)
 *  "startAt": "2026-12-01T08:30:00Z"}                    (optional)
 * </pre>
 *
 * Paths are relative to the campaign file. A server given with an id is found by its id first, so renaming it keeps
 * the campaign working; by name otherwise. Writing is atomic: a crash leaves the old file or the new one.
 */
public final class CampaignFile {

	/** The member holding the campaign's id, which its ledger names too. */
	private static final String ID = "id"; //$NON-NLS-1$

	/** The name ending the editor suggests. */
	public static final String EXTENSION = ".campaign.json"; //$NON-NLS-1$

	private CampaignFile() {
	}

	/** A server of the campaign, as the file names it; {@code id} may be empty (a file written by hand). */
	public record ServerRef(String id, String name) {
		public ServerRef {
			id = id == null ? "" : id; //$NON-NLS-1$
			name = name == null ? "" : name; //$NON-NLS-1$
		}

		public static ServerRef of(MailServer server) {
			return new ServerRef(server.id(), server.name());
		}

		/** @return the server in the registry: by id, else by name */
		public Optional<MailServer> find(ServerRegistry registry) {
			Optional<MailServer> byId = id.isEmpty() ? Optional.empty() : registry.get(id);
			return byId.isPresent() || name.isEmpty() ? byId : registry.findByName(name);
		}
	}

	/**
	 * What a campaign file says, unchecked: the editor shows it as it is, {@link #toCampaign} checks it.
	 *
	 * @param textFile where the text body is kept, relative to the campaign file; empty when it is inline
	 * @param htmlFile where the HTML body is kept, relative to the campaign file; empty when it is inline
	 * @param list     the recipient list, as written (relative to the campaign file or absolute)
	 */
	public record Contents(String name, String from, String subject, String text, String html, String textFile,
			String htmlFile, String list, List<ServerRef> servers, String listUnsubscribe, Throttle throttle,
			SendingPolicy policy) {

		public static final Contents EMPTY = new Contents("", "", "", "", "", "", "", "", List.of(), "", Throttle.NONE); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$ //$NON-NLS-9$

		/** Contents without a sending policy. */
		public Contents(String name, String from, String subject, String text, String html, String textFile,
				String htmlFile, String list, List<ServerRef> servers, String listUnsubscribe, Throttle throttle) {
			this(name, from, subject, text, html, textFile, htmlFile, list, servers, listUnsubscribe, throttle,
					SendingPolicy.NONE);
		}

		public Contents {
			name = Objects.requireNonNullElse(name, ""); //$NON-NLS-1$
			from = Objects.requireNonNullElse(from, ""); //$NON-NLS-1$
			subject = Objects.requireNonNullElse(subject, ""); //$NON-NLS-1$
			text = Objects.requireNonNullElse(text, ""); //$NON-NLS-1$
			html = Objects.requireNonNullElse(html, ""); //$NON-NLS-1$
			textFile = Objects.requireNonNullElse(textFile, ""); //$NON-NLS-1$
			htmlFile = Objects.requireNonNullElse(htmlFile, ""); //$NON-NLS-1$
			list = Objects.requireNonNullElse(list, ""); //$NON-NLS-1$
			servers = List.copyOf(servers == null ? List.of() : servers);
			listUnsubscribe = Objects.requireNonNullElse(listUnsubscribe, ""); //$NON-NLS-1$
			throttle = Objects.requireNonNullElse(throttle, Throttle.NONE);
			policy = Objects.requireNonNullElse(policy, SendingPolicy.NONE);
		}

		/** @return the recipient list's path for a campaign file at {@code file}, or empty when none is set */
		public Optional<Path> listPath(Path file) {
			return list.isBlank() ? Optional.empty() : Optional.of(dir(file).resolve(list));
		}

		public MessageTemplate template() {
			return new MessageTemplate(subject, text, html);
		}
	}

	/** @return where the ledger of the campaign in {@code file} is kept */
	public static Path ledgerFile(Path file) {
		return file.resolveSibling(file.getFileName() + ".ledger"); //$NON-NLS-1$
	}

	/** @return the campaign in {@code file}, its servers found in {@code registry} */
	public static Campaign load(Path file, ServerRegistry registry) throws CampaignFileException {
		return toCampaign(file, read(file), registry);
	}

	/**
	 * Reads a campaign file and the body files it names; does not check the values. Each must be a readable regular
	 * file ({@link InputFiles}).
	 */
	public static Contents read(Path file) throws CampaignFileException {
		requireReadable(file);
		JsonObject o;
		try {
			JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
			if (!e.isJsonObject()) {
				throw format(NLS.bind(Messages.File_notObject, file));
			}
			o = e.getAsJsonObject();
		} catch (IOException | JsonParseException e) {
			throw new CampaignFileException(CampaignFileException.Kind.FORMAT,
					NLS.bind(Messages.File_unreadable, file, e.getMessage()), e);
		}
		Path dir = dir(file);
		String textFile = optional(o, "textFile"); //$NON-NLS-1$
		String htmlFile = optional(o, "htmlFile"); //$NON-NLS-1$
		String text = textFile.isEmpty() ? optional(o, "text") : readBody(dir, textFile); //$NON-NLS-1$
		String html = htmlFile.isEmpty() ? optional(o, "html") : readBody(dir, htmlFile); //$NON-NLS-1$
		if (!o.has("servers") || !o.get("servers").isJsonArray()) { //$NON-NLS-1$ //$NON-NLS-2$
			throw format(NLS.bind(Messages.File_serversNotList, file));
		}
		List<ServerRef> servers = new ArrayList<>();
		for (JsonElement s : o.getAsJsonArray("servers")) { //$NON-NLS-1$
			if (s.isJsonPrimitive()) {
				servers.add(new ServerRef("", s.getAsString())); //$NON-NLS-1$
			} else if (s.isJsonObject()) {
				servers.add(new ServerRef(optional(s.getAsJsonObject(), "id"), optional(s.getAsJsonObject(), "name"))); //$NON-NLS-1$ //$NON-NLS-2$
			} else {
				throw format(NLS.bind(Messages.File_serversNotList, file));
			}
		}
		Throttle throttle;
		try {
			throttle = new Throttle(number(o, file, "messagesPerHour"), number(o, file, "batchSize")); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (IllegalArgumentException e) {
			throw format(NLS.bind(Messages.File_badNumber, file, e.getMessage()));
		}
		return new Contents(o.has("name") ? string(o, "name") : file.getFileName().toString(), string(o, "from"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				string(o, "subject"), text, html, textFile, htmlFile, string(o, "list"), servers, //$NON-NLS-1$ //$NON-NLS-2$
				optional(o, "listUnsubscribe"), throttle, policy(o, file)); //$NON-NLS-1$
	}

	/** Reads the keys of the sending policy: {@code domainLimits}, {@code sendWindow}, {@code startAt}. */
	private static SendingPolicy policy(JsonObject o, Path file) throws CampaignFileException {
		java.util.Map<String, Integer> limits = new java.util.LinkedHashMap<>();
		JsonElement d = o.get("domainLimits"); //$NON-NLS-1$
		if (d != null && !d.isJsonNull()) {
			if (!d.isJsonObject()) {
				throw format(NLS.bind(Messages.File_badPolicy, file, Messages.File_badDomainLimits));
			}
			for (var entry : d.getAsJsonObject().entrySet()) {
				try {
					long limit = entry.getValue().getAsLong();
					if (limit < 1 || limit > Throttle.MAX || entry.getKey().isBlank()
							|| entry.getValue().getAsDouble() != limit) {
						throw new NumberFormatException();
					}
					limits.put(entry.getKey(), (int) limit);
				} catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
					throw format(NLS.bind(Messages.File_badPolicy, file, Messages.File_badDomainLimits));
				}
			}
		}
		SendWindow window = null;
		JsonElement w = o.get("sendWindow"); //$NON-NLS-1$
		if (w != null && !w.isJsonNull()) {
			if (!w.isJsonObject()) {
				throw format(NLS.bind(Messages.File_badPolicy, file, Messages.File_badSendWindow));
			}
			JsonObject wo = w.getAsJsonObject();
			try {
				window = SendWindow.parse(optional(wo, "days"), optional(wo, "from"), optional(wo, "to"), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						optional(wo, "zone")); //$NON-NLS-1$
			} catch (IllegalArgumentException e) {
				throw format(NLS.bind(Messages.File_badPolicy, file, e.getMessage()));
			}
		}
		java.time.Instant startAt = null;
		String start = optional(o, "startAt"); //$NON-NLS-1$
		if (!start.isBlank()) {
			try {
				startAt = parseInstant(start);
			} catch (IllegalArgumentException e) {
				throw format(NLS.bind(Messages.File_badPolicy, file, e.getMessage()));
			}
		}
		return new SendingPolicy(limits, window, startAt);
	}

	/**
	 * Reads an ISO-8601 instant: {@code 2026-12-01T08:30:00Z} or with an offset, {@code 2026-12-01T09:30:00+01:00}.
	 *
	 * @throws IllegalArgumentException with a one-line message for the user
	 */
	public static java.time.Instant parseInstant(String text) {
		String t = text.strip();
		try {
			return java.time.OffsetDateTime.parse(t).toInstant();
		} catch (java.time.format.DateTimeParseException e) {
			throw new IllegalArgumentException(NLS.bind(Messages.File_badStartAt, t));
		}
	}

	/** Checks the contents and finds the servers. */
	public static Campaign toCampaign(Path file, Contents c, ServerRegistry registry) throws CampaignFileException {
		InternetAddress from;
		try {
			from = new InternetAddress(c.from(), true);
		} catch (AddressException e) {
			throw format(NLS.bind(Messages.File_badFrom, file));
		}
		if (c.list().isBlank()) {
			throw format(NLS.bind(Messages.File_missing, "list")); //$NON-NLS-1$
		}
		List<String> ids = new ArrayList<>();
		for (ServerRef ref : c.servers()) {
			MailServer server = ref.find(registry).orElseThrow(() -> new CampaignFileException(
					CampaignFileException.Kind.SERVER,
					NLS.bind(Messages.File_noServer, ref.name().isEmpty() ? ref.id() : ref.name(), registry.servers()
							.stream().map(MailServer::name).collect(Collectors.joining(", "))))); //$NON-NLS-1$
			ids.add(server.id());
		}
		return new Campaign(c.name().isBlank() ? file.getFileName().toString() : c.name(), from, c.template(),
				c.listPath(file).orElseThrow(), ids, c.listUnsubscribe(), c.throttle(), c.policy());
	}

	/**
	 * Writes the contents atomically, and the body files it names (each atomically, before the campaign file).
	 * A recipient list inside the campaign file's folder is written relative to it. The campaign keeps the id the
	 * file has (saving an open campaign); see {@link #create} for a new campaign.
	 */
	public static void write(Path file, Contents c) throws IOException {
		write(file, c, readId(file));
	}

	/**
	 * Writes a new campaign, with an id of its own: an old ledger next to {@code file} (a campaign saved over another
	 * one's file) is then refused instead of read as this campaign's records.
	 */
	public static void create(Path file, Contents c) throws IOException {
		write(file, c, UUID.randomUUID().toString());
	}

	/**
	 * @return the campaign's id in the file; {@code null} when it has none (a file from before ids, or written by
	 *         hand) or cannot be read
	 */
	public static String readId(Path file) {
		try {
			if (!Files.isRegularFile(file)) {
				return null;
			}
			JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
			if (e.isJsonObject() && e.getAsJsonObject().has(ID) && e.getAsJsonObject().get(ID).isJsonPrimitive()) {
				String id = e.getAsJsonObject().get(ID).getAsString().strip();
				return id.isEmpty() ? null : id;
			}
			return null;
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/**
	 * Gives a campaign file its id the first time it runs: {@code id} when the file has none (a ledger's, adopted, or
	 * a new one when {@code id} is {@code null}), written atomically with the rest of the file unchanged.
	 *
	 * @return the campaign's id
	 */
	public static String ensureId(Path file, String id) throws IOException {
		String existing = readId(file);
		if (existing != null) {
			return existing;
		}
		String newId = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
		JsonObject o;
		try {
			o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
		} catch (RuntimeException e) {
			throw new IOException(NLS.bind(Messages.File_unreadable, file, e.getMessage()), e);
		}
		JsonObject withId = new JsonObject();
		withId.addProperty(ID, newId);
		o.entrySet().forEach(entry -> {
			if (!entry.getKey().equals(ID)) {
				withId.add(entry.getKey(), entry.getValue());
			}
		});
		writeAtomically(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(withId) + "\n"); //$NON-NLS-1$
		return newId;
	}

	private static void write(Path file, Contents c, String id) throws IOException {
		Path dir = dir(file);
		JsonObject o = new JsonObject();
		if (id != null) {
			o.addProperty(ID, id);
		}
		o.addProperty("name", c.name()); //$NON-NLS-1$
		o.addProperty("from", c.from()); //$NON-NLS-1$
		o.addProperty("subject", c.subject()); //$NON-NLS-1$
		if (c.textFile().isEmpty()) {
			o.addProperty("text", c.text()); //$NON-NLS-1$
		} else {
			writeBody(dir.resolve(c.textFile()), c.text());
			o.addProperty("textFile", c.textFile()); //$NON-NLS-1$
		}
		if (c.htmlFile().isEmpty()) {
			o.addProperty("html", c.html()); //$NON-NLS-1$
		} else {
			writeBody(dir.resolve(c.htmlFile()), c.html());
			o.addProperty("htmlFile", c.htmlFile()); //$NON-NLS-1$
		}
		o.addProperty("list", relative(dir, c.list())); //$NON-NLS-1$
		JsonArray servers = new JsonArray();
		for (ServerRef ref : c.servers()) {
			JsonObject s = new JsonObject();
			s.addProperty("id", ref.id()); //$NON-NLS-1$
			s.addProperty("name", ref.name()); //$NON-NLS-1$
			servers.add(s);
		}
		o.add("servers", servers); //$NON-NLS-1$
		o.addProperty("listUnsubscribe", c.listUnsubscribe()); //$NON-NLS-1$
		o.addProperty("messagesPerHour", c.throttle().messagesPerHour()); //$NON-NLS-1$
		o.addProperty("batchSize", c.throttle().batchSize()); //$NON-NLS-1$
		SendingPolicy p = c.policy();
		if (!p.domainLimits().isEmpty()) {
			JsonObject limits = new JsonObject();
			p.domainLimits().forEach(limits::addProperty);
			o.add("domainLimits", limits); //$NON-NLS-1$
		}
		if (p.sendWindow() != null) {
			JsonObject window = new JsonObject();
			window.addProperty("days", p.sendWindow().daysText()); //$NON-NLS-1$
			window.addProperty("from", SendWindow.timeText(p.sendWindow().from())); //$NON-NLS-1$
			window.addProperty("to", SendWindow.timeText(p.sendWindow().to())); //$NON-NLS-1$
			window.addProperty("zone", p.sendWindow().zone()); //$NON-NLS-1$
			o.add("sendWindow", window); //$NON-NLS-1$
		}
		if (p.startAt() != null) {
			o.addProperty("startAt", p.startAt().toString()); //$NON-NLS-1$
		}
		writeAtomically(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n"); //$NON-NLS-1$
	}

	private static String relative(Path dir, String list) {
		if (list.isBlank()) {
			return list;
		}
		Path path = dir.resolve(list).normalize();
		return path.startsWith(dir.normalize()) ? dir.normalize().relativize(path).toString() : list;
	}

	/** Replaces {@code target} with {@code content} in UTF-8, atomically. */
	static void writeAtomically(Path target, String content) throws IOException {
		AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
	}

	private static Path dir(Path file) {
		Path parent = file.toAbsolutePath().getParent();
		return parent == null ? Path.of("").toAbsolutePath() : parent; //$NON-NLS-1$
	}

	private static void requireReadable(Path file) throws CampaignFileException {
		Optional<String> problem = InputFiles.problem(file);
		if (problem.isPresent()) {
			throw format(problem.get());
		}
	}

	/** A body is written over a regular file only: never renamed over a device, a pipe or a folder. */
	private static void writeBody(Path target, String content) throws IOException {
		if (Files.exists(target) && !Files.isRegularFile(target)) {
			InputFiles.requireReadable(target); // says what it is instead
		}
		writeAtomically(target, content);
	}

	private static CampaignFileException format(String message) {
		return new CampaignFileException(CampaignFileException.Kind.FORMAT, message);
	}

	private static String string(JsonObject o, String member) throws CampaignFileException {
		if (!o.has(member) || !o.get(member).isJsonPrimitive()) {
			throw format(NLS.bind(Messages.File_missing, member));
		}
		return o.get(member).getAsString();
	}

	private static String optional(JsonObject o, String member) {
		return o.has(member) && o.get(member).isJsonPrimitive() ? o.get(member).getAsString() : ""; //$NON-NLS-1$
	}

	private static int number(JsonObject o, Path file, String member) throws CampaignFileException {
		if (!o.has(member) || o.get(member).isJsonNull()) {
			return 0;
		}
		try {
			long value = o.get(member).getAsLong();
			if (value < 0 || value > Throttle.MAX) {
				throw format(NLS.bind(Messages.File_badNumber, file, member));
			}
			return (int) value;
		} catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
			throw format(NLS.bind(Messages.File_badNumber, file, member));
		}
	}

	private static String readBody(Path dir, String name) throws CampaignFileException {
		requireReadable(dir.resolve(name));
		try {
			return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new CampaignFileException(CampaignFileException.Kind.FORMAT,
					NLS.bind(Messages.File_bodyUnreadable, dir.resolve(name), e.getMessage()), e);
		}
	}
}
