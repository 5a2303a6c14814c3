package com.bitfaster.mail.core.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerLimits;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The JSON form of servers, shared by the store and by export/import. Never contains secrets. Unknown members are
 * ignored so that older versions can read files with additions of the same schema version.
 */
public final class ServerJson {

	/** The version of the format written; files with a higher one are refused. */
	public static final int SCHEMA_VERSION = 1;
	public static final String KIND_STORE = "bitfaster.servers"; //$NON-NLS-1$
	public static final String KIND_EXPORT = "bitfaster.servers.export"; //$NON-NLS-1$

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private ServerJson() {
	}

	/** A parsed document: its schema version and servers. */
	public record Document(String kind, int schemaVersion, List<MailServer> servers) {
	}

	public static String write(String kind, List<MailServer> servers) {
		JsonObject root = new JsonObject();
		root.addProperty("kind", kind); //$NON-NLS-1$
		root.addProperty("schemaVersion", SCHEMA_VERSION); //$NON-NLS-1$
		JsonArray array = new JsonArray(servers.size());
		for (MailServer s : servers) {
			array.add(toJson(s));
		}
		root.add("servers", array); //$NON-NLS-1$
		return GSON.toJson(root) + "\n"; //$NON-NLS-1$
	}

	/**
	 * Reads the envelope first, so that a newer schema is detected before its servers are interpreted.
	 *
	 * @throws JsonParseException    when the text is not a server document
	 * @throws NewerSchemaException when the document's schema is newer than {@link #SCHEMA_VERSION}
	 */
	public static Document read(String json) {
		JsonElement parsed = JsonParser.parseString(json);
		if (!parsed.isJsonObject()) {
			throw new JsonParseException("the top level is not a JSON object"); //$NON-NLS-1$
		}
		JsonObject root = parsed.getAsJsonObject();
		int version = requiredInt(root, "schemaVersion"); //$NON-NLS-1$
		if (version > SCHEMA_VERSION) {
			throw new NewerSchemaException(version);
		}
		String kind = root.has("kind") ? root.get("kind").getAsString() : KIND_STORE; //$NON-NLS-1$ //$NON-NLS-2$
		JsonElement serversElement = root.get("servers"); //$NON-NLS-1$
		if (serversElement == null || !serversElement.isJsonArray()) {
			throw new JsonParseException("'servers' is missing or not a list"); //$NON-NLS-1$
		}
		List<MailServer> servers = new ArrayList<>();
		for (JsonElement e : serversElement.getAsJsonArray()) {
			if (!e.isJsonObject()) {
				throw new JsonParseException("a server entry is not a JSON object"); //$NON-NLS-1$
			}
			servers.add(fromJson(e.getAsJsonObject(), KIND_STORE.equals(kind)));
		}
		return new Document(kind, version, servers);
	}

