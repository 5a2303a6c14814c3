package com.bitfaster.mail.ui;

import java.util.Optional;
import java.util.function.Consumer;

import com.bitfaster.mail.core.MailServer;

/**
 * The authentication settings of the server being edited, as seen by an {@link AuthenticationConfigurator}. Settings
 * are saved with the server (and exported); secrets never are: a configurator keeps a typed secret in its control,
 * calls {@link #secretChanged()} so the editor becomes dirty, and stores it in secure storage from a save listener.
 *
 * @since 1.0
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface AuthenticationSettings {

	/** @return the value of a setting, or an empty string when it is not set */
	String get(String key);

	/** Sets, or with {@code null} or an empty string removes, a setting; the editor revalidates the server. */
	void set(String key, String value);

	/** @return the validation message for a setting, when the current value has a problem */
	Optional<String> problem(String key);

	/** Registers a callback run on the UI thread after every change and revalidation, until the controls are disposed. */
	void addChangeListener(Runnable listener);

	/** @return the server as last saved; empty while it is new (was never saved) */
	Optional<MailServer> savedServer();

	/** @return whether the editor has changes that are not saved yet */
	boolean isDirty();

	/** Marks the editor dirty because a secret the configurator keeps was typed or cleared. */
	void secretChanged();

	/**
	 * Registers a callback run on the UI thread right after the server was saved, with the saved server, until the
	 * controls are disposed: the place to store secrets.
	 */
	void addSaveListener(Consumer<MailServer> listener);
}
