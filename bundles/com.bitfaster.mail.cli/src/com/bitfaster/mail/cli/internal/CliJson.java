package com.bitfaster.mail.cli.internal;

import java.util.Locale;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.DiagnosticStep;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.RecipientOutcome;
import com.bitfaster.mail.core.SendResult;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The shapes {@code --json} prints: owned by the command line and built from core's API, never from how data is
 * stored. Each object has {@code "format": 1}; later versions only add fields, and raise the number when a field
 * changes its meaning.
 */
final class CliJson {

	static final int FORMAT = 1;

	private CliJson() {
	}

	static String toJson(JsonElement json) {
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
	}

	static JsonArray strings(java.util.Collection<String> values) {
		JsonArray array = new JsonArray();
		values.forEach(array::add);
		return array;
	}

	static JsonObject versioned() {
		JsonObject o = new JsonObject();
		o.addProperty("format", FORMAT); //$NON-NLS-1$
		return o;
	}

	/** {@code servers test --json}. */
	static JsonObject diagnostic(MailServer server, DiagnosticReport report) {
		JsonObject o = versioned();
		o.addProperty("server", server.name()); //$NON-NLS-1$
		o.addProperty("ok", report.ok()); //$NON-NLS-1$
		JsonArray steps = new JsonArray();
		for (DiagnosticStep step : report.steps()) {
			JsonObject s = new JsonObject();
			s.addProperty("name", step.name()); //$NON-NLS-1$
			s.addProperty("verdict", lower(step.verdict())); //$NON-NLS-1$
			s.addProperty("detail", step.detail()); //$NON-NLS-1$
			steps.add(s);
		}
		o.add("steps", steps); //$NON-NLS-1$
		JsonArray advice = new JsonArray();
		report.advice().forEach(advice::add);
		o.add("advice", advice); //$NON-NLS-1$
		o.addProperty("certificateFingerprint", report.certificateFingerprint()); //$NON-NLS-1$
		JsonArray secure = new JsonArray();
		for (DiagnosticReport.SecureOption option : report.secureOptions()) {
			JsonObject so = new JsonObject();
			so.addProperty("encryption", option.encryption()); //$NON-NLS-1$
			so.addProperty("port", option.port()); //$NON-NLS-1$
			secure.add(so);
		}
		o.add("secureOptions", secure); //$NON-NLS-1$
		return o;
	}

	/** {@code send --json}. */
	static JsonObject sent(MailServer server, SendResult result) {
		JsonObject o = versioned();
		o.addProperty("server", server.name()); //$NON-NLS-1$
		o.addProperty("allAccepted", result.allAccepted()); //$NON-NLS-1$
		o.addProperty("message", result.message()); //$NON-NLS-1$
		JsonArray recipients = new JsonArray();
		for (RecipientOutcome r : result.outcomes()) {
			JsonObject e = new JsonObject();
			e.addProperty("address", r.address()); //$NON-NLS-1$
			e.addProperty("status", lower(r.status())); //$NON-NLS-1$
			e.addProperty("code", r.code()); //$NON-NLS-1$
			e.addProperty("reply", r.reply()); //$NON-NLS-1$
			recipients.add(e);
		}
		o.add("recipients", recipients); //$NON-NLS-1$
		return o;
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}
}