	/** @return the JSON form of one server, as stored and exported (no secrets) */
	public static JsonObject toJson(MailServer s) {
		JsonObject o = new JsonObject();
		o.addProperty("id", s.id()); //$NON-NLS-1$
		o.addProperty("name", s.name()); //$NON-NLS-1$
		o.addProperty("transportType", s.transportType()); //$NON-NLS-1$
		o.addProperty("host", s.host()); //$NON-NLS-1$
		o.addProperty("port", s.port()); //$NON-NLS-1$
		o.addProperty("username", s.username()); //$NON-NLS-1$
		o.addProperty("timeoutSeconds", s.timeoutSeconds()); //$NON-NLS-1$
		o.addProperty("encryption", s.encryption()); //$NON-NLS-1$
		o.addProperty("active", s.active()); //$NON-NLS-1$
		if (s.inactiveUntil() != null) {
			o.addProperty("inactiveUntil", s.inactiveUntil().toString()); //$NON-NLS-1$
		}
		JsonObject limits = new JsonObject();
		limits.addProperty("maxConnections", s.limits().maxConnections()); //$NON-NLS-1$
		limits.addProperty("messagesPerConnection", s.limits().messagesPerConnection()); //$NON-NLS-1$
		limits.addProperty("messagesPerHour", s.limits().messagesPerHour()); //$NON-NLS-1$
		if (s.limits().messagesPerDay() != 0) {
			limits.addProperty("messagesPerDay", s.limits().messagesPerDay()); //$NON-NLS-1$
		}
		if (!s.limits().warmUp().isEmpty()) {
			com.google.gson.JsonArray plan = new com.google.gson.JsonArray();
			s.limits().warmUp().forEach(plan::add);
			limits.add("warmUp", plan); //$NON-NLS-1$
		}
		o.add("limits", limits); //$NON-NLS-1$
		o.addProperty("heloName", s.heloName()); //$NON-NLS-1$
		o.addProperty("pinnedCertificate", s.pinnedCertificate()); //$NON-NLS-1$
		JsonObject settings = new JsonObject();
		s.transportSettings().forEach(settings::addProperty);
		o.add("transportSettings", settings); //$NON-NLS-1$
		o.addProperty("allowPlaintextAuth", s.allowPlaintextAuth()); //$NON-NLS-1$
		o.addProperty("authMethod", s.authMethod()); //$NON-NLS-1$
		JsonObject auth = new JsonObject();
		s.authSettings().forEach(auth::addProperty);
		o.add("authSettings", auth); //$NON-NLS-1$
		return o;
	}

	/**
	 * @param stored whether the server comes from the product's own store: a stored server written before
	 *               {@code allowPlaintextAuth} existed that sends a password without TLS (encryption none, a user
	 *               name) is marked as allowed, so that it keeps working after the upgrade (and is shown with a
	 *               warning); an imported one is not, so the import refuses it until the user allows it
	 */
	static MailServer fromJson(JsonObject o, boolean stored) {
		MailServer.Builder b = MailServer.builder().id(requiredString(o, "id")) //$NON-NLS-1$
				.name(string(o, "name", "")) //$NON-NLS-1$ //$NON-NLS-2$
				.transportType(string(o, "transportType", MailServer.DEFAULT_TRANSPORT_TYPE)) //$NON-NLS-1$
				.host(string(o, "host", "")) //$NON-NLS-1$ //$NON-NLS-2$
				.port(integer(o, "port", MailServer.DEFAULT_PORT)) //$NON-NLS-1$
				.username(string(o, "username", "")) //$NON-NLS-1$ //$NON-NLS-2$
				.timeoutSeconds(integer(o, "timeoutSeconds", MailServer.DEFAULT_TIMEOUT_SECONDS)) //$NON-NLS-1$
				.encryption(string(o, "encryption", MailServer.DEFAULT_ENCRYPTION)) //$NON-NLS-1$
				.heloName(string(o, "heloName", "")) //$NON-NLS-1$ //$NON-NLS-2$
				.pinnedCertificate(string(o, "pinnedCertificate", "")); //$NON-NLS-1$ //$NON-NLS-2$
		if (o.has("allowPlaintextAuth") && !o.get("allowPlaintextAuth").isJsonNull()) { //$NON-NLS-1$ //$NON-NLS-2$
			JsonElement allow = o.get("allowPlaintextAuth"); //$NON-NLS-1$
			if (!allow.isJsonPrimitive() || !allow.getAsJsonPrimitive().isBoolean()) {
				throw new JsonParseException("'allowPlaintextAuth' is not true or false"); //$NON-NLS-1$
			}
			b.allowPlaintextAuth(allow.getAsBoolean());
		} else if (stored) {
			b.allowPlaintextAuth(b.build().authenticatesWithoutTls());
		}
		boolean active = !o.has("active") || o.get("active").getAsBoolean(); //$NON-NLS-1$ //$NON-NLS-2$
		b.active(active);
		if (!active && o.has("inactiveUntil")) { //$NON-NLS-1$
			try {
				b.inactiveUntil(Instant.parse(o.get("inactiveUntil").getAsString())); //$NON-NLS-1$
			} catch (DateTimeParseException e) {
				throw new JsonParseException("inactiveUntil is not an ISO-8601 instant", e); //$NON-NLS-1$
			}
		}
		if (o.has("limits") && o.get("limits").isJsonObject()) { //$NON-NLS-1$ //$NON-NLS-2$
			JsonObject l = o.getAsJsonObject("limits"); //$NON-NLS-1$
			ServerLimits d = ServerLimits.DEFAULT;
			b.limits(new ServerLimits(integer(l, "maxConnections", d.maxConnections()), //$NON-NLS-1$
					integer(l, "messagesPerConnection", d.messagesPerConnection()), //$NON-NLS-1$
					integer(l, "messagesPerHour", d.messagesPerHour()), //$NON-NLS-1$
					integer(l, "messagesPerDay", d.messagesPerDay()), warmUp(l))); //$NON-NLS-1$
		}
		if (o.has("transportSettings") && o.get("transportSettings").isJsonObject()) { //$NON-NLS-1$ //$NON-NLS-2$
			Map<String, String> settings = new LinkedHashMap<>();
			o.getAsJsonObject("transportSettings").entrySet() //$NON-NLS-1$
					.forEach(e -> settings.put(e.getKey(), e.getValue().getAsString()));
			b.transportSettings(settings);
		}
		b.authMethod(string(o, "authMethod", MailServer.AUTH_PASSWORD)); //$NON-NLS-1$
		if (o.has("authSettings") && o.get("authSettings").isJsonObject()) { //$NON-NLS-1$ //$NON-NLS-2$
			Map<String, String> settings = new LinkedHashMap<>();
			o.getAsJsonObject("authSettings").entrySet() //$NON-NLS-1$
					.forEach(e -> settings.put(e.getKey(), e.getValue().getAsString()));
			b.authSettings(settings);
		}
		return b.build();
	}

