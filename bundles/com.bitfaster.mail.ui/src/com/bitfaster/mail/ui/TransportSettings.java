package com.bitfaster.mail.ui;

import java.util.Optional;

/**
 * The transport-specific settings of the server being edited, as seen by a {@link TransportConfigurator}.
 *
 * @since 1.0
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface TransportSettings {

	/** @return the value of a setting, or an empty string when it is not set */
	String get(String key);

	/** Sets, or with {@code null} or an empty string removes, a setting; the editor revalidates the server. */
	void set(String key, String value);

	/** @return the validation message for a setting, when the current value has a problem */
	Optional<String> problem(String key);

	/** Registers a callback run on the UI thread after every change and revalidation, until the controls are disposed. */
	void addChangeListener(Runnable listener);
}
