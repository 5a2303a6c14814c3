package com.bitfaster.mail.preflight;

import java.util.Objects;

/**
 * One result of the pre-flight check.
 *
 * @param severity how much it matters
 * @param id       a stable name of the check and its outcome, for scripts and tests (for example
 *                 {@code spf.too-many-lookups}); the README lists them
 * @param sentence what was found, in one plain sentence
 * @param fix      how to fix it; empty for a finding that needs nothing done
 * @param where    where it was found: a DNS name, a header, a list's column and line, a part of the message
 */
public record Finding(Severity severity, String id, String sentence, String fix, String where) {
	public Finding {
		Objects.requireNonNull(severity, "severity"); //$NON-NLS-1$
		Objects.requireNonNull(id, "id"); //$NON-NLS-1$
		sentence = Objects.requireNonNullElse(sentence, ""); //$NON-NLS-1$
		fix = Objects.requireNonNullElse(fix, ""); //$NON-NLS-1$
		where = Objects.requireNonNullElse(where, ""); //$NON-NLS-1$
	}
}