	private static java.util.List<Integer> warmUp(JsonObject limits) {
		JsonElement e = limits.get("warmUp"); //$NON-NLS-1$
		if (e == null || e.isJsonNull()) {
			return java.util.List.of();
		}
		if (!e.isJsonArray()) {
			throw new JsonParseException("'warmUp' is not a list of whole numbers"); //$NON-NLS-1$
		}
		java.util.List<Integer> plan = new java.util.ArrayList<>();
		for (JsonElement day : e.getAsJsonArray()) {
			try {
				plan.add(day.getAsInt());
			} catch (NumberFormatException | UnsupportedOperationException | IllegalStateException ex) {
				throw new JsonParseException("'warmUp' is not a list of whole numbers", ex); //$NON-NLS-1$
			}
		}
		return plan;
	}

	private static String requiredString(JsonObject o, String member) {
		JsonElement e = o.get(member);
		if (e == null || !e.isJsonPrimitive()) {
			throw new JsonParseException("'" + member + "' is missing"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return e.getAsString();
	}

	private static int requiredInt(JsonObject o, String member) {
		JsonElement e = o.get(member);
		if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
			throw new JsonParseException("'" + member + "' is missing or not a number"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return e.getAsInt();
	}

	private static String string(JsonObject o, String member, String fallback) {
		JsonElement e = o.get(member);
		return e == null || e.isJsonNull() ? fallback : e.getAsString();
	}

	private static int integer(JsonObject o, String member, int fallback) {
		JsonElement e = o.get(member);
		if (e == null || e.isJsonNull()) {
			return fallback;
		}
		try {
			return e.getAsInt();
		} catch (NumberFormatException | UnsupportedOperationException ex) {
			throw new JsonParseException("'" + member + "' is not a whole number", ex); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	/** The document was written by a newer version of the product. */
	public static final class NewerSchemaException extends JsonParseException {
		private static final long serialVersionUID = 1L;
		private final int version;

		NewerSchemaException(int version) {
			super("schema version " + version); //$NON-NLS-1$
			this.version = version;
		}

		public int version() {
			return version;
		}
	}
}
