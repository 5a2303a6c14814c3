package com.bitfaster.mail.core;

import java.util.Objects;

/**
 * A problem with one setting, worded so a person can fix it.
 *
 * @param field      the setting
 * @param settingKey for {@link ServerField#TRANSPORT_SETTING}, the key of the transport-specific setting; otherwise
 *                   {@code null}
 * @param message    what is wrong and what is allowed, for example "Port must be between 1 and 65535."
 */
public record FieldProblem(ServerField field, String settingKey, String message) {

	public FieldProblem {
		Objects.requireNonNull(field, "field"); //$NON-NLS-1$
		Objects.requireNonNull(message, "message"); //$NON-NLS-1$
	}

	public FieldProblem(ServerField field, String message) {
		this(field, null, message);
	}

	@Override
	public String toString() {
		return message;
	}
}
