package com.bitfaster.mail.suppression;

import org.eclipse.core.runtime.CoreException;

/** The organisation's {@link Deliverability} settings, shared by every program on the data folder. */
public interface DeliverabilitySettings {

	/** @return the settings; {@link Deliverability#DEFAULTS} when none were saved */
	Deliverability get() throws CoreException;

	/**
	 * Saves {@code settings} (atomically, under a cross-process lock).
	 *
	 * @throws CoreException when a domain is not a domain name, a number is below 1, or the file cannot be written
	 */
	void set(Deliverability settings) throws CoreException;
}
